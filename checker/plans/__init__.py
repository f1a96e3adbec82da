"""Stage 1: target files → `Plan` (loading.py), and the waivers that set targets aside (waivers.py)."""

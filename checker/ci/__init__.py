"""`checker ci` and `checker init`: a repository's submissions checked as its configuration says.

config.py finds and reads `checker.toml` (or `[tool.plan-checker]` in pyproject.toml) and writes a
starter one; run.py checks the workbooks it names, one consolidated batch per plan.
"""

"""Stage 3: (plan, observations, year) → results, without I/O. match.py pairs rows with indicators,
evaluate.py judges each indicator, trajectory.py gives milestones for mid-term years, derived.py computes
rates from counts, results.py turns the report into the results document every renderer reads."""

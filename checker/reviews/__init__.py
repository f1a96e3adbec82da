"""`checker review`: mid-term and final reviews of a plan as printed documents.

assess.py (pure) turns the check's results into verdicts, progress, projections and what the
remaining years must deliver; document.py makes the review document (plain data, the JSON shape)
that each renderer reads.
"""

"""Sub-units: per-unit results and roll-ups, the way figures flow 街道 → 区 → 市 (逐级统计汇总, issue 14).

A workbook may give figures per sub-unit (a column or row per county, with or without a total); the
reader marks each such figure with its unit (Observation.unit, None for the area's own figure).
Everything here is pure judging on those observations, built on the single-area evaluator:

- rollup.py: the area's figures from its units' figures, by the roll-up rules (counts summed, rates
  recomputed from summed numerators and denominators, never averaged; what cannot be rolled up says why);
- judge.py: every unit judged against the plan, the area judged from its stated total or the roll-up,
  a stated total checked against the units' sum;
- document.py: the results document's `units`, `consistency` and `area` fields;
- names.py: unit names (duplicates, totals named like units, finding a unit in a title or file name);
- files.py: `checker rollup`, one workbook per unit rolled up into the area's workbook.
"""

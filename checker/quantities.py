"""What an indicator can be measured in, as target files name it: one place for every module that asks."""

from __future__ import annotations

UNITS = frozenset({"percent", "persons", "person_times", "households", "count", "yes_no", "yuan"})
# Numbers of things or money: 个/所/支/人 are loosely interchanged in workbooks, and rates are computed from them.
COUNT_UNITS = frozenset({"persons", "person_times", "households", "count", "yuan"})
# Counts that can only be whole numbers (people, households, things); money need not be.
WHOLE_COUNT_UNITS = COUNT_UNITS - {"yuan"}

"""plan-checker: check annual disability-statistics workbooks against "十四五" plan targets."""

__version__ = "0.1.0"

"""Yunwei (运维): run outsourced O&M contracts as data, measured against the work done."""

__version__ = "0.1.0"

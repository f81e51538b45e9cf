"""Scoring: assessment schemes, deductions from evidence, fines, penalties and settlement.

Plain Python (no Django import): the contract's money and score rules as data, computed from
records, every number with its evidence. See docs/domains/assessment.md.
"""

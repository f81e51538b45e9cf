"""Dates and times as every page writes them (core/formatting.py): 2026-11-30 14:05, in both
languages, so that a list and a detail page agree."""

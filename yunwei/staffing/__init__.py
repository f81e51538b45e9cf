"""Staffing: posts and shifts as contract terms, staff, rosters, leave and attendance."""

"""Accidents and operations records (backups, changes, vulnerabilities, drills, duties)."""

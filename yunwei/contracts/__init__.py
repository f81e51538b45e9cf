"""Contracts: the root object every record hangs from, and who holds which role on it."""

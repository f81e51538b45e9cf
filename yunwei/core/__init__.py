"""Core: roles, the one scoping function, the audit chain and the UI shell shared by all apps."""

"""Organizations: the parties to contracts (agency 甲方, vendor 乙方, supervisor 监理)."""

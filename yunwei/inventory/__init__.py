"""Inventory: configuration items (scope), inspections (巡检) and availability of a contract."""

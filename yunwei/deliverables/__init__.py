"""Deliverables: documents the vendor owes (register, instances, review), acceptance, reports."""

"""Calendars: statutory holiday arrangements, contract working calendars and SLA policies."""

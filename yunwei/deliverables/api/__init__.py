"""REST API of the deliverables app."""

"""Template tags of the work-order app."""

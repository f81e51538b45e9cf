"""REST API building blocks shared by every app: scoped viewsets, permissions, errors."""

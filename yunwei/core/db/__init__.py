"""Database backends of the platform."""

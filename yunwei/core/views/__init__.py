"""Views of the core app and the generic, scoped object views every domain app builds on."""

"""SQLAlchemy models, repositories and sessions."""

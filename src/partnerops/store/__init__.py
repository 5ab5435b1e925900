"""Persistence: SQLAlchemy tables, Alembic migrations and the queries the other layers share."""

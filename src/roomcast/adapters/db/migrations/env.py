"""Alembic environment: runs on the connection that roomcast hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from roomcast.adapters.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    # `alembic` run by hand: take the URL from the settings.
    from roomcast.config import Settings

    connection = create_engine(Settings().database_url).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

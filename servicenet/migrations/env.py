"""Alembic environment: servicenet's tables (every module that registers one on servicenet.db.metadata is
imported through servicenet.app), the URL from the caller's connection, -x db=URL or $SERVICENET_DB."""
from __future__ import annotations

import os

from alembic import context
from sqlalchemy.engine import Connection

import servicenet.app  # noqa: F401  (registers every table: payments, back office, web channel, heartbeats)
from servicenet import db

config = context.config
target_metadata = db.metadata


def _url() -> str:
    return context.get_x_argument(as_dictionary=True).get("db") or os.environ.get("SERVICENET_DB",
                                                                                "sqlite:///servicenet.db")


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # servicenet.migrations.upgrade() hands its own connection in
        _run(connection)
        return
    engine = db.make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

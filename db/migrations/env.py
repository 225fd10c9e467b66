"""Alembic environment: the engine comes from db.engine, batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from db.engine import is_sqlite, make_engine
from db.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _render_item(type_: str, obj, autogen_context):  # noqa: ANN001, ANN202
    """Write our UTC column type as a plain DateTime, so migrations never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(connection.engine),
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()

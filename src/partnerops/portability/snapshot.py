"""One consistent view of a live database for a whole export, while others keep writing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

__all__ = ["existing_database", "schema_revision", "snapshot"]


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only connection whose every query sees the same committed state: a REPEATABLE READ READ ONLY
    transaction on PostgreSQL; on SQLite an explicit transaction, held from the first read to the last."""
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
        with engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn
        return
    with engine.connect() as conn:
        # pysqlite opens a transaction only before a write, so without this each SELECT would see its own moment.
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def schema_revision(conn: Connection) -> str:
    """The Alembic revision the database is at; refuses a database PartnerOps never migrated."""
    from partnerops.portability.errors import PortabilityError

    if not inspect(conn).has_table("alembic_version"):
        raise PortabilityError(f"{conn.engine.url.render_as_string()} holds no PartnerOps database (no schema "
                               "revision): check PARTNEROPS_DATABASE_URL")  # fmt: skip
    return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


def existing_database(url: str) -> Engine:
    """An engine on the database at `url`, which must exist already: reading a SQLite path that names no file
    would otherwise create an empty database and export or back up nothing without a word."""
    from sqlalchemy.engine import make_url

    from partnerops.portability.errors import PortabilityError
    from partnerops.store.database import make_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).is_file():
        raise PortabilityError(f"no database at {url}: set PARTNEROPS_DATABASE_URL to the database to copy")
    return make_engine(url)

"""Shared fixtures: a migrated database on SQLite and on a real PostgreSQL server for every store test."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine, text

from partnerops.store.database import make_engine, migrate

POSTGRES_URL_VARIABLE = "PARTNEROPS_TEST_POSTGRES_URL"

# Property tests judge behaviour, never speed: no per-example deadline, and no health check that fails a
# run because a loaded CI machine generated data slowly.
settings.register_profile("partnerops", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("partnerops")

# Rich sizes its consoles from COLUMNS when they are created; a wide, fixed width keeps command output
# on one line per row whatever the temporary paths in it look like.
os.environ["COLUMNS"] = "250"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[tuple[Engine, str]]:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_URL_VARIABLE} is not set: run the suite with `make test`")
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (make test starts PostgreSQL and sets it)")
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    template = f"po_tpl_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{template}"'))
    template_engine = make_engine(_with_database(url, template))
    migrate(template_engine)
    template_engine.dispose()
    yield admin, template
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
    admin.dispose()


def _with_database(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A freshly migrated, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "partnerops.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    admin, template = request.getfixturevalue("postgres_admin")
    name = f"po_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    engine = make_engine(_with_database(str(admin.url.render_as_string(hide_password=False)), name))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[Engine]:
    """A migrated SQLite database only, for tests about SQLite-specific behaviour or the CLI default."""
    path = tmp_path / "partnerops.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def cli_engine(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A migrated SQLite database that the `partnerops` command uses (PARTNEROPS_DATABASE_URL points at it)."""
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", str(sqlite_engine.url))
    monkeypatch.setenv("PARTNEROPS_REPORTING_CURRENCY", "USD")
    return sqlite_engine

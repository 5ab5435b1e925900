"""A fake Salesforce org and HubSpot portal served over real HTTP on loopback, and connections to them."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, text

from partnerops.store.database import make_engine
from partnerops.sync.connections import CrmConnection, add_connection
from sync.crm_kit import KEY, Org, seed_hubspot, seed_salesforce
from sync.fake_hubspot import FakeHubSpot
from sync.fake_salesforce import FakeSalesforce
from sync.fake_server import FakeServer


def _connect(engine: Engine, crm: str, url: str, secrets: dict[str, str], auth: str) -> str:
    token_url = f"{url}/services/oauth2/token" if crm == "salesforce" else f"{url}/oauth/v1/token"
    add_connection(engine, CrmConnection(crm, crm, auth, url, token_url, None, secrets), KEY)
    return crm


@pytest.fixture
def salesforce(engine: Engine) -> Iterator[Org]:
    fake = FakeSalesforce()
    seed_salesforce(fake)
    server = FakeServer(fake)
    secrets = {"client_id": "client", "client_secret": "shh", "refresh_token": fake.refresh_token,
               "access_token": "token-0"}
    yield Org(fake, server, engine, _connect(engine, "salesforce", server.url, secrets, "refresh_token"))
    server.stop()


@pytest.fixture
def hubspot(engine: Engine) -> Iterator[Org]:
    fake = FakeHubSpot()
    seed_hubspot(fake)
    server = FakeServer(fake)
    secrets = {"client_id": "client", "client_secret": "shh", "refresh_token": fake.refresh_token,
               "access_token": "token-0"}
    yield Org(fake, server, engine, _connect(engine, "hubspot", server.url, secrets, "refresh_token"))
    server.stop()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fresh_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[Callable[[], Engine]]:
    """Makes a freshly migrated database per call (a SQLite file, or a PostgreSQL database from the template);
    the module's fixture, since each generated example needs two."""
    made: list[tuple[Engine, str | None]] = []
    folder = tmp_path_factory.mktemp("property")

    def make() -> Engine:
        if request.param == "sqlite":
            path = folder / f"{uuid.uuid4().hex}.db"
            shutil.copy(request.getfixturevalue("sqlite_template"), path)
            made.append((make_engine(f"sqlite:///{path}"), None))
            return made[-1][0]
        admin, template = request.getfixturevalue("postgres_admin")
        name = f"po_prop_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        url = admin.url.render_as_string(hide_password=False).rsplit("/", 1)[0] + "/" + name
        made.append((make_engine(url), name))
        return made[-1][0]

    yield make
    for engine, name in made:
        engine.dispose()
        if name is not None:
            admin, _ = request.getfixturevalue("postgres_admin")
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

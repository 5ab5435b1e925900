"""A fake Salesforce org and HubSpot portal served over real HTTP on loopback, and connections to them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

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


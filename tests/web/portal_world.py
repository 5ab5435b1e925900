"""A small world for the portal's own pages on either database: partners Alpha (PA) and Bravo (PB), a manager
and one user per partner; the referral site is an address the tests recognise."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, select

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.store.tables import partners
from partnerops.web.app import create_web_app
from web.conftest import sign_in
from web.web_world import ALPHA_USER, BRAVO_USER, MANAGER, PASSWORD

REFERRAL_SITE = "https://www.partnerops.test/start?lang=en"


def seed_partners(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"source_system": "csv", "external_id": "PA", "name": "Alpha Cloud", "type": "technology"},
            {"source_system": "csv", "external_id": "PB", "name": "Bravo Systems", "type": "si"},
        ])  # fmt: skip
        add_user(c, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        add_user(c, ALPHA_USER, Role.PARTNER_USER, partner_external_id="PA", password=PASSWORD)
        add_user(c, BRAVO_USER, Role.PARTNER_USER, partner_external_id="PB", password=PASSWORD)


def partner_id(engine: Engine, external_id: str) -> int:
    with engine.connect() as c:
        return int(c.execute(select(partners.c.id).where(partners.c.external_id == external_id)).scalar_one())


@contextmanager
def portal_client(engine: Engine, user: str | None = ALPHA_USER) -> Iterator[TestClient]:
    """The pages on `engine` (seeded by the caller), signed in as `user` (None: nobody)."""
    settings = Settings(database_url="sqlite://", secure_cookies=False, referral_url=REFERRAL_SITE)
    with TestClient(create_web_app(engine, settings, warm_dashboard=False)) as client:
        if user is not None:
            sign_in(client, user)
        yield client


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)

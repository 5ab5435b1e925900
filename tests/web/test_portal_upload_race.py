"""Claims with proof files spend an MDF budget: two filed at the same instant over real HTTP, each within the
budget but not both, give one claim (with its file) and one clear 409, never a 500, on both databases."""

from __future__ import annotations

import re
from collections import Counter

import httpx
from sqlalchemy import Engine, func, select

from concurrency.race import race
from partnerops.settings import Settings
from partnerops.store.portal_tables import stored_files
from partnerops.store.program_tables import mdf_claims
from partnerops.web.app import create_web_app
from web.conftest import serving
from web.portal_world import seed_partners
from web.upload_world import PDF, approved_request
from web.web_world import ALPHA_USER, PASSWORD


def _signed_in(base_url: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base_url, timeout=60)
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    client.post("/login", data={"email": ALPHA_USER, "password": PASSWORD, "csrf_token": token})
    page = client.get("/portal/mdf").text
    return client, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


def test_two_simultaneous_claims_with_proof_file_one_and_a_409(engine: Engine) -> None:
    seed_partners(engine)
    request_id = approved_request(engine, budget="1000")
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    with serving(app) as base_url:
        client, token = _signed_in(base_url)

        def claim(i: int) -> int:
            return client.post(f"/portal/mdf/requests/{request_id}/claims/proof",
                               data={"csrf_token": token, "amount": "600", "proof_description": f"run {i}"},
                               files={"proof_file": (f"proof-{i}.pdf", PDF, "application/pdf")}).status_code

        statuses = Counter(race(claim, 2))
        client.close()
    assert statuses == {303: 1, 409: 1}
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(mdf_claims)).scalar_one() == 1
        assert c.execute(select(func.count()).select_from(stored_files)).scalar_one() == 1

"""The dashboard and the partner portal over real CRM records, served by uvicorn: deleted records change none of
their figures, and open deals of unknown amount are counted in the pipeline, left out of its amounts, and said
to be."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest
from sqlalchemy import Engine

from analytics.deleted_program import remove_deleted, seed_program
from partnerops.analytics.impact import ImpactOptions, impact_report
from partnerops.attribution.service import run_attribution
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.web.app import create_web_app
from web.conftest import serving

MANAGER = "manager@example.com"
PARTNER_USER = "ana@partner-one.test"
PASSWORD = "correct horse battery"


def _signed_in(base: str, email: str = MANAGER) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=True, timeout=120)  # charts take seconds to draw
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    answer = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)})
    assert answer.status_code == 200, answer.text
    return client


def _pipeline(page: str) -> tuple[str, str]:
    """The open-pipeline table and the sentence about unknown amounts, as the page shows them."""
    section = page.split('id="pipeline"', 1)[1].split("</section>", 1)[0]
    table = section.split("<table>", 1)[1].split("</table>", 1)[0]
    note = re.search(r'<p id="pipeline-unknown">([^<]+)</p>', section)
    return re.sub(r"\s+", " ", table), note.group(1).strip() if note else ""


@pytest.mark.parametrize("seed", [11])
def test_dashboard_pipeline_is_the_same_without_the_deleted_records_and_counts_unknown_amounts(
    engine: Engine, seed: int
) -> None:
    seed_program(engine, seed)
    with engine.begin() as connection:
        add_user(connection, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        add_user(connection, PARTNER_USER, Role.PARTNER_USER, partner_external_id="P1", password=PASSWORD)
    run_attribution(engine)
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    with serving(app) as base:
        client, partner = _signed_in(base), _signed_in(base, PARTNER_USER)
        before, portal_before = client.get("/").text, _totals(partner.get("/portal").text)
        remove_deleted(engine)
        run_attribution(engine)  # a new run: the dashboard computes its figures again
        after, portal_after = client.get("/").text, _totals(partner.get("/portal").text)
        client.close()
        partner.close()
    assert portal_before == portal_after and "open pipeline" in portal_after
    unknown = impact_report(engine, ImpactOptions(as_of=date.today())).pipeline_unknown_amounts
    assert unknown > 0
    assert _pipeline(before) == _pipeline(after)
    table, note = _pipeline(after)
    assert note.startswith(f"{unknown} open deals without a known amount")
    assert "Amount unknown" in table
    for kpi in ("kpi-win-attached", "kpi-win-direct", "kpi-uplift", "kpi-sourced-open", "kpi-sourced-won"):
        assert _kpi(before, kpi) == _kpi(after, kpi)


def _totals(page: str) -> str:
    """The portal's table of the partner's attributed pipeline and wins."""
    return re.sub(r"\s+", " ", page.split('id="attributed-totals"', 1)[1].split("</table>", 1)[0])


def _kpi(page: str, name: str) -> str:
    found = re.search(rf'id="{name}">([^<]+)<', page)
    assert found is not None
    return found.group(1)

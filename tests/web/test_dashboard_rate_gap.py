"""A deal in a currency with no exchange rate into the reporting currency stops the dashboard's figures, not the
page: it still renders, naming the missing rate and the deals it stops (it used to answer 500 to every staff
user)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from analytics.deleted_program import seed_program
from partnerops.attribution.service import run_attribution
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.store.tables import opportunities
from partnerops.web.app import create_web_app
from web.conftest import sign_in
from web.web_world import PASSWORD

MANAGER = "manager@example.com"


def test_a_missing_rate_names_itself_and_the_deals_it_stops(engine: Engine) -> None:
    seed_program(engine, 5, deals=40)
    with engine.begin() as connection:
        add_user(connection, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        connection.execute(insert(opportunities).values(
            id=100_000, source_system="csv", external_id="CHF-DEAL-1", account_id=1, name="Zurich deal",
            amount_minor=990_000, currency="CHF", stage="Closed Won", outcome="won", created_on=date(2026, 1, 5),
            closed_on=date(2026, 2, 1)))
    run_attribution(engine)
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        page = client.get("/")
    assert page.status_code == 200
    assert "The figures need an exchange rate" in page.text
    assert "no CHF to USD rate valid on or before 2026-02-01" in page.text
    assert "1 deal in that currency: CHF-DEAL-1" in page.text

"""Page forms refuse what they cannot hold with a message naming the field, on SQLite and PostgreSQL, and never
answer 500: amounts are read as imports read them ($48,000, 48.000,00 €) and must be finite, positive, no more
precise than the currency and small enough to store; days within 1990..2100; names with something visible and no
control characters; real addresses. A double-submitted registration form links the registration already made."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, Integer, func, insert, select, text

from partnerops.settings import Settings
from partnerops.store.program_tables import mdf_requests
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import currency_rates, metadata
from partnerops.web.app import create_web_app
from web.conftest import sign_in
from web.web_world import ALPHA_USER, MANAGER, World, seed_world

FORM = {"company_name": "Northwind Traders", "domain": "", "estimated_amount": "48000", "currency": "USD",
        "estimated_close_on": "2026-12-31", "contact_name": "", "contact_email": "", "notes": ""}  # fmt: skip
MDF_FORM = {"period": f"{date.today().year}", "title": "Joint webinar", "plan": "Two webinars", "budget": "1000",
            "currency": "USD", "starts_on": date.today().isoformat(), "ends_on": date.today().isoformat()}  # fmt: skip
BAD_AMOUNTS = ["NaN", "nan", "Infinity", "-inf", "1e400", "-5", "0", "12.345", "99999999999999999999", "forty",
               "4O000"]  # fmt: skip

Site = tuple[TestClient, TestClient, Engine, World]


def ids_from_a_thousand(engine: Engine) -> None:
    """The page world inserts rows with ids of its own among rows that take the next id: on PostgreSQL the
    sequences start past them."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key and isinstance(table.c.id.type, Integer):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), 1000)"))


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    ids_from_a_thousand(engine)
    world = seed_world(engine)
    with engine.begin() as conn:
        conn.execute(insert(currency_rates).values(currency="EUR", quote_currency="USD", valid_on=date(2026, 1, 1),
                                                   rate="1.08"))  # fmt: skip
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    with TestClient(app) as partner, TestClient(app) as manager:
        sign_in(partner, ALPHA_USER)
        sign_in(manager, MANAGER)
        yield partner, manager, engine, world


def post_form(client: TestClient, page: str, action: str, form: dict[str, str]) -> Any:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert token is not None, page
    return client.post(action, data=form | {"csrf_token": token.group(1)}, follow_redirects=False)


def register(client: TestClient, **changes: str) -> Any:
    return post_form(client, "/portal/registrations/new", "/portal/registrations", FORM | changes)


def rows(engine: Engine, table: Any, **where: object) -> list[Any]:
    with engine.connect() as conn:
        query = select(table).where(*(table.c[name] == value for name, value in where.items()))
        return list(conn.execute(query))


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


@pytest.mark.parametrize("amount", BAD_AMOUNTS)
def test_an_amount_the_registration_form_cannot_hold_is_shown_on_the_form(site: Site, amount: str) -> None:
    partner, _, engine, _ = site
    answer = register(partner, estimated_amount=amount)
    assert answer.status_code == 400, answer.status_code
    assert 'id="form-error"' in answer.text and "Estimated amount" in answer.text
    assert 'value="Northwind Traders"' in answer.text  # what was typed stays in the form
    assert rows(engine, registrations, company_name="Northwind Traders") == []


@pytest.mark.parametrize(("typed", "currency", "minor"), [
    ("$48,000", "USD", 4_800_000), ("48,000.50", "USD", 4_800_050), ("USD 48000", "USD", 4_800_000),
    ("48.000,00 €", "EUR", 4_800_000), ("48 000,5", "EUR", 4_800_050), ("¥5,000", "JPY", 5_000),
])  # fmt: skip
def test_the_registration_form_reads_amounts_as_imports_do(site: Site, typed: str, currency: str, minor: int) -> None:
    partner, _, engine, _ = site
    if currency == "JPY":
        with engine.begin() as conn:
            conn.execute(insert(currency_rates).values(currency="JPY", quote_currency="USD",
                                                       valid_on=date(2026, 1, 1), rate="0.0067"))  # fmt: skip
    answer = register(partner, estimated_amount=typed, currency=currency)
    assert answer.status_code == 303, answer.text
    stored = rows(engine, registrations, company_name="Northwind Traders")
    assert [(r.estimated_amount_minor, r.currency) for r in stored] == [(minor, currency)]


def test_an_amount_in_another_currency_than_the_one_chosen_is_refused(site: Site) -> None:
    answer = register(site[0], estimated_amount="EUR 48000", currency="USD")
    assert answer.status_code == 400 and "is in EUR" in answer.text


@pytest.mark.parametrize(("field", "value", "label"), [
    ("estimated_close_on", "1989-12-31", "Expected close date"), ("estimated_close_on", "2101-01-01",
                                                                   "Expected close date"),
    ("estimated_close_on", "31/12/2026", "Expected close date"), ("company_name", "\u200b \u3164", "Company name"),
    ("company_name", "Northwind\x00", "Company name"), ("contact_name", "Pat\u202e", "Contact name"),
    ("contact_email", "pat-at-northwind", "Contact email"), ("contact_email", "pat@northwind", "Contact email"),
    ("domain", "northwind", "Company web domain"), ("domain", "north wind.com", "Company web domain"),
    ("notes", "call\x1b[31m", "Notes"),
])  # fmt: skip
def test_a_bad_field_of_the_registration_form_is_named(site: Site, field: str, value: str, label: str) -> None:
    partner, _, engine, _ = site
    answer = register(partner, **{field: value})
    assert answer.status_code == 400, answer.status_code
    assert label in re.search(r'id="form-error">(.*?)</p>', answer.text, re.S).group(1)  # type: ignore[union-attr]
    assert count(engine, registrations) == 2  # the world's two


def test_a_double_submitted_registration_form_links_the_first_and_records_one(site: Site) -> None:
    partner, _, engine, _ = site
    assert register(partner).status_code == 303
    (first,) = rows(engine, registrations, company_name="Northwind Traders")
    again = register(partner, company_name="Northwind Traders Ltd", estimated_amount="$48,000")
    assert again.status_code == 409
    assert f'href="/portal/registrations/{first.id}"' in again.text and "already registered" in again.text
    assert len(rows(engine, registrations, partner_id=first.partner_id)) == 2  # the world's one and this one


@pytest.mark.parametrize(("field", "value", "label"), [
    ("budget", "NaN", "Budget"), ("budget", "1e400", "Budget"), ("budget", "-1000", "Budget"),
    ("budget", "10.001", "Budget"), ("budget", "99999999999999999999", "Budget"), ("title", "\u2800", "Title"),
    ("plan", "\x00", "Plan"), ("starts_on", "1900-01-01", "Start"),
])  # fmt: skip
def test_a_bad_field_of_the_mdf_request_form_is_named(site: Site, field: str, value: str, label: str) -> None:
    partner, _, engine, _ = site
    before = count(engine, mdf_requests)
    answer = post_form(partner, "/portal/mdf", "/portal/mdf/requests", MDF_FORM | {field: value})
    assert answer.status_code == 400 and label in answer.text, answer.text
    assert count(engine, mdf_requests) == before


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "0", "1.001", "1e30"])
def test_a_dispute_adjustment_the_desk_cannot_hold_is_refused(site: Site, amount: str) -> None:
    _, manager, _, world = site
    action = f"/commissions/disputes/{world.extras['dispute_id']}/resolve"
    form = {"decision": "accept", "resolution": "granted", "amount": amount, "currency": "USD"}
    answer = post_form(manager, "/commissions", action, form)
    assert answer.status_code == 400 and "Adjustment" in answer.text, answer.text


@pytest.mark.parametrize(("page", "action", "field"), [
    ("/registrations", "/registrations/{bravo_registration}/reject", "reason"),
    ("/registrations", "/registrations/{bravo_registration}/approve", "override_reason"),
    ("/mdf", "/mdf/requests/{mdf_request_id}/reject", "reason"),
    ("/mdf", "/mdf/claims/{mdf_claim_id}/reimburse", "payment_reference"),
])  # fmt: skip
def test_a_decision_reason_with_control_characters_is_refused_and_nothing_is_decided(
        site: Site, page: str, action: str, field: str) -> None:  # fmt: skip
    _, manager, engine, world = site
    ids = world.extras | {"bravo_registration": world.bravo_registration}
    before = rows(engine, registrations, id=world.bravo_registration)[0].status
    answer = post_form(manager, page, action.format(**ids), {field: "see ticket\x1b[2J"})
    assert answer.status_code == 400 and "control character" in answer.text, answer.text
    assert rows(engine, registrations, id=world.bravo_registration)[0].status == before

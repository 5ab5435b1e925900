"""The portal's statement lines as a list: every line of the period, paged with the exact total, searched by deal,
account and reason, filtered by kind and currency, sorted by date and amount, exported as the filtered view with
the words that explain each line, and never one of another partner's lines, whatever the parameters."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from partnerops.commissions.ledger import EntryKind
from web.conftest import build_app, sign_in
from web.earnings_world import seed_earnings
from web.portal_world import csrf, portal_client
from web.statement_world import ALPHA_LINES, BRAVO_LINES, BRAVO_WORDS, PERIOD, SeededLine, seed_statement_lines
from web.web_world import ALPHA_USER, BRAVO_USER

Client = tuple[TestClient, list[SeededLine]]
CAPPED = "capped: the yearly cap of 15,000 USD was reached on 2026-04-20"


@pytest.fixture(scope="module")
def alpha(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    app, engine, _ = build_app(tmp_path_factory.mktemp("statement-lines"))
    seeded = seed_statement_lines(engine)
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        yield client, seeded
    engine.dispose()


def lines(client: TestClient, **params: str) -> str:
    answer = client.get("/portal/commissions", params={"period": PERIOD} | params)
    assert answer.status_code == 200, answer.text
    return html.unescape(answer.text)


def exported(client: TestClient, **params: str) -> list[dict[str, str]]:
    answer = client.get("/portal/commissions", params={"period": PERIOD, "lines_format": "csv"} | params)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(answer.text)))


def shown_reasons(page: str) -> list[str]:
    """The seeded reasons of the lines on the page, in the order shown."""
    table = page[page.index('id="statement-lines"'):page.index('id="my-disputes"')]
    return [re.findall(r"alpha reason \d{3}", row)[0] for row in table.split('<tr id="line-')[1:]]


def test_every_line_of_the_period_is_paged_with_the_exact_total(alpha: Client) -> None:
    client, seeded = alpha
    first = lines(client)
    assert f"1–50 of {ALPHA_LINES} statement lines" in first
    closing = {c: Decimal(sum(line.owed_minor for line in seeded if line.currency == c)) / 100 for c in ("EUR", "USD")}
    assert f"owed at its opening 0, at its close {closing['EUR']:,.2f} EUR and {closing['USD']:,.2f} USD" in first
    assert len(re.findall(r'<tr id="line-\d+">', first)) == 50
    assert len(re.findall(r'id="dispute-line-\d+"', first)) == 50
    assert f"/portal/commissions?period={PERIOD}&lines_sort=booked_on&lines_page=2" in first
    last = lines(client, lines_page="3")
    assert f"101–{ALPHA_LINES} of {ALPHA_LINES} statement lines" in last
    assert len(re.findall(r'<tr id="line-\d+">', last)) == ALPHA_LINES - 100
    assert f"1–100 of {ALPHA_LINES} statement lines" in lines(client, lines_size="100")
    assert f"101–{ALPHA_LINES} of {ALPHA_LINES}" in lines(client, lines_page="99")


def test_search_reads_deal_account_and_reason(alpha: Client) -> None:
    client, seeded = alpha
    hooli = sum(line.deal == "Hooli direct" for line in seeded)
    assert f"1–50 of {hooli} statement lines" in lines(client, lines_q="hooli")
    assert f"1–50 of {ALPHA_LINES - hooli} statement lines" in lines(client, lines_q="Initech platform")
    one = lines(client, lines_q="alpha reason 012")
    assert "1–1 of 1 statement lines" in one and shown_reasons(one) == ["alpha reason 012"]
    assert f"1–50 of {hooli} statement lines" in lines(client, lines_q="o5")  # the deal's id
    assert "No statement line matches." in lines(client, lines_q="no such deal")


def test_filters_by_kind_and_currency_offer_only_the_partners_currencies(alpha: Client) -> None:
    client, seeded = alpha
    reversals = [line for line in seeded if line.kind is EntryKind.REVERSAL]
    page = lines(client, lines_kind="reversal")
    assert f"1–{len(reversals)} of {len(reversals)} statement lines" in page
    assert set(re.findall(r"<td>(adjustment|reversal|clawback)</td>", page)) == {"reversal"}
    euro_reversals = sum(line.currency == "EUR" for line in reversals)
    assert f"of {euro_reversals} statement lines" in lines(client, lines_kind="reversal", lines_currency="EUR")
    currencies = page[page.index('name="lines_currency"'):]
    currencies = currencies[:currencies.index("</select>")]
    assert re.findall(r'<option value="(\w+)"', currencies) == ["EUR", "USD"]
    assert "taken back before it was paid out" in page


def test_lines_sort_by_amount_and_date(alpha: Client) -> None:
    client, seeded = alpha
    by_amount = sorted(seeded, key=lambda line: (-line.owed_minor, -line.index))
    page = lines(client, lines_sort="-amount_minor", lines_size="25")
    assert shown_reasons(page) == [line.reason for line in by_amount[:25]]
    cheapest = lines(client, lines_sort="amount_minor", lines_size="25")
    assert shown_reasons(cheapest)[0] == min(seeded, key=lambda line: line.owed_minor).reason
    newest = lines(client, lines_sort="-booked_on", lines_size="25")
    assert shown_reasons(newest)[0] == "alpha reason 089"


def test_the_csv_is_the_filtered_view_with_amounts_and_explanations(alpha: Client) -> None:
    client, seeded = alpha
    page = lines(client, lines_kind="clawback")
    assert f"/portal/commissions?lines_sort=booked_on&lines_kind=clawback&lines_format=csv&period={PERIOD}" in page
    rows = exported(client, lines_kind="clawback")
    clawbacks = [line for line in seeded if line.kind is EntryKind.CLAWBACK]
    assert len(rows) == len(clawbacks) and {row["Kind"] for row in rows} == {"clawback"}
    first = next(row for row in rows if row["Reason"] == clawbacks[0].reason)
    assert Decimal(first["Amount"]) == Decimal(clawbacks[0].owed_minor) / 100
    assert first["Currency"] == clawbacks[0].currency and first["Deal"] == clawbacks[0].deal
    assert first["Why"] == f"clawback: {clawbacks[0].reason}; taken back from commission already paid out"
    assert len(exported(client)) == ALPHA_LINES


def test_a_parameter_the_list_does_not_offer_is_a_400_page(alpha: Client) -> None:
    client, _ = alpha
    for params in ({"lines_kind": "bonus"}, {"lines_currency": "XYZ"}, {"lines_sort": "partner"},
                   {"lines_sort": "memo"}, {"lines_page": "0"}, {"lines_size": "7"}):  # fmt: skip
        answer = client.get("/portal/commissions", params={"period": PERIOD} | params)
        assert answer.status_code == 400, params
        assert next(iter(params)).removeprefix("lines_") in answer.text


CRAFTED: tuple[dict[str, str], ...] = (
    {}, {"lines_q": "bravo"}, {"lines_q": "Umbrella"}, {"lines_q": "secret"}, {"lines_currency": "JPY"},
    {"lines_currency": "*"}, {"lines_kind": "reversal", "lines_sort": "-amount_minor"}, {"lines_sort": "deal"},
    {"lines_sort": "-account"}, {"lines_page": "4"}, {"lines_size": "200"}, {"partner_id": "2"},
    {"lines_partner_id": "2"}, {"partner": "PB"}, {"lines_q": "%"}, {"lines_q": "_"},
)  # fmt: skip


@pytest.mark.parametrize("params", CRAFTED)
def test_no_search_filter_sort_page_or_export_reaches_another_partners_lines(
    alpha: Client, params: dict[str, str]
) -> None:
    client, _ = alpha
    page = client.get("/portal/commissions", params={"period": PERIOD} | params).text
    export = client.get("/portal/commissions", params={"period": PERIOD, "lines_format": "csv"} | params).text
    echoed = set(params.values())  # the page shows the search or filter asked for: not a leak
    assert not [word for word in BRAVO_WORDS if word in page and word not in echoed]
    assert not [word for word in BRAVO_WORDS if word in export]
    assert len(list(csv.DictReader(io.StringIO(export)))) <= ALPHA_LINES


def test_the_other_partner_sees_its_own_lines_the_control(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    seed_statement_lines(engine)
    with TestClient(app) as client:
        sign_in(client, BRAVO_USER)
        page = client.get("/portal/commissions", params={"period": PERIOD, "lines_q": "secret"}).text
        rows = list(csv.DictReader(io.StringIO(client.get(
            "/portal/commissions", params={"period": PERIOD, "lines_format": "csv"}).text)))  # fmt: skip
    engine.dispose()
    assert f"1–{BRAVO_LINES} of {BRAVO_LINES} statement lines" in html.unescape(page)
    assert len(rows) == BRAVO_LINES and {row["Currency"] for row in rows} == {"JPY"}
    assert "alpha reason" not in page


def test_an_accrual_line_keeps_its_plain_words_and_its_dispute_button(engine: Engine) -> None:
    seed_earnings(engine)
    with portal_client(engine, ALPHA_USER) as client:
        page = html.unescape(client.get("/portal/commissions", params={"period": "2026-Q2",
                                                                       "lines_q": "Hooli"}).text)  # fmt: skip
        rows = list(csv.DictReader(io.StringIO(client.get("/portal/commissions", params={
            "period": "2026-Q2", "lines_format": "csv", "lines_q": "Hooli"}).text)))  # fmt: skip
        line = re.search(r'<tr id="line-(\d+)">', page)
        assert line is not None
        opened = client.post(f"/portal/commissions/lines/{line.group(1)}/dispute", data={
            "csrf_token": csrf(page), "claim": "Hooli cap", "evidence": "plan sheet"})  # fmt: skip
        assert "opened" in opened.text
        after = client.get("/portal/commissions", params={"period": "2026-Q2", "lines_q": "Hooli"}).text
        by_amount = html.unescape(client.get("/portal/commissions", params={
            "period": "2026-Q2", "lines_sort": "-amount_minor", "lines_currency": "EUR"}).text)  # fmt: skip
    assert "1–1 of 1 statement lines" in page and CAPPED in page
    assert f'id="dispute-line-{line.group(1)}"' in page and f'id="dispute-line-{line.group(1)}"' not in after
    assert len(rows) == 1 and CAPPED in rows[0]["Why"] and rows[0]["Kind"] == "accrual"
    assert "1–1 of 1 statement lines" in by_amount and "Hooli rollout" in by_amount

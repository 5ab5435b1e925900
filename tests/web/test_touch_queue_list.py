"""The touch queue as a list on SQLite and PostgreSQL: a search finds a touch by its partner's, deal's or account's
name (each searched in its own table) or its evidence, a sort by partner pages through every touch once in the
partner's order, and the totals are those of the rows shown, deleted partners' touches left out."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, insert, update

from partnerops.store.tables import accounts, opportunities, partners, touches
from partnerops.web.listing import ListPage, fetch_page, list_query
from partnerops.web.queries.touches import TOUCH_QUEUE, claimed_touch_count_base, claimed_touch_list

NAMES = ("Zeta Systems", "Alpha Cloud", "Mid_Point 100%", "Gone Partner")


def _seed(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(partners), [{"id": i, "source_system": "csv", "external_id": f"P{i}", "name": name,
                                         "type": "referral"} for i, name in enumerate(NAMES, 1)])  # fmt: skip
        conn.execute(insert(accounts), [{"id": i, "source_system": "csv", "external_id": f"A{i}",
                                         "name": f"Account {word}"} for i, word in enumerate(("North", "South"), 1)])
        conn.execute(insert(opportunities), [
            {"id": i, "source_system": "csv", "external_id": f"O{i}", "account_id": 1 + i % 2,
             "name": f"Deal {i:02d}", "amount_minor": 100, "currency": "USD", "stage": "Open", "outcome": "open",
             "created_on": date(2026, 1, 1)} for i in range(1, 9)])  # fmt: skip
        conn.execute(insert(touches), [
            {"id": i, "source_system": "csv", "external_id": f"T{i}", "partner_id": 1 + i % 4,
             "opportunity_id": 1 + i % 8, "type": "poc", "touched_on": date(2026, 1, 1) + timedelta(days=i),
             "status": "claimed", "evidence": f"note-{i:03d}", "actor": "seed"} for i in range(1, 41)])  # fmt: skip
        conn.execute(update(partners).where(partners.c.name == "Gone Partner").values(deleted_at=datetime.now(UTC)))


def _page(engine: Engine, **params: str) -> ListPage:
    with engine.connect() as conn:
        return fetch_page(conn, claimed_touch_list(), TOUCH_QUEUE, list_query(TOUCH_QUEUE, params),
                          claimed_touch_count_base())


def test_a_search_finds_touches_by_partner_deal_account_or_evidence(engine: Engine) -> None:
    _seed(engine)
    by_partner = _page(engine, q="alpha", size="100")
    assert by_partner.total == len(by_partner.rows) == 10 and {r["partner"] for r in by_partner.rows} == {
        "Alpha Cloud"}
    by_deal = _page(engine, q="deal 03", size="100")
    assert by_deal.total == 5 and {r["opportunity"] for r in by_deal.rows} == {"Deal 03"}
    by_account = _page(engine, q="SOUTH", size="100")
    assert by_account.total == 20 and {r["account"] for r in by_account.rows} == {"Account South"}
    assert [r["evidence"] for r in _page(engine, q="note-006").rows] == ["note-006"]
    assert _page(engine, q="note-007").total == 0  # a touch of the deleted partner


def test_a_deleted_partners_touches_are_never_found(engine: Engine) -> None:
    _seed(engine)
    assert _page(engine, q="gone").total == 0
    assert _page(engine).total == 30


def test_percent_and_underscore_in_a_search_of_a_joined_name_mean_themselves(engine: Engine) -> None:
    _seed(engine)
    assert {r["partner"] for r in _page(engine, q="d_point 100%", size="100").rows} == {"Mid_Point 100%"}
    assert _page(engine, q="d%p").total == 0


def test_paging_sorted_by_partner_shows_every_touch_once_in_the_partners_order(engine: Engine) -> None:
    _seed(engine)
    pages = [_page(engine, sort="-partner", size="25", page=str(n)) for n in (1, 2)]
    seen = [(r["partner"], r["id"]) for page in pages for r in page.rows]
    assert [p.total for p in pages] == [30, 30] and len({i for _, i in seen}) == 30
    assert seen == sorted(seen, reverse=True)


def test_a_search_past_the_last_page_shows_the_last_page_with_its_total(engine: Engine) -> None:
    _seed(engine)
    last = _page(engine, q="alpha", page="9")
    assert last.total == 10 and last.wanted.page == 1 and len(last.rows) == 10

"""The signal review queue as a list: search, filters by name (a partner also by its external id), sorting,
paging with the total, page sizes and the CSV of the filtered view over 120 extra proposals; the evidence of a
page read in one query; bulk confirm and reject through the touch review service, naming the proposals another
reviewer decided first."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, func, select

from partnerops.auth.users import add_user
from partnerops.domain.roles import Principal, Role
from partnerops.ingest.conversations.formats import conversation_files
from partnerops.signals.proposals import propose_touches
from partnerops.signals.scan import scan_files
from partnerops.store.audit import history
from partnerops.store.signal_tables import signals, trackers
from partnerops.store.tables import touches
from partnerops.touches.review import reject_touch
from signals.signals_kit import NOW, RULE, catalog, fixture_copy, seed_crm
from web.conftest import build_app, sign_in
from web.web_world import MANAGER, PASSWORD

EXTRA = 120
Queue = tuple[TestClient, Engine, dict[str, int]]  # the client signed in, the database and the CRM ids
FINANCE = "fay@partnerops.test"


def proposal_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<article id="proposal-(\d+)"', page)]


def total_of(page: str) -> int:
    found = re.search(r"(?:\d+–\d+ of )?([\d,]+) proposed touches", page)
    assert found is not None
    return int(found.group(1).replace(",", ""))


def world(tmp_path: Path, extra: int) -> Queue:
    """The page world with the signals fixture CRM, the fixture conversations scanned, `extra` more calls each
    mentioning Acme Cloud on the Globex deal (one a day, each with its own marker word), and touches proposed."""
    app, engine, _ = build_app(tmp_path)
    ids = seed_crm(engine)
    scan_files(engine, conversation_files([fixture_copy(tmp_path)]), catalog(engine), RULE, NOW)
    with engine.begin() as conn:
        template = dict(conn.execute(select(signals).where(signals.c.partner_id == ids["acme"],
                                                           signals.c.opportunity_id.is_not(None))).mappings().first())
        del template["id"]
        conn.execute(signals.insert(), [template | {
            "file": f"/calls/extra-{n:03d}.vtt", "file_sha256": f"{n:064d}", "touch_id": None,
            "occurred_at": NOW - timedelta(days=n + 1), "snippet": f"{template['snippet']} marker{n:03d}",
        } for n in range(extra)])
        add_user(conn, FINANCE, Role.FINANCE, password=PASSWORD)
    propose_touches(engine, "signal-scan", NOW)
    return TestClient(app), engine, ids


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Queue]:
    """The queue with 120 extra proposals, read by a partner manager (the tests here change nothing)."""
    client, engine, ids = world(tmp_path_factory.mktemp("signals-list"), EXTRA)
    with client:
        sign_in(client, MANAGER)
        yield client, engine, ids
    engine.dispose()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Queue]:
    """The queue with 5 extra proposals, for the decisions."""
    client, engine, ids = world(tmp_path, 5)
    with client:
        sign_in(client, MANAGER)
        yield client, engine, ids
    engine.dispose()


def pending_count(engine: Engine, partner_id: int | None = None) -> int:
    """Claimed touches proposed from signals (of the partner, when one is named)."""
    where = [touches.c.status == "claimed", select(signals.c.id).where(signals.c.touch_id == touches.c.id).exists()]
    if partner_id is not None:
        where.append(touches.c.partner_id == partner_id)
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(touches).where(*where)).scalar_one())


def test_the_queue_pages_with_the_total_and_offers_page_sizes(crowded: Queue) -> None:
    client, engine, _ = crowded
    total = pending_count(engine)
    assert total > EXTRA
    first = client.get("/signals").text
    assert f"1–50 of {total:,} proposed touches" in first and len(proposal_ids(first)) == 50
    third = client.get("/signals?page=3").text
    assert f"101–{total} of {total:,} proposed touches" in third and len(proposal_ids(third)) == total - 100
    assert 'rel="prev"' in third and 'rel="next"' not in third
    seen = proposal_ids(first) + proposal_ids(client.get("/signals?page=2").text) + proposal_ids(third)
    assert len(set(seen)) == total
    hundred = client.get("/signals?size=100").text
    assert f"1–100 of {total:,} proposed touches" in hundred and len(proposal_ids(hundred)) == 100


def test_search_finds_the_proposals_whose_snippet_partner_tracker_or_deal_holds_the_text(
    crowded: Queue,
) -> None:
    client, engine, _ = crowded
    by_snippet = client.get("/signals?q=MARKER042").text
    assert total_of(by_snippet) == 1 and "extra-042.vtt" in by_snippet and "<mark>" in by_snippet
    with engine.connect() as conn:
        whisper = conn.execute(select(signals.c.touch_id).where(signals.c.phrase == "whisper-relay")).scalars().first()
    by_tracker = client.get("/signals?q=whisper+tracker").text
    assert proposal_ids(by_tracker) == [whisper]
    by_partner = client.get("/signals?q=bravo+sys").text
    assert whisper in proposal_ids(by_partner) and "Acme Cloud:" not in by_partner
    by_deal = client.get("/signals?q=globexopp").text
    assert total_of(by_deal) >= EXTRA and "Bravo Systems:" not in by_deal
    nothing = client.get("/signals?q=nobody+said+this").text
    assert "0 proposed touches" in nothing and "No proposed touches match this search and filter." in nothing


def test_filters_take_names_and_a_partners_external_id(crowded: Queue) -> None:
    client, engine, ids = crowded
    acme = client.get("/signals?partner=Acme+Cloud&size=200").text
    assert total_of(acme) == pending_count(engine, ids["acme"]) < pending_count(engine)
    assert "Bravo Systems:" not in acme
    assert total_of(client.get("/signals?partner=P-1").text) == total_of(acme)
    assert 'value="Acme Cloud" selected' in client.get("/signals?partner=P-1").text
    whisper = client.get("/signals?tracker=Bravo+Whisper+Tracker").text
    assert total_of(whisper) == 1 and "Wendy Whisper" in whisper
    confirmed = client.get("/signals?status=confirmed").text
    assert "0 proposed touches" in confirmed and "No confirmed proposed touches." in confirmed
    every = client.get("/signals?status=*").text
    assert total_of(every) == pending_count(engine)
    assert f"?partner={ids['acme']}" not in acme and "partner=Acme+Cloud" in acme


@pytest.mark.parametrize(("query", "named"), [
    ("partner=3", "internal partner numbers"), ("partner=Nobody+Inc", "Nobody Inc"),
    ("tracker=7", "tracker: &#39;7&#39; is not one of"), ("tracker=No+Such+Tracker", "No Such Tracker"),
    ("status=open", "status"),
    ("sort=secret", "sort"), ("size=7", "size"), ("page=0", "page"),
])  # fmt: skip
def test_a_filter_value_the_queue_does_not_offer_is_a_400_naming_it(
    crowded: Queue, query: str, named: str
) -> None:
    answer = crowded[0].get(f"/signals?{query}")
    assert answer.status_code == 400 and 'role="alert"' in answer.text and named in answer.text


def test_sorting_by_a_column_orders_the_whole_view(crowded: Queue) -> None:
    client, engine, _ = crowded
    with engine.connect() as conn:
        by_day = select(touches.c.id).where(touches.c.id.in_(select(signals.c.touch_id)), touches.c.status == "claimed")
        oldest_first = list(conn.execute(by_day.order_by(touches.c.touched_on, touches.c.id)).scalars())
        newest_first = list(conn.execute(by_day.order_by(touches.c.touched_on.desc(), touches.c.id.desc())).scalars())
    assert proposal_ids(client.get("/signals").text) == oldest_first[:50]
    newest = client.get("/signals?sort=-touched_on").text
    assert proposal_ids(newest) == newest_first[:50] and 'aria-current="true">Date' in newest
    by_partner = proposal_ids(client.get("/signals?sort=-partner").text)
    assert "Bravo Systems:" in client.get("/signals?sort=-partner&size=25").text.split('<article id="proposal-')[1]
    assert len(by_partner) == 50
    with engine.connect() as conn:
        most = conn.execute(select(signals.c.touch_id).where(signals.c.touch_id.is_not(None))
                            .group_by(signals.c.touch_id).order_by(func.count().desc(), signals.c.touch_id.desc())
                            ).scalars().first()
    assert proposal_ids(client.get("/signals?sort=-signals").text)[0] == most


def test_the_csv_holds_every_proposal_of_the_filter_formula_safe(
    crowded: Queue,
) -> None:
    client, engine, _ = crowded
    with engine.begin() as conn:
        conn.execute(trackers.update().where(trackers.c.name == "Bravo Whisper Tracker")
                     .values(name="=HYPERLINK(\"http://evil\")"))
    try:
        answer = client.get("/signals?partner=Acme+Cloud&q=marker&format=csv")
        rows = list(csv.reader(io.StringIO(answer.text)))
        assert answer.headers["content-type"].startswith("text/csv")
        assert rows[0][:4] == ["Date", "Partner", "Partner id", "Type"] and "Evidence" in rows[0]
        assert len(rows) - 1 == EXTRA and {row[1] for row in rows[1:]} == {"Acme Cloud"}
        assert {row[2] for row in rows[1:]} == {"P-1"} and {row[rows[0].index("Amount")] for row in rows[1:]} == {
            "120000.00"}
        every = list(csv.DictReader(io.StringIO(client.get("/signals?partner=P-1&format=csv").text)))
        assert {row["Trackers"] for row in every} == {"Acme Cloud"}  # each tracker named once per proposal
        assert max(int(row["Signals"]) for row in every) >= 2
        whisper = list(csv.reader(io.StringIO(client.get("/signals?tracker==HYPERLINK(\"http://evil\")&format=csv")
                                              .text)))
        assert len(whisper) == 2 and whisper[1][whisper[0].index("Trackers")] == "'=HYPERLINK(\"http://evil\")"
    finally:
        with engine.begin() as conn:
            conn.execute(trackers.update().where(trackers.c.name.startswith("=HYPERLINK"))
                         .values(name="Bravo Whisper Tracker"))


def test_the_evidence_of_a_page_is_read_in_one_query_whatever_its_size(
    crowded: Queue,
) -> None:
    client, engine, _ = crowded
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        counts = []
        for size in (25, 100):
            statements.clear()
            page = client.get(f"/signals?size={size}").text
            assert len(proposal_ids(page)) == size and page.count('<tr id="signal-') >= size
            counts.append(len([s for s in statements if "snippet" in s and "FROM signals" in s]))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert counts == [1, 1]


def csrf(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signals").text)
    assert found is not None
    return found.group(1)


def statuses(engine: Engine, ids: list[int]) -> list[str]:
    with engine.connect() as conn:
        found = {row.id: row.status for row in conn.execute(select(touches.c.id, touches.c.status)
                                                                .where(touches.c.id.in_(ids)))}
    return [found[i] for i in ids]


def bulk(client: TestClient, ids: list[int], decision: str, reason: str = "", back: str = "/signals"):  # type: ignore[no-untyped-def]
    form = {"csrf_token": csrf(client), "decision": decision, "reason": reason, "touch": [str(i) for i in ids],
            "back": back}
    return client.post("/signals/bulk", data=form, follow_redirects=False)


def test_bulk_confirm_decides_the_selected_through_the_review_service(
    fresh: Queue,
) -> None:
    client, engine, _ = fresh
    chosen = proposal_ids(client.get("/signals?q=marker").text)[:3]
    answer = bulk(client, chosen, "confirm", back="/signals?q=marker&sort=-touched_on")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signals?q=marker&sort=-touched_on&")
    assert statuses(engine, chosen) == ["confirmed"] * 3
    with engine.connect() as conn:
        audit = [history(conn, "touch", touch_id)[-1] for touch_id in chosen]
    assert {(a["old_value"], a["new_value"], a["actor"], a["reason"]) for a in audit} == {
        ("claimed", "confirmed", MANAGER, "confirmed in bulk in the signal review queue")}
    page = client.get(answer.headers["location"]).text
    assert "3 proposed touches confirmed." in page and not set(chosen) & set(proposal_ids(page))
    assert set(chosen) <= set(proposal_ids(client.get("/signals?status=confirmed").text))


def test_bulk_decisions_run_attribution_once_however_many_are_selected(
    fresh: Queue,
) -> None:
    client, engine, _ = fresh
    chosen = proposal_ids(client.get("/signals?q=marker").text)
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        bulk(client, chosen[:1], "confirm")
        one = len([s for s in statements if "attribution_results" in s])
        statements.clear()
        bulk(client, chosen[1:], "confirm")
        many = len([s for s in statements if "attribution_results" in s])
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert len(chosen) >= 4 and one == many > 0


def test_bulk_reject_needs_a_reason_that_goes_to_the_audit_log(fresh: Queue) -> None:
    client, engine, _ = fresh
    chosen = proposal_ids(client.get("/signals?q=marker").text)[:2]
    refused = bulk(client, chosen, "reject", "  ")
    assert refused.status_code == 400 and "Say why" in refused.text and statuses(engine, chosen) == ["claimed"] * 2
    assert bulk(client, chosen, "reject", "the weather, not the partner").status_code == 303
    assert statuses(engine, chosen) == ["rejected"] * 2
    with engine.connect() as conn:
        assert {history(conn, "touch", i)[-1]["reason"] for i in chosen} == {"the weather, not the partner"}


def test_a_proposal_someone_else_decided_first_is_named_and_left_as_it_is(
    fresh: Queue,
) -> None:
    client, engine, _ = fresh
    first, *others = proposal_ids(client.get("/signals?q=marker").text)[:3]
    with engine.begin() as conn:  # another reviewer, between this reviewer's page and the bulk decision
        reject_touch(conn, Principal(user_id=999, email="other@partnerops.test", role=Role.SALES), first, "duplicate")
    answer = bulk(client, [first, *others], "confirm")
    assert answer.status_code == 303 and statuses(engine, [first, *others]) == ["rejected", "confirmed", "confirmed"]
    page = client.get(answer.headers["location"]).text
    assert "2 proposed touches confirmed. 1 of the selected was not changed:" in page
    assert "Acme Cloud&#39;s" in page and "was already rejected, so it was left as it is." in page
    again = bulk(client, [first, *others], "reject", "too late")
    assert again.status_code == 409 and "Nothing changed" in again.text and "already confirmed" in again.text
    assert statuses(engine, [first, *others]) == ["rejected", "confirmed", "confirmed"]


def test_only_proposals_the_reviewer_may_see_are_decided_in_bulk(fresh: Queue) -> None:
    client, engine, _ = fresh
    chosen = proposal_ids(client.get("/signals?q=marker").text)[:1]
    # Touch 11 is a claimed touch from the CRM, not proposed from signals: the touch approval queue's.
    answer = bulk(client, [*chosen, 11], "confirm")
    assert answer.status_code == 404 and "no proposed touch 11" in answer.text
    assert statuses(engine, [*chosen, 11]) == ["claimed", "claimed"]
    assert bulk(client, [], "confirm").status_code == 400
    assert bulk(client, chosen, "approve").status_code == 400
    assert bulk(client, chosen, "confirm", back="https://elsewhere.test/").headers["location"].startswith("/signals?")


def test_finance_sees_no_bulk_controls_and_may_not_decide(fresh: Queue) -> None:
    client, engine, _ = fresh
    chosen = proposal_ids(client.get("/signals?q=marker").text)[:1]
    with TestClient(client.app) as finance:
        sign_in(finance, FINANCE)
        page = finance.get("/signals").text
        assert "Confirm selected" not in page and 'name="touch"' not in page
        answer = bulk(finance, chosen, "confirm")
    assert answer.status_code == 403 and statuses(engine, chosen) == ["claimed"]

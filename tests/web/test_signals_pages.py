"""The signal review queue: proposed touches from scanned conversations shown with every signal as evidence,
confirmed or rejected through the touch review service (audited, attribution run again), filtered and paged,
and closed to partner users; finance reads it without deciding."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, func, select

from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.ingest.conversations.formats import conversation_files
from partnerops.signals.proposals import propose_touches
from partnerops.signals.scan import scan_files
from partnerops.store.audit import history
from partnerops.store.signal_tables import signals
from partnerops.store.tables import attribution_results, touches
from partnerops.web.queries.signals import split_around
from signals.signals_kit import NOW, RULE, catalog, fixture_copy, seed_crm
from web import area_signals
from web.conftest import build_app, sign_in
from web.web_world import ALPHA_USER, MANAGER, PASSWORD

FINANCE = "fay@partnerops.test"
GONG_SNIPPET = "We run everything on <mark>Acme Cloud</mark> today and their team said your product fits."


@dataclass
class Queue:
    client: TestClient
    engine: Engine
    ids: dict[str, int]

    def csrf(self) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/signals").text)
        assert found is not None
        return found.group(1)

    def decide(self, touch_id: int, decision: str, reason: str = "") -> tuple[int, str]:
        answer = self.client.post(f"/signals/{touch_id}/{decision}", data={"reason": reason},
                                  headers={"HX-Request": "true", "X-CSRF-Token": self.csrf()})
        return answer.status_code, answer.text

    def status(self, touch_id: int) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(select(touches.c.status).where(touches.c.id == touch_id)).scalar_one())


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[Queue]:
    """The page test world plus the signals fixture CRM, the fixture conversations scanned and touches proposed;
    a partner manager signed in."""
    app, engine, _ = build_app(tmp_path)
    ids = seed_crm(engine)
    scan_files(engine, conversation_files([fixture_copy(tmp_path)]), catalog(engine), RULE, NOW)
    propose_touches(engine, "signal-scan", NOW)
    with engine.begin() as conn:
        add_user(conn, FINANCE, Role.FINANCE, password=PASSWORD)
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        yield Queue(client, engine, ids)
    engine.dispose()


def acme_proposals(queue: Queue) -> list[int]:
    """The touches proposed from the Gong call's customer mention, the one a decision is tried on."""
    with queue.engine.connect() as conn:
        found = conn.execute(select(signals.c.touch_id).where(
            signals.c.partner_id == queue.ids["acme"], signals.c.touch_id.is_not(None)).order_by(signals.c.id))
        return list(dict.fromkeys(found.scalars()))


def test_a_proposed_touch_shows_every_signal_with_its_snippet_speaker_source_and_deal(queue: Queue) -> None:
    page = queue.client.get("/signals").text
    assert GONG_SNIPPET in page
    assert "Sam Buyer" in page and "(customer)" in page and "gong-call.json</span> at 1:01" in page
    assert "Great, I&#39;ll loop in our contact at <mark>acme-cloud.com</mark>." in page
    assert "Dana Rep" in page and "intro-thread.eml" in page
    assert "Globex" in page and "0065g00000GLOBEXOPP" in page and "120,000.00 USD" in page
    with queue.engine.connect() as conn:
        linked = conn.execute(select(func.count()).where(signals.c.touch_id.is_not(None))).scalar_one()
    assert page.count('<tr id="signal-') == linked


def test_every_signal_of_a_touch_is_listed_under_it_when_several_share_one(queue: Queue) -> None:
    first, *others = acme_proposals(queue)
    with queue.engine.begin() as conn:
        conn.execute(signals.update().where(signals.c.touch_id.in_(others)).values(touch_id=first))
        conn.execute(touches.delete().where(touches.c.id.in_(others)))
        under_first = conn.execute(select(func.count()).where(signals.c.touch_id == first)).scalar_one()
    page = queue.client.get("/signals").text
    article = page[page.index(f'<article id="proposal-{first}"'):]
    article = article[:article.index("</article>")]
    assert article.count('<tr id="signal-') == under_first >= 3
    assert f"{under_first} signals behind this touch" in article
    assert GONG_SNIPPET in article and "intro-thread.eml" in article


def test_confirming_goes_through_the_touch_review_service_and_runs_attribution(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    with queue.engine.connect() as conn:
        assert attributed(conn, queue.ids) == []
        audited = len(history(conn, "touch", touch_id))
    status, fragment = queue.decide(touch_id, "confirm")
    assert status == 200 and fragment.lstrip().startswith(f'<article id="proposal-{touch_id}"')
    assert "Confirmed; the decision is in the audit log." in fragment and "Reject" not in fragment
    assert queue.status(touch_id) == "confirmed"
    with queue.engine.connect() as conn:
        audit = history(conn, "touch", touch_id)[audited:]
        assert attributed(conn, queue.ids) == [[touch_id]]
    assert [(a["old_value"], a["new_value"], a["actor"], a["reason"]) for a in audit] == [
        ("claimed", "confirmed", MANAGER, "confirmed in the signal review queue")]
    assert queue.decide(touch_id, "confirm")[0] == 400


def attributed(conn: Connection, ids: dict[str, int]) -> list[object]:
    """The touches behind Acme Cloud's tier on the open Globex deal in the stored attribution run."""
    r = attribution_results.c
    query = select(r.evidence).where(r.partner_id == ids["acme"], r.opportunity_id == ids["globex_open"])
    return list(conn.execute(query).scalars())


def test_rejecting_needs_a_reason_which_goes_to_the_audit_log(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    status, page = queue.decide(touch_id, "reject", "  ")
    assert status == 400 and "Say why" in page and queue.status(touch_id) == "claimed"
    status, fragment = queue.decide(touch_id, "reject", "the customer meant the weather")
    assert status == 200 and "Rejected; the decision is in the audit log." in fragment
    with queue.engine.connect() as conn:
        audit = history(conn, "touch", touch_id)[-1]
    assert (audit["old_value"], audit["new_value"], audit["actor"], audit["reason"]) == (
        "claimed", "rejected", MANAGER, "the customer meant the weather")


def test_a_form_post_without_htmx_returns_to_the_queue(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    answer = queue.client.post(f"/signals/{touch_id}/confirm", data={"csrf_token": queue.csrf()})
    assert answer.status_code == 200 and answer.url.path == "/signals"
    assert queue.status(touch_id) == "confirmed"


def test_a_touch_not_proposed_from_signals_cannot_be_decided_here(queue: Queue) -> None:
    # Touch 11 is Alpha's claimed touch from the CRM: it belongs to the touch approval queue.
    assert queue.decide(11, "confirm")[0] == 404
    assert queue.decide(999_999, "confirm")[0] == 404
    assert queue.status(11) == "claimed"


def test_decisions_need_the_forms_csrf_token(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    answer = queue.client.post(f"/signals/{touch_id}/confirm", data={"csrf_token": "forged"})
    assert answer.status_code == 403 and queue.status(touch_id) == "claimed"


def test_filters_select_by_status_partner_and_tracker(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    queue.decide(touch_id, "confirm")
    confirmed = queue.client.get("/signals?status=confirmed").text
    assert f'id="proposal-{touch_id}"' in confirmed and "Wendy Whisper" not in confirmed
    assert f'id="proposal-{touch_id}"' not in queue.client.get("/signals").text
    by_partner = queue.client.get("/signals?partner=Acme+Cloud").text
    assert "Acme Cloud:" in by_partner and "Wendy Whisper" not in by_partner
    assert queue.client.get("/signals?partner=P-1").text.count('<article id="proposal-') == by_partner.count(
        '<article id="proposal-')  # Acme Cloud's external id names it as well as its name
    by_tracker = queue.client.get("/signals?tracker=Bravo+Whisper+Tracker&partner=").text
    assert "Wendy Whisper" in by_tracker and "Acme Cloud:" not in by_tracker


def test_an_old_link_naming_a_partner_by_its_internal_number_is_a_clear_400(queue: Queue) -> None:
    answer = queue.client.get(f"/signals?partner={queue.ids['acme']}")
    assert answer.status_code == 400 and "internal partner numbers" in answer.text
    assert "Name the partner by its id (as in the CRM) or its name" in answer.text


@pytest.mark.parametrize("query", ["status=open", "partner=acme", "tracker=-1", "page=0", "page=x"])
def test_a_filter_that_is_not_one_is_a_clear_400(queue: Queue, query: str) -> None:
    answer = queue.client.get(f"/signals?{query}")
    assert answer.status_code == 400 and 'role="alert"' in answer.text


def test_the_queue_is_paged(queue: Queue) -> None:
    add_proposals(queue.engine, queue.ids, 53)
    first = queue.client.get("/signals").text
    total = int(re.search(r"1–50 of (\d+) proposed touches", first).group(1))  # type: ignore[union-attr]
    assert total > 50 and first.count('<article id="proposal-') == 50
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = queue.client.get("/signals?status=pending&page=2").text
    assert f"51–{total} of {total} proposed touches" in second
    assert second.count('<article id="proposal-') == total - 50 and 'rel="prev"' in second
    assert not set(re.findall(r'id="proposal-(\d+)"', first)) & set(re.findall(r'id="proposal-(\d+)"', second))


def add_proposals(engine: Engine, ids: dict[str, int], count: int) -> None:
    """`count` more Acme Cloud mentions on the Globex deal, each from its own call, proposed as touches."""
    with engine.begin() as conn:
        template = dict(conn.execute(select(signals).where(signals.c.partner_id == ids["acme"],
                                                           signals.c.opportunity_id.is_not(None))).mappings().first())
        del template["id"]
        conn.execute(signals.insert(), [template | {"file": f"/calls/extra-{n}.vtt", "file_sha256": f"{n:064d}",
                                                    "touch_id": None} for n in range(count)])
    assert propose_touches(engine, "signal-scan", NOW) >= count


def test_a_partner_user_is_refused_the_queue_and_its_decisions(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    with TestClient(queue.client.app) as partner:
        sign_in(partner, ALPHA_USER)
        page = partner.get("/signals")
        token = re.search(r'name="csrf_token" value="([^"]+)"', partner.get("/portal").text)
        assert token is not None
        posted = partner.post(f"/signals/{touch_id}/confirm", data={"csrf_token": token.group(1)})
    assert page.status_code == 403 and "Acme Cloud" not in page.text and "whisper" not in page.text.lower()
    assert posted.status_code == 403 and queue.status(touch_id) == "claimed"


def test_finance_reads_the_queue_but_may_not_decide(queue: Queue) -> None:
    touch_id = acme_proposals(queue)[0]
    with TestClient(queue.client.app) as finance:
        sign_in(finance, FINANCE)
        page = finance.get("/signals").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token is not None
        posted = finance.post(f"/signals/{touch_id}/confirm", data={"csrf_token": token.group(1)})
    assert GONG_SNIPPET in page and "Awaiting a partner manager." in page and "Reason to reject" not in page
    assert posted.status_code == 403 and queue.status(touch_id) == "claimed"


def test_the_isolation_probe_would_see_partner_bs_signals_if_they_leaked(queue: Queue) -> None:
    """The control for tests/web/test_isolation.py: a manager's queue does show B's signal secrets."""
    page = queue.client.get("/signals").text
    assert all(secret in page for secret in area_signals.SECRETS)


def test_the_phrase_is_highlighted_where_the_snippet_holds_it() -> None:
    assert split_around("we host on Acme Cloud today", "Acme Cloud") == ("we host on ", "Acme Cloud", " today")
    assert split_around("…host on Acme Cl", "Acme Cloud") == ("…host on Acme Cl", "", "")

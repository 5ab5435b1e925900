"""The routing pages: staff rank partners for a lead and offer it from /routing, confirm an agent's proposal there;
a partner's user sees the offers to its partner at /portal/leads, accepts or declines them and applies for open
leads; the second partner to accept is told the lead is taken; a partner's user is refused the staff page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from partnerops.routing.applications import describe_lead
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import make_offer
from partnerops.routing.offers import list_offers
from partnerops.routing.rules import load_rules
from partnerops.store.tables import accounts
from routing.routing_kit import MANAGER as MANAGING
from routing.routing_kit import SALES
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, BRAVO, BRAVO_USER, MANAGER


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Engine]]:
    app, engine, _ = build_app(tmp_path)
    with engine.begin() as c:
        c.execute(insert(accounts).values(source_system="csv", external_id="A-LEAD", name="Lead Co", region="emea"))
    with TestClient(app) as client:
        yield client, engine
    engine.dispose()


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_staff_rank_partners_for_a_lead_and_offer_it(served: tuple[TestClient, Engine]) -> None:
    client, engine = served
    sign_in(client, MANAGER)
    page = client.get("/routing", params={"lead": "Lead Co"})
    assert page.status_code == 200
    assert "Partners for account Lead Co (A-LEAD), eligible first" in page.text
    assert 'id="candidate-PA"' in page.text and "capability: the lead needs no particular capability" in page.text
    done = client.post("/routing/offers", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD", "partner": "PB"})
    assert done.status_code == 200 and "account Lead Co (A-LEAD) offered to Bravo Systems" in done.text
    assert 'id="waiting-A-LEAD-PB"' in done.text
    again = client.post("/routing/offers", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD", "partner": "PB"})
    assert again.status_code == 409 and "already offered to Bravo Systems" in again.text


def test_a_managers_confirmation_makes_an_agents_proposal_an_offer(served: tuple[TestClient, Engine]) -> None:
    client, engine = served
    with engine.begin() as c:
        make_offer(c, SALES, resolve_lead(c, "A-LEAD"), ALPHA, load_rules(), proposed=True)
    sign_in(client, ALPHA_USER)
    assert 'id="offer-A-LEAD"' not in client.get("/portal/leads").text
    sign_in(client, MANAGER)
    page = client.get("/routing")
    assert 'id="proposed-A-LEAD-PA"' in page.text
    done = client.post("/routing/decisions", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD", "kind": "account",
                                                   "partner": "PA", "decision": "confirm"})  # fmt: skip
    assert "account Lead Co (A-LEAD) to Alpha Cloud: offered" in done.text


def test_partners_answer_in_the_portal_and_the_second_to_accept_is_told(served: tuple[TestClient, Engine]) -> None:
    client, engine = served
    with engine.begin() as c:
        for partner in (ALPHA, BRAVO):
            make_offer(c, MANAGING, resolve_lead(c, "A-LEAD"), partner, load_rules())
    sign_in(client, ALPHA_USER)
    page = client.get("/portal/leads")
    assert 'id="offer-A-LEAD"' in page.text and "Leads for you" in page.text
    done = client.post("/portal/leads/answer", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD",
                                                     "decision": "accept", "partner": str(BRAVO)})  # fmt: skip
    assert "account Lead Co (A-LEAD): accepted" in done.text
    sign_in(client, BRAVO_USER)
    page = client.get("/portal/leads")
    lost = client.post("/portal/leads/answer", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD",
                                                     "decision": "accept"})  # fmt: skip
    assert lost.status_code == 409 and "already accepted by another partner" in lost.text
    assert "Alpha Cloud" not in lost.text
    with engine.connect() as c:
        offers = {o.partner_id: o.status for o in list_offers(c) if o.lead_ref == "A-LEAD"}
    assert offers == {ALPHA: "accepted", BRAVO: "withdrawn"}


def test_a_partner_declines_and_applies_for_an_open_lead(served: tuple[TestClient, Engine]) -> None:
    client, engine = served
    with engine.begin() as c:
        describe_lead(c, MANAGING, resolve_lead(c, "A-LEAD"), "implementation", True)
    sign_in(client, ALPHA_USER)
    page = client.get("/portal/leads")
    assert 'id="open-A-LEAD"' in page.text and "implementation" in page.text
    done = client.post("/portal/leads/apply", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD",
                                                    "note": "we run their stack"})  # fmt: skip
    assert "applied for account Lead Co (A-LEAD)" in done.text and "applied" in done.text
    with engine.begin() as c:
        make_offer(c, MANAGING, resolve_lead(c, "A-LEAD"), ALPHA, load_rules())
    page = client.get("/portal/leads")
    declined = client.post("/portal/leads/answer", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD",
                                                         "decision": "decline", "reason": "too far"})  # fmt: skip
    assert "account Lead Co (A-LEAD): declined" in declined.text and "(too far)" in declined.text


def test_a_partner_user_is_refused_the_staff_page_and_leads_not_its_own(served: tuple[TestClient, Engine]) -> None:
    client, engine = served
    with engine.begin() as c:
        make_offer(c, MANAGING, resolve_lead(c, "A-LEAD"), BRAVO, load_rules())
    sign_in(client, ALPHA_USER)
    assert client.get("/routing", follow_redirects=False).status_code in (403, 404)
    page = client.get("/portal/leads")
    hidden = client.post("/portal/leads/answer", data={"csrf_token": _csrf(page.text), "lead": "A-LEAD",
                                                       "decision": "accept"})  # fmt: skip
    assert hidden.status_code == 404 and "Lead Co" not in hidden.text


def test_staff_reject_an_application_and_the_partner_reads_why(served: tuple[TestClient, Engine]) -> None:
    from partnerops.routing.applications import apply_for_lead
    from routing.routing_kit import user_of

    client, engine = served
    with engine.begin() as c:
        describe_lead(c, MANAGING, resolve_lead(c, "A-LEAD"), "implementation", True)
        apply_for_lead(c, user_of(ALPHA), resolve_lead(c, "A-LEAD"), "we run their stack")
    sign_in(client, MANAGER)
    page = client.get("/routing")
    assert 'action="/routing/applications/rejection"' in page.text
    form = {"csrf_token": _csrf(page.text), "lead": "A-LEAD", "kind": "account", "partner": "PA"}
    assert client.post("/routing/applications/rejection", data=form | {"reason": " "}).status_code == 400
    done = client.post("/routing/applications/rejection", data=form | {"reason": "no EMEA presence"})
    assert done.status_code == 200 and "the application of Alpha" in done.text and "is rejected" in done.text
    assert 'action="/routing/applications/rejection"' not in done.text and "no EMEA presence" in done.text
    again = client.post("/routing/applications/rejection", data=form | {"reason": "twice"})
    assert again.status_code == 409 and "already rejected" in again.text
    client.post("/logout", data={"csrf_token": _csrf(done.text)})
    sign_in(client, ALPHA_USER)
    assert "applied for account Lead Co (A-LEAD) on" in (mine := client.get("/portal/leads").text)
    assert ": rejected (no EMEA presence)" in mine

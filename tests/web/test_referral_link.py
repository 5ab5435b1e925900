"""A partner's referral link: `/r/PARTNER` records the click (no personal data in clear) and sends the visitor to
the referral site with the partner and the click's code; an unknown partner is a 404 page; clicks that come back
on registrations and deals show in the partner's pipeline."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine, insert, select

from partnerops.assistant.answers import Question
from partnerops.assistant.asker import Asker
from partnerops.assistant.program_answers import referral_link
from partnerops.domain.roles import Principal, Role
from partnerops.referrals.pipeline import referral_pipeline
from partnerops.store.portal_tables import referral_clicks
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts, opportunities
from web.portal_world import partner_id, portal_client, seed_partners
from web.web_world import ALPHA_USER, BRAVO_USER

VISITOR_IP = "testclient"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"


def _follow(engine: Engine, partner: str, **headers: str) -> tuple[int, str]:
    with portal_client(engine, user=None) as client:
        answer = client.get(f"/r/{partner}", headers=headers, follow_redirects=False)
    return answer.status_code, answer.headers.get("location", answer.text)


def test_the_link_records_the_click_and_sends_the_visitor_on_with_partner_and_code(engine: Engine) -> None:
    seed_partners(engine)
    status, location = _follow(engine, "PA", **{"user-agent": BROWSER,
                                                "referer": "https://blog.example.org/post?email=ana@x.test#top"})
    assert status == 303
    landing = urlsplit(location)
    assert (landing.scheme, landing.netloc, landing.path) == ("https", "www.partnerops.test", "/start")
    query = parse_qs(landing.query)
    assert query["lang"] == ["en"] and query["partner"] == ["PA"]
    with engine.connect() as c:
        click = c.execute(select(referral_clicks)).one()
    assert query["click"] == [click.code]
    assert click.partner_id == partner_id(engine, "PA")
    assert click.referer == "https://blog.example.org/post"
    stored = " ".join(str(value) for value in click)
    assert BROWSER not in stored and VISITOR_IP not in stored and "ana@x.test" not in stored
    assert len(click.visitor_hash) == len(click.user_agent_hash) == 64


def test_every_visit_is_a_click_of_its_own_and_one_visitor_hashes_alike(engine: Engine) -> None:
    seed_partners(engine)
    for _ in range(2):
        _follow(engine, "PA", **{"user-agent": BROWSER})
    with engine.connect() as c:
        clicks = c.execute(select(referral_clicks.c.code, referral_clicks.c.visitor_hash)).all()
    assert len({code for code, _ in clicks}) == 2
    assert len({visitor for _, visitor in clicks}) == 1


def test_an_unknown_partner_answers_a_404_page_and_records_nothing(engine: Engine) -> None:
    seed_partners(engine)
    status, body = _follow(engine, "NOPE-1")
    assert status == 404
    assert "no partner" in body and "NOPE-1" in body and "<html" in body.lower()
    with engine.connect() as c:
        assert c.execute(select(referral_clicks.c.id)).first() is None


def test_the_assistants_link_is_the_route_that_records_clicks(engine: Engine) -> None:
    seed_partners(engine)
    asker = Asker(Principal(2, "ana@alpha.test", Role.PARTNER_USER, partner_id(engine, "PA")), "Alpha Cloud", "PA",
                  None, "your partner manager")  # fmt: skip
    answer = referral_link(engine, asker, Question("What is my referral link?", date.today(), "http://testserver"))
    link = re.search(r"http://testserver(/r/\S+)", answer.text)
    assert link is not None
    with portal_client(engine, user=None) as client:
        followed = client.get(link.group(1), follow_redirects=False)
    assert followed.status_code == 303
    assert parse_qs(urlsplit(followed.headers["location"]).query)["partner"] == ["PA"]


def test_clicks_that_come_back_on_registrations_and_deals_fill_the_pipeline(engine: Engine) -> None:
    seed_partners(engine)
    codes = [parse_qs(urlsplit(_follow(engine, "PA")[1]).query)["click"][0] for _ in range(3)]
    alpha = partner_id(engine, "PA")
    with engine.begin() as c:
        account = c.execute(insert(accounts).values(source_system="csv", external_id="A1", name="Initech")
                            .returning(accounts.c.id)).scalar_one()  # fmt: skip
        c.execute(insert(opportunities), [
            _deal(account, "O1", "Initech platform", f"Partner referral {codes[0]}", "won", 4_800_000),
            _deal(account, "O2", "Initech pilot", codes[1], "open", None),
            _deal(account, "O3", "Initech direct", "Web", "won", 100_000),
        ])  # fmt: skip
        c.execute(insert(registrations).values(_registration(alpha, f"came through {codes[2]}")))
    with engine.connect() as c:
        pipeline = referral_pipeline(c, alpha)
        bravo = referral_pipeline(c, partner_id(engine, "PB"))
    assert (pipeline.clicks, pipeline.leads, len(pipeline.deals), len(pipeline.won)) == (3, 3, 2, 1)
    assert [d.external_id for d in pipeline.won] == ["O1"]
    assert str(pipeline.won_amounts()["USD"].amount) == "48000.00"
    assert (bravo.clicks, bravo.leads, bravo.deals) == (0, 0, ())


def _deal(account: int, external_id: str, name: str, lead_source: str, outcome: str,
          amount: int | None) -> dict[str, object]:  # fmt: skip
    closed = date(2026, 6, 1) if outcome != "open" else None
    return {"source_system": "csv", "external_id": external_id, "account_id": account, "name": name,
            "amount_minor": amount, "currency": "USD", "stage": outcome, "outcome": outcome,
            "created_on": date(2026, 3, 1), "closed_on": closed, "lead_source": lead_source}  # fmt: skip


def _registration(partner: int, notes: str) -> dict[str, object]:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return {"partner_id": partner, "company_name": "Hooli", "notes": notes, "status": "pending", "conflicts": [],
            "rules_version": "test", "submitted_at": now, "respond_by": now, "expires_on": date(2030, 1, 1)}


def test_the_portal_shows_the_link_and_its_funnel_to_its_own_partner_only(engine: Engine) -> None:
    seed_partners(engine)
    code = parse_qs(urlsplit(_follow(engine, "PB")[1]).query)["click"][0]
    with engine.begin() as c:
        account = c.execute(insert(accounts).values(source_system="csv", external_id="A1", name="Initech")
                            .returning(accounts.c.id)).scalar_one()  # fmt: skip
        c.execute(insert(opportunities), [_deal(account, "O9", "Bravo referred rollout", code, "won", 900_000)])
    with portal_client(engine, BRAVO_USER) as client:
        bravo_page = client.get("/portal").text
    with portal_client(engine, ALPHA_USER) as client:
        alpha_page = client.get("/portal").text
    assert "http://127.0.0.1:8000/r/PB" in bravo_page and "Bravo referred rollout (O9)" in bravo_page
    assert re.search(r"<strong>1</strong> clicks.*<strong>1</strong> leads.*<strong>1</strong> deals", bravo_page,
                     re.S)  # fmt: skip
    assert "/r/PA" in alpha_page and "Bravo referred rollout" not in alpha_page
    assert "<strong>0</strong> clicks" in alpha_page

"""The scheduled job expires offers past their SLA, as `partnerops routing expire` does."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from partnerops.routing.lifecycle import make_offer
from partnerops.routing.offers import list_offers
from partnerops.routing.rules import load_rules
from partnerops.scheduler.jobs import JOBS
from partnerops.settings import Settings
from routing.routing_kit import GOLD, MANAGER, NOW, lead, plant


def test_the_routing_expiry_job_expires_offers_past_their_sla(sqlite_engine: Engine) -> None:
    plant(sqlite_engine)
    with sqlite_engine.begin() as c:
        make_offer(c, MANAGER, lead(c), GOLD, load_rules(), NOW)
    job = JOBS["routing_expiry"]
    assert job.work(sqlite_engine, NOW + timedelta(hours=47), Settings()) == {"expired": 0}
    assert job.work(sqlite_engine, NOW + timedelta(hours=49), Settings()) == {"expired": 1}
    with sqlite_engine.connect() as c:
        [offer] = list_offers(c)
    assert (offer.status, offer.decided_by) == ("expired", "scheduler")
    assert offer.reason == "no answer by 2026-06-03 09:00 UTC"

"""Alert rules over scanned signals: amount thresholds (converted between currencies), competitor trackers,
speaker sides, one alert per proposed touch, and exactly one delivery per rule and signal however often
evaluation runs (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from partnerops.analytics.currency import MissingRate
from partnerops.ingest.conversations.formats import conversation_files
from partnerops.mail.queue import list_messages
from partnerops.signals.alert_evaluation import evaluate_rules
from partnerops.signals.alert_outbox import Channel, list_deliveries
from partnerops.signals.alert_rule_repo import save_rule
from partnerops.signals.alert_rules import rule_from_json
from partnerops.signals.proposals import propose_touches
from partnerops.signals.scan import scan_files
from partnerops.signals.tracker_repo import save_tracker
from partnerops.signals.trackers import TrackerKind, rules_from_json
from partnerops.store.alert_tables import alert_deliveries
from partnerops.store.tables import currency_rates
from signals.signals_kit import NOW, RULE, catalog, fixture_copy, seed_crm

HOOK = "https://hooks.example.com/services/T1/B1/x"


def _rule(engine: Engine, name: str, **definition: Any) -> None:
    with engine.begin() as conn:
        save_rule(conn, name, rule_from_json({"webhook": HOOK} | definition), "ops", NOW - timedelta(hours=1))


def _scan(engine: Engine, tmp_path: Path) -> None:
    scan_files(engine, conversation_files([fixture_copy(tmp_path)]), catalog(engine), RULE, NOW)


def _alerted(engine: Engine) -> list[tuple[str, str, str]]:
    """(rule, subject, phrase) of every webhook delivery."""
    return sorted((d.rule, d.subject.split()[0], next(f["text"] for f in d.payload["blocks"][1]["fields"]
                                                      if f["text"].startswith("*Phrase*")).split("\n")[1])
                  for d in list_deliveries(engine) if d.channel is Channel.WEBHOOK)


def test_a_partner_on_an_open_deal_over_the_amount_alerts_once_per_signal(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)  # the Globex deal is 120,000 USD
    _rule(engine, "big deals", tracker_kinds=["partner"], open_deals_only=True, min_amount="100000", currency="USD")
    _rule(engine, "huge deals", tracker_kinds=["partner"], open_deals_only=True, min_amount="200000", currency="USD")
    _scan(engine, tmp_path)
    first = evaluate_rules(engine, NOW)
    again = evaluate_rules(engine, NOW + timedelta(minutes=5))
    alerted = _alerted(engine)
    # Gong call (2), intro email (1) and the mbox intro (2) are on the open deal; no transcript is linked.
    assert (first.alerts, first.deliveries, again.alerts) == (5, 5, 0)
    assert {rule for rule, _, _ in alerted} == {"big deals"}
    assert [phrase for *_, phrase in alerted].count("acme-cloud.com") == 1


def test_an_amount_in_another_currency_is_converted_before_comparing(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    with engine.begin() as conn:
        conn.execute(currency_rates.insert().values(currency="USD", quote_currency="EUR", valid_on=date(2026, 1, 1),
                                                    rate="0.9"))
    # 120,000 USD is 108,000 EUR.
    _rule(engine, "over 100k EUR", tracker_kinds=["partner"], min_amount="100000", currency="EUR")
    _rule(engine, "over 110k EUR", tracker_kinds=["partner"], min_amount="110000", currency="EUR")
    _scan(engine, tmp_path)
    evaluate_rules(engine, NOW)
    assert {rule for rule, _, _ in _alerted(engine)} == {"over 100k EUR"}


def test_a_missing_rate_is_an_error_not_a_silent_miss(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    _rule(engine, "over 100k GBP", min_amount="100000", currency="GBP")
    _scan(engine, tmp_path)
    with pytest.raises(MissingRate, match="no USD to GBP rate"):
        evaluate_rules(engine, NOW)


def test_a_competitor_mention_alerts_even_without_a_deal(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    with engine.begin() as conn:
        save_tracker(conn, "Acmeville Partners", TrackerKind.COMPETITOR, rules_from_json({"aliases": ["Acmeville"]}),
                     "ops", NOW)
    _rule(engine, "competitors", tracker_kinds=["competitor"])
    _rule(engine, "competitors said by customers on deals", trackers=["Acmeville Partners"], sides=["customer"],
          open_deals_only=True)
    _scan(engine, tmp_path)
    evaluate_rules(engine, NOW)
    alerted = _alerted(engine)
    # Gong (on the Globex deal) and the notes transcript (on no deal) both mention Acmeville.
    assert [(rule, phrase) for rule, _, phrase in alerted] == [
        ("competitors", "Acmeville"), ("competitors", "Acmeville"),
        ("competitors said by customers on deals", "Acmeville")]


def test_a_rule_on_touches_alerts_once_per_conversation(engine: Engine, tmp_path: Path) -> None:
    seed_crm(engine)
    _rule(engine, "proposed touches", each="touch", partners=["P-1"], emails=["pm@ourco.com"])
    _scan(engine, tmp_path)
    assert evaluate_rules(engine, NOW).alerts == 0  # nothing proposed yet
    propose_touches(engine, "pm", NOW)
    report = evaluate_rules(engine, NOW)
    assert (report.alerts, report.deliveries) == (3, 6)  # three touches, to the webhook and by email
    gong = [d for d in list_deliveries(engine) if d.channel is Channel.WEBHOOK and "gong-call.json" in str(d.payload)]
    assert len(gong) == 1 and "(2 mentions)" in str(gong[0].payload)
    mails = list_messages(engine)
    assert len(mails) == 3 and all(m.to_address == "pm@ourco.com" for m in mails)
    assert any("Acme Cloud mentioned on 0065g00000GLOBEXOPP (120,000.00 USD)" in m.subject for m in mails)


def test_a_rule_watches_signals_stored_after_it_was_added_unless_told_otherwise(engine: Engine,
                                                                               tmp_path: Path) -> None:
    seed_crm(engine)
    _scan(engine, tmp_path)
    with engine.begin() as conn:
        save_rule(conn, "from now on", rule_from_json({"webhook": HOOK}), "ops", NOW + timedelta(hours=1))
        save_rule(conn, "everything", rule_from_json({"webhook": HOOK, "include_existing": True}), "ops",
                  NOW + timedelta(hours=1))
    evaluate_rules(engine, NOW + timedelta(hours=2))
    with engine.connect() as conn:
        count = conn.execute(select(alert_deliveries.c.rule_id, func.count()).group_by(alert_deliveries.c.rule_id)
                             ).all()
    assert len(count) == 1 and count[0][1] == 10  # every stored signal, for "everything" only

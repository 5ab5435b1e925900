"""The partner score: win rate, deal size and cycle time on the deals a partner touched or overlaps, against the
other deals closed in the same span, recounted from the planted deals on both databases."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine, insert

from partnerops.ecosystem.partner_score import partner_score
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts, opportunities, partners, touches

ACME, BOLT = 1, 2
DEALS = 70


def won(i: int) -> bool:
    return i % 3 != 0 if i < 30 else i % 10 < 3


def amount(i: int) -> int:
    return (20_000 + 1_000 * (i % 9)) * 100 if i < 30 else (12_000 + 500 * (i % 7)) * 100


def cycle(i: int) -> int:
    return 40 + (i % 11) if i < 30 else 70 + (i % 13)


def closed(i: int) -> date:
    """Acme's deals every other day; the others on the days between."""
    return date(2026, 1, 5) + timedelta(days=2 * i if i < 30 else 2 * (i % 29) + 1)


def plant(engine: Engine) -> None:
    """Acme touches deals 0..24 and overlaps the account of deals 25..29 (its own account); deal 69 closes
    outside Acme's span and is no comparison; one rejected touch on deal 40 does not count."""
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": ACME, "source_system": "csv", "external_id": "P-ACME", "name": "Acme Cloud", "type": "technology"},
            {"id": BOLT, "source_system": "csv", "external_id": "P-BOLT", "name": "Bolt Systems", "type": "si"}])
        c.execute(insert(accounts), [{"id": 1, "source_system": "csv", "external_id": "A1", "name": "Initech"},
                                     {"id": 2, "source_system": "csv", "external_id": "A2", "name": "Globex"}])
        c.execute(insert(opportunities), [
            {"id": i + 1, "source_system": "csv", "external_id": f"O{i}", "account_id": 2 if 25 <= i < 30 else 1,
             "name": f"Deal {i}", "amount_minor": amount(i), "currency": "USD", "stage": "closed",
             "outcome": "won" if won(i) else "lost",
             "created_on": closed(i) - timedelta(days=cycle(i)),
             "closed_on": closed(i) if i < 69 else date(2027, 6, 1)} for i in range(DEALS)])
        c.execute(insert(touches), [
            {"source_system": "csv", "external_id": f"T{i}", "partner_id": ACME, "opportunity_id": i + 1,
             "type": "poc", "touched_on": closed(i) - timedelta(days=5),
             "status": "rejected" if i == 40 else "confirmed"} for i in [*range(25), 40]])
        c.execute(insert(partner_accounts).values(id=1, source_system="csv", external_id="PA1", partner_id=ACME,
                                                  name="Globex", status="customer"))
        c.execute(insert(account_matches).values(partner_id=ACME, partner_account_id=1, account_id=2, tier="domain",
                                                 score=1.0, status="matched"))


def test_the_score_compares_the_partners_deals_with_the_rest_of_its_span(engine: Engine) -> None:
    plant(engine)
    with engine.connect() as conn:
        score = partner_score(conn, ACME, "USD", draws=300)
    mine, rest = list(range(30)), list(range(30, 69))
    for side, deals in ((score.with_partner, mine), (score.without_partner, rest)):
        wins = [i for i in deals if won(i)]
        assert (side.closed, side.won) == (len(deals), len(wins))
        assert side.win_rate.value == len(wins) / len(deals)
        mean = Decimal(sum(amount(i) for i in wins)) / len(wins) / 100
        assert side.deal_size.value == mean.quantize(Decimal("0.01"))
        assert side.cycle_days.value == Decimal(str(statistics.median(cycle(i) for i in wins))).quantize(Decimal("0.1"))
        for estimate in (side.deal_size, side.cycle_days):
            assert estimate.low is not None and estimate.high is not None
            assert estimate.low <= estimate.value <= estimate.high  # type: ignore[operator]
    assert score.span == (closed(0), closed(29))
    assert score.proven  # 20 won with Acme, at least 10 needed
    assert score.uplift.value is not None and score.uplift.low is not None and score.uplift.low > 1


def test_a_partner_without_ten_won_deals_is_not_yet_proven(engine: Engine) -> None:
    plant(engine)
    with engine.connect() as conn:
        score = partner_score(conn, BOLT, "USD", draws=50)
    assert (score.with_partner.closed, score.proven, score.span) == (0, False, None)
    assert "at least 10 won deals" in " ".join(score.method)

"""A small partner program for credit tests: three partners, four closed deals and one open one.

Every deal is on its own account and every touch is a confirmed qualifying touch dated inside the deal,
so the default policy gives each touching partner a tier and the journeys below are exactly the touches.
"""

from datetime import date, timedelta

from sqlalchemy import Engine, insert

from partnerops.store.tables import accounts, opportunities, partners, touches

PARTNERS = {1: ("Acme Cloud", "technology"), 2: ("Bolt SI", "si"), 3: ("Crest Resell", "reseller")}
# deal id: (outcome, amount minor, currency, close day, [(partner, days before close), ...] in date order)
DEALS: dict[int, tuple[str, int, str, date, list[tuple[int, int]]]] = {
    1: ("won", 1_000_00, "USD", date(2026, 3, 31), [(1, 40), (2, 20), (1, 5)]),
    2: ("won", 500_01, "USD", date(2026, 5, 15), [(2, 30), (3, 10), (1, 2)]),
    3: ("lost", 700_00, "USD", date(2026, 5, 20), [(3, 15)]),
    4: ("won", 333_33, "USD", date(2026, 6, 1), [(3, 25)]),
    5: ("open", 900_00, "USD", None, [(1, 0)]),  # type: ignore[dict-item]
}


def seed_credit_program(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [_partner(i, n, t) for i, (n, t) in PARTNERS.items()])
        c.execute(insert(accounts), [_account(i) for i in DEALS])
        c.execute(insert(opportunities), [_deal(i, *spec[:4]) for i, spec in DEALS.items()])
        rows = [
            _touch(deal * 10 + n, partner, deal, _day(spec[3], before))
            for deal, spec in DEALS.items()
            for n, (partner, before) in enumerate(spec[4])
        ]
        c.execute(insert(touches), rows)


def _day(closed: date | None, before: int) -> date:
    return (closed or date(2026, 7, 1)) - timedelta(days=before)


def _partner(id_: int, name: str, kind: str) -> dict[str, object]:
    return {"id": id_, "source_system": "csv", "external_id": f"P{id_}", "name": name, "type": kind}


def _account(id_: int) -> dict[str, object]:
    return {"id": id_, "source_system": "csv", "external_id": f"A{id_}", "name": f"Account {id_}"}


def _deal(id_: int, outcome: str, amount: int, currency: str, closed: date | None) -> dict[str, object]:
    return {
        "id": id_,
        "source_system": "salesforce",
        "external_id": f"O{id_}",
        "account_id": id_,
        "name": f"Deal {id_}",
        "amount_minor": amount,
        "currency": currency,
        "stage": "x",
        "outcome": outcome,
        "created_on": _day(closed, 60),
        "closed_on": closed,
    }


def _touch(id_: int, partner: int, deal: int, day: date) -> dict[str, object]:
    return {
        "id": id_,
        "source_system": "csv",
        "external_id": f"T{id_}",
        "partner_id": partner,
        "opportunity_id": deal,
        "type": "joint_call",
        "touched_on": day,
        "status": "confirmed",
    }

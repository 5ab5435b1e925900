"""Small hand-made datasets shared by tests: every value chosen so a test can state its expected result."""

from datetime import date

from sqlalchemy import Engine, insert

from partnerops.store.tables import accounts, opportunities, partners, touches


def seed_two_deals(engine: Engine) -> None:
    """Globex O1 (won): Acme Cloud co-sell, Bolt SI's touches not counted; O2 (open): sourced by Bolt SI."""
    with engine.begin() as c:
        c.execute(
            insert(partners),
            [
                {
                    "id": 1,
                    "source_system": "csv",
                    "external_id": "P1",
                    "name": "Acme Cloud",
                    "type": "technology",
                },
                {"id": 2, "source_system": "csv", "external_id": "P2", "name": "Bolt SI", "type": "si"},
            ],
        )
        c.execute(
            insert(accounts), [{"id": 1, "source_system": "csv", "external_id": "A1", "name": "Globex"}]
        )
        c.execute(
            insert(opportunities),
            [
                _opportunity(1, "O1", date(2026, 3, 1), date(2026, 6, 30), "won"),
                _opportunity(2, "O2", date(2026, 7, 10), None, "open"),
            ],
        )
        c.execute(
            insert(touches),
            [
                _touch(1, 1, 1, "executive_intro", date(2026, 3, 2)),
                _touch(2, 1, 1, "poc", date(2026, 4, 11)),
                _touch(3, 2, 1, "intel", date(2026, 7, 2)),  # after close
                _touch(4, 2, 1, "joint_call", date(2026, 5, 1), status="rejected"),
                _touch(
                    5, 2, 2, "referral", date(2026, 7, 1)
                ),  # O1 closed on 6-30: no open deal on the account
            ],
        )


def _opportunity(id_: int, ext: str, created: date, closed: date | None, outcome: str) -> dict[str, object]:
    return {
        "id": id_,
        "source_system": "salesforce",
        "external_id": ext,
        "account_id": 1,
        "name": f"Globex {ext}",
        "amount_minor": 1_200_050,
        "currency": "USD",
        "stage": "x",
        "outcome": outcome,
        "created_on": created,
        "closed_on": closed,
    }


def _touch(
    id_: int, partner: int, opp: int, kind: str, day: date, status: str = "confirmed"
) -> dict[str, object]:
    return {
        "id": id_,
        "source_system": "csv",
        "external_id": f"T{id_}",
        "partner_id": partner,
        "opportunity_id": opp,
        "type": kind,
        "touched_on": day,
        "status": status,
    }

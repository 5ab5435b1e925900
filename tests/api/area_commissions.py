"""Partner B's records of this area for the API isolation walk, and the probes of its routes (see isolation_probes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from api.api_world import World
from api.isolation_probes import HIDDEN, LISTED, Ask, probe
from partnerops.commissions.adjustments import adjust
from partnerops.commissions.disputes import open_dispute
from partnerops.commissions.payouts import create_batch
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role

# Strings only partner B's commissions records carry: none may reach a user of partner A.
MARKERS: tuple[str, ...] = ("bravo-commission-bonus", "bravo-dispute-claim", "bravo-dispute-evidence")
PERIOD = f"{date.today().year}"


def seed(engine: Engine, world: World) -> None:
    """Add partner B's records here (and partner A's where a probe needs them); keep their ids in `world.extras`."""
    today = date.today()
    adjust(engine, world.partner_a, Money.from_minor(10_000, "USD"), "alpha launch bonus", "finance", today)
    b_line = adjust(engine, world.partner_b, Money.from_minor(25_000, "USD"), "bravo-commission-bonus", "finance",
                    today)
    b_user = Principal(user_id=0, email="partner_b@example.com", role=Role.PARTNER_USER, partner_id=world.partner_b)
    dispute = open_dispute(engine, b_user, b_line, "bravo-dispute-claim", "bravo-dispute-evidence")
    batch = create_batch(engine, today, today, "finance")
    world.extras |= {"commission_line_b": b_line, "commission_dispute_b": dispute.id, "commission_batch": batch.id}


@probe("GET", "/api/v1/commissions/summary")
def _summary(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/commissions/summary", LISTED),
            Ask("GET", f"/api/v1/commissions/summary?partner_id={w.partner_b_ref}", HIDDEN)]


@probe("GET", "/api/v1/commissions/statements/{partner_id}")
def _statement(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/commissions/statements/{w.partner_a_ref}?period={PERIOD}", LISTED),
            Ask("GET", f"/api/v1/commissions/statements/{w.partner_b_ref}?period={PERIOD}", HIDDEN)]


@probe("GET", "/api/v1/commissions/disputes")
def _disputes(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/commissions/disputes", LISTED),
            Ask("GET", "/api/v1/commissions/disputes?status=open", LISTED)]


@probe("POST", "/api/v1/commissions/disputes")
def _open_dispute(w: World) -> list[Ask]:
    body = {"line_id": w.extras["commission_line_b"], "claim": "probe", "evidence": "probe"}
    return [Ask("POST", "/api/v1/commissions/disputes", HIDDEN, json=body)]


@probe("POST", "/api/v1/commissions/disputes/{dispute_id}/resolve")
def _resolve(w: World) -> list[Ask]:
    body = {"accept": False, "resolution": "probe"}
    url = f"/api/v1/commissions/disputes/{w.extras['commission_dispute_b']}/resolve"
    return [Ask("POST", url, HIDDEN, json=body)]


@probe("GET", "/api/v1/commissions/payouts")
def _payouts(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/commissions/payouts", HIDDEN)]


def _batch_move(action: str) -> None:
    def asks(w: World) -> list[Ask]:
        return [Ask("POST", f"/api/v1/commissions/payouts/{w.extras['commission_batch']}/{action}", HIDDEN)]

    probe("POST", f"/api/v1/commissions/payouts/{{batch_id}}/{action}")(asks)


for _action in ("approve", "pay"):
    _batch_move(_action)

"""Partner B's routing records for the page isolation walk: a lead offered to B alone. Partner A's user may neither
see it nor answer it, and the staff routing page refuses A's user."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select

from partnerops.domain.roles import Principal, Role
from partnerops.routing.leads import resolve_lead
from partnerops.routing.lifecycle import make_offer
from partnerops.routing.rules import load_rules
from partnerops.store.routing_tables import routing_offers
from partnerops.store.tables import accounts

_BRAVO = 2
_MANAGER = Principal(0, "seed@partnerops.test", Role.PARTNER_MANAGER)

# Strings only partner B's routing records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("Bravo Routed Venture", "A-ROUTE-B")
# The lead and partner the routing forms name: B's lead, offered to B.
FORM: dict[str, str] = {"lead": "A-ROUTE-B", "partner": "PB"}


def seed(engine: Engine) -> dict[str, int]:
    with engine.begin() as c:
        c.execute(insert(accounts).values(source_system="csv", external_id="A-ROUTE-B", name="Bravo Routed Venture",
                                          region="emea"))  # fmt: skip
        make_offer(c, _MANAGER, resolve_lead(c, "A-ROUTE-B"), _BRAVO, load_rules(), datetime.now(UTC))
    return {}


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in partner B's offers when partner A's user probes them."""
    f = routing_offers.c
    with engine.connect() as c:
        return tuple(c.execute(select(f.id, f.status).where(f.partner_id == _BRAVO).order_by(f.id)).all())

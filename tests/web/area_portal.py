"""Partner B's portal records for the page isolation walk: a click on B's referral link that came back on a deal."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert, select

from partnerops.referrals.clicks import Visitor, record_click
from partnerops.store.portal_tables import referral_clicks
from partnerops.store.tables import opportunities

# Strings only partner B's portal records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("Bravo referred venture",)
# Form fields the portal's POST routes need (none beyond the shared ones yet).
FORM: dict[str, str] = {}


def seed(engine: Engine) -> dict[str, int]:
    """B's click and the deal it became. The referral link is public: its parameter is B's external id."""
    click = record_click(engine, "PB", Visitor("203.0.113.9", "seed browser", None))
    with engine.begin() as c:
        c.execute(insert(opportunities).values(
            source_system="csv", external_id="O-REF-B", account_id=2, name="Bravo referred venture",
            amount_minor=700_000, currency="USD", stage="won", outcome="won", created_on=date(2026, 1, 5),
            closed_on=date(2026, 2, 1), lead_source=f"referral {click.code}",
        ))  # fmt: skip
    return {"partner_ref": "PB"}  # type: ignore[dict-item]


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in B's portal records: its clicks are public to make, so only the first one counts."""
    with engine.connect() as c:
        first = select(referral_clicks.c.code).where(referral_clicks.c.partner_id == 2).order_by(referral_clicks.c.id)
        return (c.execute(first.limit(1)).scalar_one(),)

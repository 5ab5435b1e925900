"""Partner B's portal records for the page isolation walk: a click on B's referral link that came back on a deal,
and the proof file of B's MDF claim (seeded by area_program, which runs first)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, insert, select

from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf_proofs import attach_proof, checked_proof
from partnerops.referrals.clicks import Visitor, record_click
from partnerops.store.portal_tables import referral_clicks, stored_files
from partnerops.store.program_tables import mdf_claims
from partnerops.store.tables import opportunities

_BRAVO = 2
_PROOF = b"%PDF-1.4\n% BRAVO PROOF CONTENT\n%%EOF\n"

# Strings only partner B's portal records carry: none may appear on a page partner A's user sees.
SECRETS: tuple[str, ...] = ("Bravo referred venture", "bravo-proof-scan", "BRAVO PROOF CONTENT")
# Form fields the portal's POST routes need beyond the shared ones (none: uploads carry no file in the probe).
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
        claim = c.execute(select(mdf_claims.c.id).where(mdf_claims.c.partner_id == _BRAVO)).scalars().first()
        if claim is not None:
            bravo = Principal(3, "bruno@bravo.test", Role.PARTNER_USER, _BRAVO)
            attach_proof(c, bravo, claim, checked_proof("bravo-proof-scan.pdf", _PROOF))
    return {"partner_ref": "PB"}  # type: ignore[dict-item]


def state(engine: Engine, ids: dict[str, int]) -> tuple[object, ...]:
    """What must not change in B's portal records: its clicks are public to make, so only the first one counts;
    its stored files."""
    f = stored_files.c
    with engine.connect() as c:
        first = select(referral_clicks.c.code).where(referral_clicks.c.partner_id == _BRAVO)
        files = c.execute(select(f.mdf_claim_id, f.filename, f.sha256).where(f.partner_id == _BRAVO)).all()
        return c.execute(first.order_by(referral_clicks.c.id).limit(1)).scalar_one(), tuple(map(tuple, files))

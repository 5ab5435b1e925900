"""Accounts flagged as potential partners: flagging makes the account a candidate (its name, domain, segment and
region), keyed by the account's own source and id, so flagging it again changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from partnerops.domain.enums import PartnerType
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.recruiting.candidates import Candidate, candidate_by_key
from partnerops.store.record_refs import find_record
from partnerops.store.recruiting_tables import recruiting_candidates
from partnerops.store.tables import accounts

# Candidates flagged from accounts are keyed under this prefix and the account's source system.
FLAGGED_PREFIX = "account:"


def flag_account(conn: Connection, principal: Principal, account: str, partner_type: PartnerType,
                 now: datetime | None = None) -> Candidate:  # fmt: skip
    """The candidate made from `account` (its id, SYSTEM:ID or exact name) as a partner of `partner_type`."""
    require_role(principal, PROGRAM_MANAGERS, "flagging an account as a potential partner")
    found = find_record(conn, "account", account)
    a = accounts.c
    row = conn.execute(select(a.name, a.domain, a.segment, a.region).where(a.id == found.id)).one()
    source = (FLAGGED_PREFIX + found.source_system)[:32]
    try:
        with conn.begin_nested():
            new_id = conn.execute(recruiting_candidates.insert().values(
                source_system=source, external_id=found.external_id, name=row.name, domain=row.domain,
                segment=row.segment, region=row.region, type=partner_type.value,
            ).returning(recruiting_candidates.c.id)).scalar_one()  # fmt: skip
    except IntegrityError:  # flagged before, or at the same instant: kept as it was
        return candidate_by_key(conn, source, found.external_id)
    audit_change(conn, "recruiting_candidates", new_id, ("status", None, "candidate"), principal.email,
                 now or datetime.now(UTC), reason=f"account {found.external_id} flagged as a potential partner")
    return candidate_by_key(conn, source, found.external_id)

"""What approving a registration does to the CRM data: the deal it attaches to, and the partner's touch on it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, Table, select

from partnerops.analytics.live import live_opportunity
from partnerops.domain.enums import Outcome, TouchStatus, TouchType
from partnerops.registrations.model import Registration
from partnerops.store.tables import accounts, opportunities, touches

SOURCE_SYSTEM = "partnerops"
REGISTERED_STAGE = "Registered"


def attach_opportunity(conn: Connection, registration: Registration, now: datetime) -> tuple[int, int]:
    """(account id, opportunity id): the matched account's newest open opportunity, else a new one (and a
    new account when the company matched none)."""
    account_id = registration.account_id or _create_account(conn, registration)
    open_deal = conn.execute(
        select(opportunities.c.id).where(opportunities.c.account_id == account_id, live_opportunity(),
                                         opportunities.c.outcome == Outcome.OPEN.value)
        .order_by(opportunities.c.created_on.desc(), opportunities.c.id.desc())
    ).first()
    if open_deal is not None:
        return account_id, int(open_deal.id)
    return account_id, _create_opportunity(conn, registration, account_id, now)


def record_registration_touch(conn: Connection, registration: Registration, opportunity_id: int,
                              actor: str, now: datetime) -> int:
    """A confirmed deal_registration touch, so the next attribution run counts the partner as sourcing it."""
    values = {"source_system": SOURCE_SYSTEM, "external_id": f"registration-{registration.id}",
              "partner_id": registration.partner_id, "opportunity_id": opportunity_id,
              "type": TouchType.DEAL_REGISTRATION.value, "touched_on": now.date(), "actor": actor,
              "evidence": f"deal registration {registration.id} approved", "status": TouchStatus.CONFIRMED.value}
    return _insert(conn, touches, values)


def _create_account(conn: Connection, registration: Registration) -> int:
    values = {"source_system": SOURCE_SYSTEM, "external_id": _new_external_id("account"),
              "name": registration.company_name, "domain": registration.domain}
    return _insert(conn, accounts, values)


def _create_opportunity(conn: Connection, registration: Registration, account_id: int, now: datetime) -> int:
    amount = registration.estimated_amount
    assert amount is not None, "a submitted registration always carries an estimated amount"
    values = {"source_system": SOURCE_SYSTEM, "external_id": _new_external_id("opportunity"),
              "account_id": account_id, "name": f"{registration.company_name} (deal registration {registration.id})",
              "amount_minor": amount.minor, "currency": amount.currency, "stage": REGISTERED_STAGE,
              "outcome": Outcome.OPEN.value, "created_on": now.date(),
              "expected_close_on": registration.estimated_close_on, "lead_source": "Partner deal registration"}
    return _insert(conn, opportunities, values)


def _new_external_id(kind: str) -> str:
    return f"reg-{kind}-{uuid.uuid4().hex[:16]}"


def _insert(conn: Connection, table: Table, values: Mapping[str, object]) -> int:
    return int(conn.execute(table.insert().values(**values).returning(table.c.id)).scalar_one())

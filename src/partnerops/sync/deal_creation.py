"""Approved deal registrations worked in the CRM: the deal (and its company, when the CRM has none for it) created
there, then re-keyed here to the CRM's ids, so the next pull updates the same record instead of adding a second
one and the partner's registration touch stays on it. Only when the connection's mapping says `create: true`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select, update

from partnerops.analytics.live import live_opportunity
from partnerops.domain.money import Money
from partnerops.registrations.approval import SOURCE_SYSTEM
from partnerops.store.audit import record_changes
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import accounts, opportunities
from partnerops.sync.runs import RunReport

# A deal created without an expected close closes this long after it was registered (Salesforce requires one).
DEFAULT_CLOSE = timedelta(days=90)
# Creates: CRM object -> records (field -> value) -> per record, the new CRM id or the error.
Create = Callable[[str, list[dict[str, Any]]], list[tuple[str | None, str | None]]]


@dataclass(frozen=True)
class RegisteredDeal:
    opportunity_id: int
    name: str
    amount: Money | None
    stage: str
    close_on: str
    account_id: int
    account_name: str
    account_domain: str | None
    # The account's id in this CRM, when it came from there.
    crm_account: str | None


@dataclass(frozen=True)
class DealCreation:
    engine: Engine
    crm: str
    create: Create
    stage: str
    actor: str


def create_registered_deals(job: DealCreation, report: RunReport) -> None:
    """Create each approved registration's deal that exists only in PartnerOps, its company first when needed."""
    with job.engine.connect() as conn:
        deals = registered_deals(conn, job.crm)
    companies = {d.account_id: d for d in deals if d.crm_account is None}
    company_ids = _create_companies(job, list(companies.values()), report)
    ready = [d for d in deals if d.crm_account or company_ids.get(d.account_id)]
    records = [_deal_record(job.crm, d, d.crm_account or company_ids[d.account_id], job.stage) for d in ready]
    created = job.create("Opportunity" if job.crm == "salesforce" else "deals", records) if records else []
    made = {d.opportunity_id: crm_id for d, (crm_id, _) in zip(ready, created, strict=True) if crm_id}
    for deal, (_, error) in zip(ready, created, strict=True):
        if error:
            report.problems.append(f"registered deal {deal.name!r}: not created in the CRM: {error}")
    _rekey(job, opportunities, made)
    report.add("registered deals", created=len(made), failed=len(deals) - len(made))


def registered_deals(conn: Connection, crm: str) -> list[RegisteredDeal]:
    """Live deals that approved registrations created here and no CRM holds yet."""
    o, a, r = opportunities.c, accounts.c, registrations.c
    query = (select(o.id, o.name, o.amount_minor, o.currency, o.stage, o.expected_close_on, o.created_on, a.id,
                    a.name, a.domain, a.source_system, a.external_id)
             .join(accounts, accounts.c.id == o.account_id)
             .where(o.source_system == SOURCE_SYSTEM, live_opportunity(),
                    o.id.in_(select(r.opportunity_id).where(r.status == "approved")))
             .order_by(o.id))
    return [RegisteredDeal(row[0], row[1], Money.from_minor(row[2], row[3]) if row[2] is not None else None,
                           row[4], str(row[5] or row[6] + DEFAULT_CLOSE), row[7], row[8], row[9],
                           row[11] if row[10] == crm else None)
            for row in conn.execute(query)]


def _create_companies(job: DealCreation, deals: list[RegisteredDeal], report: RunReport) -> dict[int, str]:
    if not deals:
        return {}
    if job.crm == "salesforce":
        records = [{"Name": d.account_name, "Website": d.account_domain} for d in deals]
    else:
        records = [{"name": d.account_name, "domain": d.account_domain} for d in deals]
    created = job.create("Account" if job.crm == "salesforce" else "companies", records)
    made = {d.account_id: crm_id for d, (crm_id, _) in zip(deals, created, strict=True) if crm_id}
    for deal, (_, error) in zip(deals, created, strict=True):
        if error:
            report.problems.append(f"company {deal.account_name!r}: not created in the CRM: {error}")
    _rekey(job, accounts, made)
    return made


def _deal_record(crm: str, deal: RegisteredDeal, company: str, stage: str) -> dict[str, Any]:
    amount = str(deal.amount.amount) if deal.amount else None
    currency = deal.amount.currency if deal.amount else None
    if crm == "salesforce":
        return {"Name": deal.name, "AccountId": company, "StageName": stage, "CloseDate": deal.close_on,
                "Amount": amount, "CurrencyIsoCode": currency, "LeadSource": "Partner deal registration"}
    return {"properties": {"dealname": deal.name, "dealstage": stage, "closedate": deal.close_on, "amount": amount,
                           "deal_currency_code": currency},
            "associations": [{"to": {"id": company}, "types": [
                {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 5}]}]}


def _rekey(job: DealCreation, table: Any, made: dict[int, str]) -> None:
    """The records created in the CRM take its ids here: the next pull updates them, audited as a change of key."""
    if not made:
        return
    at = datetime.now(UTC)
    with job.engine.begin() as conn:
        query = select(table.c.id, table.c.external_id).where(table.c.id.in_(list(made)))
        old: dict[int, str] = {int(i): str(e) for i, e in conn.execute(query).all()}
        for row_id, crm_id in made.items():
            conn.execute(update(table).where(table.c.id == row_id, table.c.source_system == SOURCE_SYSTEM)
                         .values(source_system=job.crm, external_id=crm_id))
        changes = pl.DataFrame([(row_id, "external_id", f"{SOURCE_SYSTEM}:{old[row_id]}", f"{job.crm}:{crm_id}")
                                for row_id, crm_id in made.items()],
                               schema=["entity_id", "field", "old_value", "new_value"], orient="row")
        record_changes(conn, table.name, changes, job.actor, at, reason="created in the CRM from a deal registration")

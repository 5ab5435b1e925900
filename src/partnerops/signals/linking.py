"""Which deal a conversation belongs to: the CRM ids the recorder logged it against, else the customer
participants' email domains matched to accounts; the account's open opportunity is the deal. Deals and accounts
deleted in the CRM are never linked to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from partnerops.analytics.live import live_account, live_opportunity
from partnerops.domain.enums import Outcome
from partnerops.ingest.conversations.model import Conversation, Side, SideRule
from partnerops.store.tables import accounts, opportunities


@dataclass(frozen=True)
class DealLink:
    account_id: int | None = None
    opportunity_id: int | None = None
    linked_by: str | None = None


UNLINKED = DealLink()


def link_conversation(conn: Connection, conversation: Conversation, rule: SideRule) -> DealLink:
    return (_by_crm_opportunity(conn, conversation.crm_opportunity_ids)
            or _by_account(conn, accounts.c.external_id, conversation.crm_account_ids, "crm_account")
            or _by_account(conn, accounts.c.domain, _customer_domains(conversation, rule), "email_domain")
            or UNLINKED)


def _by_crm_opportunity(conn: Connection, ids: tuple[str, ...]) -> DealLink | None:
    if not ids:
        return None
    query = select(opportunities.c.id, opportunities.c.account_id).where(
        opportunities.c.external_id.in_(ids), live_opportunity()
    )
    # An open deal first: a mention is news for the deal still being worked.
    query = query.order_by((opportunities.c.outcome != Outcome.OPEN.value), opportunities.c.created_on.desc())
    row = conn.execute(query).first()
    return None if row is None else DealLink(row.account_id, row.id, "crm_opportunity")


def _by_account(conn: Connection, column: object, keys: tuple[str, ...], how: str) -> DealLink | None:
    if not keys:
        return None
    query = select(accounts.c.id).where(column.in_(keys), live_account())  # type: ignore[attr-defined]
    found = conn.execute(query.order_by(accounts.c.id)).scalars().first()
    if found is None:
        return None
    return DealLink(int(found), open_opportunity(conn, int(found)), how)


def open_opportunity(conn: Connection, account_id: int) -> int | None:
    """The account's most recently created open opportunity."""
    query = select(opportunities.c.id).where(opportunities.c.account_id == account_id,
                                             opportunities.c.outcome == Outcome.OPEN.value, live_opportunity())
    found = conn.execute(query.order_by(opportunities.c.created_on.desc(), opportunities.c.id.desc())).scalars().first()
    return None if found is None else int(found)


def _customer_domains(conversation: Conversation, rule: SideRule) -> tuple[str, ...]:
    return tuple(sorted({email.rsplit("@", 1)[1] for email in conversation.participant_emails
                         if "@" in email and rule.side_of_email(email) is Side.CUSTOMER}))

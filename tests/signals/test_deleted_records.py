"""Conversation signals never link to a deal or account the CRM deleted."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, update

from partnerops.ingest.conversations.model import Conversation
from partnerops.signals.linking import DealLink, link_conversation
from partnerops.store.tables import accounts, opportunities
from signals.signals_kit import RULE, seed_crm

DELETED = datetime(2026, 3, 5, tzinfo=UTC)


def _link(engine: Engine, **context: tuple[str, ...]) -> DealLink:
    with engine.connect() as conn:
        return link_conversation(conn, Conversation("gong", (), **context), RULE)  # type: ignore[arg-type]


def _delete(engine: Engine, table: object, record_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(update(table).where(table.c.id == record_id).values(deleted_at=DELETED))  # type: ignore[attr-defined]


def test_a_deleted_open_deal_is_not_the_deal_a_conversation_links_to(engine: Engine) -> None:
    ids = seed_crm(engine)
    assert _link(engine, participant_emails=("wile@globex.com",)).opportunity_id == ids["globex_open"]
    _delete(engine, opportunities, ids["globex_open"])
    linked = _link(engine, participant_emails=("wile@globex.com",))
    assert (linked.account_id, linked.opportunity_id) == (ids["globex"], None)
    by_id = _link(engine, crm_opportunity_ids=("0065g00000GLOBEXOPP",))
    assert by_id.opportunity_id != ids["globex_open"]


def test_a_deleted_account_links_nothing(engine: Engine) -> None:
    ids = seed_crm(engine)
    _delete(engine, accounts, ids["globex"])
    assert _link(engine, participant_emails=("wile@globex.com",)).account_id is None
    assert _link(engine, crm_account_ids=("0015g00000GLOBEX",)).account_id is None
    assert _link(engine, crm_opportunity_ids=("0065g00000GLOBEXOPP",)).opportunity_id is None


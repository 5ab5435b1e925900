"""A partner's account matches as a list for review: their listed account beside ours, the tier and score, the
pending ones (awaiting a decision) by default, likeliest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from partnerops.mapping.matching import MatchStatus
from partnerops.mapping.tiers import MatchTier
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts
from partnerops.web.listing import Column, Filter, ListSpec

MATCH_REVIEW = ListSpec(
    noun="matches",
    columns=(Column("their_name", "Their account"), Column("our_name", "Our account"), Column("tier", "Tier"),
             Column("score", "Score")),
    default_sort="-score",
    search=("their_name", "their_domain", "our_name", "our_ref"),
    filters=(Filter("status", "Status", tuple(s.value for s in MatchStatus), default=MatchStatus.PENDING.value),
             Filter("tier", "Tier", tuple(t.value for t in MatchTier))),
    exported=(Column("their_name", "Their account"), Column("their_domain", "Their domain"),
              Column("their_ref", "Their id"), Column("our_name", "Our account"), Column("our_ref", "Our account id"),
              Column("tier", "Tier"), Column("score", "Score"), Column("status", "Status"),
              Column("decided_by", "Decided by")),
)  # fmt: skip


def match_list(partner_id: int) -> Select[Any]:
    """Every match of the partner's listed accounts to ours, for `MATCH_REVIEW`."""
    m, p, a = account_matches.c, partner_accounts.c, accounts.c
    return (
        select(m.id, p.name.label("their_name"), p.domain.label("their_domain"), p.external_id.label("their_ref"),
               a.name.label("our_name"), a.external_id.label("our_ref"), m.tier, m.score, m.status, m.decided_by)
        .join_from(account_matches, partner_accounts, m.partner_account_id == p.id)
        .join(accounts, m.account_id == a.id)
        .where(m.partner_id == partner_id)
    )  # fmt: skip

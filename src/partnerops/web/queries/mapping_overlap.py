"""The overlap rules of `partnerops.mapping.overlap` written in SQL, for every partner at once: our relationship
with each matched account as a rank, the best match of each listed account and the category it falls in. The
mapping list pages page and count with these; tests/web/test_mapping_overlap_sql.py proves they agree with
`overlap()` and `shared_accounts()`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, select

# The import kinds registry loads first: it merges `ingest.kinds_mapping`, read here.
import partnerops.ingest.kinds  # noqa: F401
from partnerops.analytics.live import live_account, live_opportunity_in_bulk
from partnerops.domain.enums import Outcome
from partnerops.ingest.kinds_mapping import PartnerAccountStatus
from partnerops.mapping.overlap import COUNTED, OurStatus, OverlapCategory
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts, opportunities

__all__ = ["CUSTOMER_RANK", "STATUS_BY_RANK", "best_matches", "best_ranks", "counted_matches", "deal_ranks",
           "listed_overlap", "our_status", "overlap_category"]

# Our relationship with an account as a number, so "furthest along" is a max: a live won deal makes a customer
# (3), an open one an open opportunity (2), only other deals a prospect we worked (1); no live deal at all is 0.
CUSTOMER_RANK, OPEN_RANK, PROSPECT_RANK, NO_OPPORTUNITY_RANK = 3, 2, 1, 0
STATUS_BY_RANK = {CUSTOMER_RANK: OurStatus.CUSTOMER, OPEN_RANK: OurStatus.OPEN_OPPORTUNITY,
                  PROSPECT_RANK: OurStatus.PROSPECT, NO_OPPORTUNITY_RANK: OurStatus.NO_OPPORTUNITY}


def counted_matches(*where: ColumnElement[bool]) -> Select[tuple[int]]:
    """Our accounts that a match that counts (matched or confirmed) pairs with a listed account."""
    m = account_matches.c
    return select(m.account_id).where(m.status.in_(COUNTED), *where)


def deal_ranks(matched: Select[tuple[int]]) -> Subquery:
    """[account_id, rank] for each of the accounts `matched` selects that has a live deal."""
    o = opportunities.c
    rank = case((o.outcome == Outcome.WON.value, CUSTOMER_RANK), (o.outcome == Outcome.OPEN.value, OPEN_RANK),
                else_=PROSPECT_RANK)
    return (select(o.account_id, func.max(rank).label("rank"))
            .where(o.account_id.in_(matched), live_opportunity_in_bulk()).group_by(o.account_id)
            .subquery("deal_ranks"))  # fmt: skip


def _ranked(*where: ColumnElement[bool]) -> Select[Any]:
    """Each counted match to a live account of ours, with our rank for that account."""
    m = account_matches.c
    ranks = deal_ranks(counted_matches(*where))
    return (select(m.id, m.partner_id, m.partner_account_id, m.account_id, m.tier, m.score,
                   func.coalesce(ranks.c.rank, NO_OPPORTUNITY_RANK).label("rank"))
            .join_from(account_matches, accounts, accounts.c.id == m.account_id)
            .outerjoin(ranks, ranks.c.account_id == m.account_id)
            .where(m.status.in_(COUNTED), live_account(), *where))  # fmt: skip


def best_ranks(*where: ColumnElement[bool]) -> Subquery:
    """[partner_id, partner_account_id, rank]: how far along we are with the best of each listed account's matches
    (the category needs no more than that)."""
    ranked = _ranked(*where).subquery("ranked")
    r = ranked.c
    return (select(r.partner_id, r.partner_account_id, func.max(r.rank).label("rank"))
            .group_by(r.partner_id, r.partner_account_id).subquery("best_ranks"))  # fmt: skip


def best_matches(*where: ColumnElement[bool]) -> Subquery:
    """One match per listed account, as `overlap` picks it: the account of ours we are furthest along with, then
    the highest score (then the earliest match, where `overlap` leaves a tie to chance), with that account's name,
    segment and region."""
    ranked = _ranked(*where).subquery("ranked")
    r, a = ranked.c, accounts.c
    place = func.row_number().over(partition_by=r.partner_account_id, order_by=(r.rank.desc(), r.score.desc(), r.id))
    placed = (select(r.partner_id, r.partner_account_id, r.account_id, r.tier, r.score, r.rank, a.name, a.segment,
                     a.region, place.label("place"))
              .join_from(ranked, accounts, a.id == r.account_id).subquery("placed"))  # fmt: skip
    return select(placed).where(placed.c.place == 1).subquery("best_matches")


def overlap_category(their_status: ColumnElement[Any], rank: ColumnElement[Any]) -> ColumnElement[Any]:
    """`overlap._category` on a listed account's status and our best rank (NULL: no match): their customer and
    ours, shared; theirs and a deal we worked, co-sell target; theirs and never a deal of ours, white space; their
    prospect and our customer. NULL where none holds (the row is in no category)."""
    their_customer = their_status == PartnerAccountStatus.CUSTOMER.value
    return case(
        (and_(their_customer, rank == CUSTOMER_RANK), OverlapCategory.SHARED_CUSTOMERS.value),
        (and_(their_customer, rank.in_((OPEN_RANK, PROSPECT_RANK))), OverlapCategory.CO_SELL_TARGETS.value),
        (their_customer, OverlapCategory.WHITE_SPACE.value),
        (rank == CUSTOMER_RANK, OverlapCategory.OUR_CUSTOMERS_THEIR_PROSPECTS.value),
    )


def our_status(rank: ColumnElement[Any]) -> ColumnElement[Any]:
    """The `OurStatus` value a rank stands for (NULL: no matched account)."""
    return case(*((rank == value, status.value) for value, status in STATUS_BY_RANK.items()))


def listed_overlap(partner_ids: list[int] | None = None) -> Subquery:
    """[partner_id, category] for every listed account of every partner (or of those in `partner_ids`), in one pass
    (category NULL: none)."""
    p = partner_accounts.c
    best = best_ranks() if partner_ids is None else best_ranks(account_matches.c.partner_id.in_(partner_ids))
    on = and_(best.c.partner_account_id == p.id, best.c.partner_id == p.partner_id)
    query = select(p.partner_id, overlap_category(p.status, best.c.rank).label("category")).outerjoin(best, on)
    return (query if partner_ids is None else query.where(p.partner_id.in_(partner_ids))).subquery("listed_overlap")

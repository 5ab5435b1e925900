"""Which partners share each of our accounts, as a list: every partner list at once, one row per account of ours a
counted match pairs with a live partner's list, with the partners that have it as a customer and as a prospect;
the rows `partnerops.mapping.shared_accounts` gives, paged, sorted and counted in the database."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, case, func, select

# The import kinds registry loads first: it merges `ingest.kinds_mapping`, read here.
import partnerops.ingest.kinds  # noqa: F401
from partnerops.analytics.live import live_account, live_partner
from partnerops.ingest.kinds_mapping import PartnerAccountStatus
from partnerops.mapping.overlap import COUNTED, OurStatus
from partnerops.store.mapping_tables import account_matches, partner_accounts
from partnerops.store.tables import accounts, partners
from partnerops.web.listing import Column, Filter, ListSpec
from partnerops.web.queries.mapping_overlap import NO_OPPORTUNITY_RANK, counted_matches, deal_ranks, our_status

__all__ = ["NAMES_SEPARATOR", "SHARED_LIST", "shared_base", "shared_choices", "shared_list"]

# Partner names travel joined by this in the query (each database's own string aggregate, in no set order) and
# are sorted when shown or exported.
NAMES_SEPARATOR = "\x1f"


def _names(key: str) -> Callable[[Mapping[Any, Any]], object]:
    """The CSV cell of a row's partner names: sorted, joined by "; " as the download always wrote them."""

    def cell(row: Mapping[Any, Any]) -> object:
        return "; ".join(sorted(row[key].split(NAMES_SEPARATOR))) if row[key] else ""

    return cell


# The download keeps the columns and headers it had before the page became a list.
SHARED_LIST = ListSpec(
    noun="accounts of ours on partners' lists",
    columns=(Column("our_name", "Our account"), Column("our_status", "Our status"), Column("segment", "Segment"),
             Column("region", "Region"), Column("partner_count", "Partners"),
             Column("customer_of", "Their customer", sortable=False),
             Column("prospect_of", "Their prospect", sortable=False)),
    default_sort="-partner_count",
    search=("our_name", "our_ref", "customer_of", "prospect_of"),
    filters=(Filter("min_partners", "At least this many partners"),
             Filter("our_status", "Our status", tuple(s.value for s in OurStatus)), Filter("segment", "Segment"),
             Filter("region", "Region")),
    tiebreak="our_account_id",
    exported=(*(Column(key, key) for key in ("our_account_id", "our_name", "our_status", "segment", "region",
                                             "partner_count")),
              Column("customer_of", "customer_of", cell=_names("customer_of")),
              Column("prospect_of", "prospect_of", cell=_names("prospect_of"))),
)  # fmt: skip


def _sharing_partners() -> Select[Any]:
    """[account_id, partner_id, name, customer] per live partner whose list a counted match pairs with our account;
    customer is 1 when any of its rows matched to the account says so."""
    m, p = account_matches.c, partner_accounts.c
    customer = func.max(case((p.status == PartnerAccountStatus.CUSTOMER.value, 1), else_=0))
    return (select(m.account_id, m.partner_id, partners.c.name, customer.label("customer"))
            .join_from(account_matches, partner_accounts, m.partner_account_id == p.id)
            .join(partners, partners.c.id == m.partner_id)
            .where(m.status.in_(COUNTED), live_partner())
            .group_by(m.account_id, m.partner_id, partners.c.name))  # fmt: skip


def _names_where(pairs: Any, customer: int) -> ColumnElement[Any]:
    return func.aggregate_strings(case((pairs.c.customer == customer, pairs.c.name)), NAMES_SEPARATOR)


def shared_list() -> Select[Any]:
    """Each live account of ours that a live partner's list holds by a counted match, with how many partners
    have it and their names, for `SHARED_LIST` (the rows `shared_accounts()` gives)."""
    pairs = _sharing_partners().subquery("pairs")
    shared = (select(pairs.c.account_id, func.count().label("partner_count"),
                     _names_where(pairs, 1).label("customer_of"), _names_where(pairs, 0).label("prospect_of"))
              .group_by(pairs.c.account_id).subquery("shared"))  # fmt: skip
    ranks, a = deal_ranks(counted_matches()), accounts.c
    rows = (select(a.id.label("our_account_id"), a.external_id.label("our_ref"), a.name.label("our_name"),
                   our_status(func.coalesce(ranks.c.rank, NO_OPPORTUNITY_RANK)).label("our_status"), a.segment,
                   a.region, shared.c.partner_count, shared.c.customer_of, shared.c.prospect_of)
            .join_from(shared, accounts, a.id == shared.c.account_id)
            .outerjoin(ranks, ranks.c.account_id == a.id).where(live_account()))  # fmt: skip
    found = rows.subquery("shared_accounts")
    return select(found)


def shared_base() -> Select[Any]:
    """The rows of `shared_list` without their partners and our status: what its total, name sort and segment and
    region filters need when every account shared by at least one partner is asked for."""
    m, a = account_matches.c, accounts.c
    sharing = (select(m.account_id).join_from(account_matches, partners, partners.c.id == m.partner_id)
               .where(m.status.in_(COUNTED), live_partner()))  # fmt: skip
    return select(a.id.label("our_account_id"), a.external_id.label("our_ref"), a.name.label("our_name"), a.segment,
                  a.region).where(a.id.in_(sharing), live_account())


def shared_choices(connection: Connection, key: str) -> tuple[str, ...]:
    """The segments (or regions, by `key`) of our accounts that partners' lists share."""
    a = accounts.c
    values = select(a[key]).where(a[key].is_not(None), a.id.in_(counted_matches()), live_account()).distinct()
    return tuple(sorted(str(v) for v in connection.execute(values).scalars()))

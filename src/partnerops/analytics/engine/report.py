"""The impact report's aggregations as Ibis expressions: the rows `analytics.impact_queries` and
`analytics.activation` compute in DuckDB SQL, computed on DuckDB or Spark from the same relations.

Backends return counts, integer sums and medians of whole days only; every interval and every money figure is
then built from those rows by the code the in-process engine uses, so all engines print the same report.
"""

from __future__ import annotations

import ibis

from partnerops.analytics.activation import ActivationCounts
from partnerops.analytics.engine.backend import fetch, load
from partnerops.analytics.engine.impact import ALL, comparison_counts, open_pipeline
from partnerops.analytics.impact_aggregates import Aggregates, Relations
from partnerops.analytics.impact_queries import Row
from partnerops.domain.enums import Outcome

_COLUMNS = {
    "created": ("id", "created_on", "attached"),
    "attributed": ("opportunity_id", "partner_id"),
    "closed": ("id", "outcome", "tier", "attached", "period", "value_minor", "cycle_days"),
    "open_deals": ("tier", "stage", "outcome", "value_minor"),
    "members": ("dimension", "key", "label", "id"),
    "partners": ("partner_id", "name", "type", "joined_on"),
    "partner_wins": ("partner_id", "closed_on"),
}
_GROUP = ("dimension", "key")


def engine_aggregates(backend: ibis.BaseBackend, relations: Relations) -> Aggregates:
    """Every aggregation of the impact report run on `backend`."""
    tables = {name: load(backend, f"impact_{name}", getattr(relations, name).select(*columns))
              for name, columns in _COLUMNS.items()}  # fmt: skip
    closed = tables["closed"]
    attributed = tables["attributed"]
    return Aggregates(
        comparisons=_rows(backend, comparison_counts(closed)),
        segments=_rows(backend, segment_figures(tables["members"], closed)),
        mix=_rows(backend, won_mix(closed)),
        pipeline=_rows(backend, open_pipeline(tables["open_deals"])),
        proof=_proof_rows(backend, partner_proof(tables["partners"], tables["partner_wins"])),
        activation=ActivationCounts(
            firsts=fetch(backend, partner_firsts(tables["partners"], tables["partner_wins"])),
            quarters=fetch(backend, quarter_counts(tables["created"], attributed)),
        ),
        partners_per_deal=fetch(
            backend, attributed.group_by(id=attributed.opportunity_id).agg(count=attributed.count())
        ),
    )


def segment_figures(members: ibis.Table, closed: ibis.Table) -> ibis.Table:
    """Per (dimension, key) of the closed deals' groups: the counts, sums and medians of `segment_figures`."""
    deals = members.join(closed.drop("tier", "period"), "id")
    won = deals.outcome == Outcome.WON.value
    # A median with `where` compiles to an invalid percentile() on Spark; a null outside won deals does the same.
    won_cycle_days = ibis.ifelse(won, deals.cycle_days, ibis.null(deals.cycle_days.type()))
    grouped = deals.group_by(*_GROUP).agg(
        label=deals.label.arbitrary(),
        closed=deals.count(),
        won=deals.count(where=won),
        lost=deals.count(where=deals.outcome == Outcome.LOST.value),
        attached_closed=deals.count(where=deals.attached),
        attached_won=deals.count(where=deals.attached & won),
        unknown_amounts=deals.count(where=won & deals.value_minor.isnull()),
        won_minor=deals.value_minor.sum(where=won).fill_null(0),
        median_cycle_days=won_cycle_days.median(),
    )
    medians = _median_twice(deals.filter(won, deals.value_minor.notnull()))
    joined = grouped.left_join(medians, [grouped.dimension == medians.m_dimension, grouped.key == medians.m_key])
    return joined.drop("m_dimension", "m_key")


def _median_twice(won: ibis.Table) -> ibis.Table:
    """Per group, the sum of the two middle known won amounts (the middle one twice when their count is odd)."""
    ordered = ibis.window(group_by=[won.dimension, won.key], order_by=won.value_minor)
    whole = ibis.window(group_by=[won.dimension, won.key])
    ranked = won.mutate(position=ibis.row_number().over(ordered), known=won.value_minor.count().over(whole))
    lower = (ranked.position == (ranked.known - 1) // 2).cast("int64")
    upper = (ranked.position == ranked.known // 2).cast("int64")
    return ranked.group_by(m_dimension=ranked.dimension, m_key=ranked.key).agg(
        median_twice_minor=(ranked.value_minor * (lower + upper)).sum()
    )


def won_mix(closed: ibis.Table) -> ibis.Table:
    """Won deals and their amount per tier, per period and over the whole report ('all')."""
    won = closed.filter(closed.outcome == Outcome.WON.value)

    def mix(period: ibis.Value) -> ibis.Table:
        return won.group_by(period=period, tier=won.tier).agg(
            won=won.count(),
            amount_minor=won.value_minor.sum(),
            unknown_amounts=won.count(where=won.value_minor.isnull()),
        )

    return mix(ibis.literal(ALL)).union(mix(won.period))


def partner_proof(partners: ibis.Table, wins: ibis.Table) -> ibis.Table:
    """Per partner: won attributed deals, the first one's close date and the days from joining to it."""
    won = wins.select(won_partner=wins.partner_id, closed_on=wins.closed_on)
    joined = partners.left_join(won, partners.partner_id == won.won_partner)
    grouped = joined.group_by("partner_id", "name", "type", "joined_on").agg(
        won_deals=joined.closed_on.count(), first_won_on=joined.closed_on.min()
    )
    return grouped.mutate(days_to_first_deal=grouped.first_won_on.delta(grouped.joined_on, unit="day"))


def partner_firsts(partners: ibis.Table, wins: ibis.Table) -> ibis.Table:
    """partner_id, joined_on, first_won_on (null without a won attributed deal)."""
    proof = partner_proof(partners, wins)
    return proof.select("partner_id", "joined_on", "first_won_on")


def quarter_counts(created: ibis.Table, attributed: ibis.Table) -> ibis.Table:
    """Per quarter of creation: deals created and attached, (deal, partner) pairs and distinct partners on them."""
    deals = created.mutate(year=created.created_on.year(), quarter=created.created_on.quarter())
    per_quarter = deals.group_by("year", "quarter").agg(
        created=deals.count(), attached=deals.count(where=deals.attached)
    )
    pairs = deals.join(attributed, deals.id == attributed.opportunity_id)
    per_pair = pairs.group_by(p_year=pairs.year, p_quarter=pairs.quarter).agg(
        partner_opportunities=pairs.count(), active_partners=pairs.partner_id.nunique()
    )
    joined = per_quarter.left_join(
        per_pair, [per_quarter.year == per_pair.p_year, per_quarter.quarter == per_pair.p_quarter]
    )
    return joined.select(
        "year",
        "quarter",
        "created",
        "attached",
        partner_opportunities=joined.partner_opportunities.fill_null(0),
        active_partners=joined.active_partners.fill_null(0),
    )


def _rows(backend: ibis.BaseBackend, expression: ibis.Table) -> list[Row]:
    rows: list[Row] = fetch(backend, expression).to_dicts()
    return rows


def _proof_rows(backend: ibis.BaseBackend, expression: ibis.Table) -> list[Row]:
    """In the order the report lists partners: most won deals first, then by name and id."""
    frame = fetch(backend, expression).sort(
        "won_deals", "name", "partner_id", descending=[True, False, False], nulls_last=True
    )
    rows: list[Row] = frame.to_dicts()
    return rows

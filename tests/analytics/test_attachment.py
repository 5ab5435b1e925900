"""The attachment model: win rate by partners per deal in each band, and the count its stated rule suggests."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from statsmodels.stats.proportion import proportion_confint

from analytics.impact_rows import ImpactRows
from partnerops.analytics.attachment import AttachmentCell, suggest
from partnerops.analytics.impact import ImpactOptions, impact_report
from partnerops.analytics.stats import win_rate


def cell(partners: str, won: int, closed: int) -> AttachmentCell:
    return AttachmentCell(partners, closed, won, win_rate(won, closed))


def test_win_rate_by_partner_count_per_band_counts_the_partners_on_each_deal(engine: Engine) -> None:
    with engine.begin() as connection:
        rows = ImpactRows(connection)
        ids = [rows.partner(f"P{i}") for i in range(4)]
        rows.deal("won", 10_000_00)
        rows.deal("lost", 10_000_00)
        rows.deal("won", 10_000_00, partners={ids[0]: "influence"})
        rows.deal("won", 50_000_00, partners={ids[0]: "influence", ids[1]: "sourced"})
        rows.deal("lost", 50_000_00, partners={ids[0]: "co_sell", ids[1]: "co_sell"})
        rows.deal("won", 50_000_00, partners={i: "influence" for i in ids})  # four partners: '3+'
        rows.deal("lost", 50_000_00, partners={i: "influence" for i in ids[:3]})
    model = impact_report(engine, ImpactOptions(as_of=date(2026, 1, 15))).attachment
    assert [band.band for band in model] == ["<25k", "25k–100k", "100k–250k", "≥250k"]
    small, medium = ({c.partners: (c.won, c.closed) for c in band.cells} for band in model[:2])
    assert small == {"0": (1, 2), "1": (1, 1), "2": (0, 0), "3+": (0, 0)}
    assert medium == {"0": (0, 0), "1": (0, 0), "2": (1, 2), "3+": (1, 2)}
    two = model[1].cells[2].win_rate
    assert (two.low, two.high) == pytest.approx(proportion_confint(1, 2, method="wilson"))
    assert model[0].suggested is None and "no partner count has 5 or more closed deals" in model[0].note


def test_the_smallest_count_within_the_best_counts_interval_is_suggested() -> None:
    cells = (cell("0", 20, 100), cell("1", 45, 100), cell("2", 50, 100), cell("3+", 3, 4))
    best, suggested, note = suggest(cells)
    # 3+ has too few deals to count; 2 wins most (50%, interval from 40.4%); 1 partner's 45% lies inside it
    assert (best, suggested) == ("2", "1")
    assert note == "deals with 2 partners win most; with 1 partner they win within its 95% interval"


def test_a_count_that_clearly_wins_more_is_both_best_and_suggested() -> None:
    best, suggested, note = suggest((cell("0", 10, 100), cell("1", 60, 100), cell("2", 20, 100)))
    assert (best, suggested) == ("1", "1")
    assert "no fewer come close" in note

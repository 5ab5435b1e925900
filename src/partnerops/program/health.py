"""The partner health score (0..100): five inputs, each normalised to 0..1 and weighted by the settings.

psat = mean PSAT / target (no answer: `psat_missing`); portal_activity, trainings, deals = min(raw / target, 1);
recency = max(0, 1 - days since the last attributed deal / target) (no deal: 0).
score = 100 * sum(weight * normalised) / sum(weight). A stored score keeps every input's raw value, normalised
value and points, so the next score explains itself: which inputs moved it, by how many points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from sqlalchemy import Connection, delete, select

from partnerops.domain.roles import Principal
from partnerops.program.access import check_visible
from partnerops.program.health_inputs import RAW_COLUMNS, health_inputs
from partnerops.program.program_settings import HealthSettings, ProgramSettings
from partnerops.store.program_tables import health_scores


@dataclass(frozen=True)
class InputMove:
    name: str
    raw: float | None
    normalised: float
    points: float
    previous_points: float | None

    @property
    def change(self) -> float | None:
        return None if self.previous_points is None else round(self.points - self.previous_points, 2)


@dataclass(frozen=True)
class HealthScore:
    partner_id: int
    scored_on: date
    score: float
    previous_score: float | None
    previous_on: date | None
    inputs: tuple[InputMove, ...]

    @property
    def change(self) -> float | None:
        return None if self.previous_score is None else round(self.score - self.previous_score, 2)

    def movers(self) -> list[InputMove]:
        """Inputs that moved the score, the largest move first."""
        moved = [i for i in self.inputs if i.change]
        return sorted(moved, key=lambda i: (-abs(i.change or 0.0), i.name))


def normalised_scores(raw: pl.DataFrame, settings: HealthSettings) -> pl.DataFrame:
    """`raw` with `<input>__n` (0..1), `<input>__points` and `score` columns added."""
    total = sum(settings.weights().values())

    def capped(name: str) -> pl.Expr:
        target: float = getattr(settings, name).target
        return (pl.col(name) / target).clip(upper_bound=1.0)

    normal = {
        "psat": capped("psat").fill_null(settings.psat_missing),
        "portal_activity": capped("portal_activity"),
        "trainings": capped("trainings"),
        "deals": capped("deals"),
        "recency": (1 - pl.col("recency") / settings.recency.target).clip(lower_bound=0.0).fill_null(0.0),
    }
    frame = raw.with_columns(expr.cast(pl.Float64).alias(f"{name}__n") for name, expr in normal.items())
    frame = frame.with_columns(
        (100 * pl.col(f"{name}__n") * weight / total).round(2).alias(f"{name}__points")
        for name, weight in settings.weights().items()
    )
    return frame.with_columns(score=pl.sum_horizontal(f"{name}__points" for name in RAW_COLUMNS).round(2))


def score_partners(conn: Connection, settings: ProgramSettings, as_of: date) -> list[HealthScore]:
    """Score every partner as of `as_of` and store it (scoring the same day again replaces that day's score)."""
    scored = normalised_scores(health_inputs(conn, settings.health, as_of), settings.health)
    conn.execute(delete(health_scores).where(health_scores.c.scored_on == as_of))
    rows = [
        {"partner_id": row["partner_id"], "scored_on": as_of, "score": row["score"], "inputs": _inputs_json(row),
         "settings_version": settings.version}
        for row in scored.iter_rows(named=True)
    ]  # fmt: skip
    if rows:
        conn.execute(health_scores.insert(), rows)
    return [s for s in (latest_score(conn, row["partner_id"], as_of) for row in rows) if s is not None]


def _inputs_json(row: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    return {name: {"raw": row[name], "normalised": round(row[f"{name}__n"], 4), "points": row[f"{name}__points"]}
            for name in RAW_COLUMNS}  # fmt: skip


def latest_score(conn: Connection, partner_id: int, on_or_before: date) -> HealthScore | None:
    """The partner's score of the latest day up to `on_or_before`, explained against the one before it."""
    found = _history_rows(conn, partner_id, on_or_before, limit=2)
    if not found:
        return None
    current, previous = found[0], found[1] if len(found) > 1 else None
    moves = tuple(
        InputMove(name, values["raw"], values["normalised"], values["points"],
                  previous.inputs[name]["points"] if previous and name in previous.inputs else None)
        for name, values in current.inputs.items()
    )  # fmt: skip
    return HealthScore(partner_id, current.scored_on, current.score, previous.score if previous else None,
                       previous.scored_on if previous else None, moves)  # fmt: skip


def score_history(conn: Connection, principal: Principal, partner_id: int) -> list[tuple[date, float]]:
    """Every stored score of the partner, oldest first (a partner user may ask only for its own)."""
    check_visible(principal, "partner", partner_id, partner_id)
    return [(row.scored_on, row.score) for row in reversed(_history_rows(conn, partner_id, date.max, limit=None))]


def _history_rows(conn: Connection, partner_id: int, on_or_before: date, limit: int | None) -> list[Any]:
    h = health_scores.c
    query = (select(h.scored_on, h.score, h.inputs).where(h.partner_id == partner_id, h.scored_on <= on_or_before)
             .order_by(h.scored_on.desc()).limit(limit))  # fmt: skip
    return list(conn.execute(query))

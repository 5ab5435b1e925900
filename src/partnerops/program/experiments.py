"""Partner experiments as the playbooks teach: a hypothesis, a metric, success criteria, a window, a cohort
and a control. The evaluation computes the metric for both over the window, compares them with an interval
and states whether the criteria were met (met, not met, or inconclusive when the interval straddles them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, select

from partnerops.analytics.stats import WIN_RATE_METHOD, Interval, win_rate
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, require_role
from partnerops.program.errors import InvalidProgramInput, ProgramNotFound
from partnerops.program.experiment_criteria import Verdict, parse_criteria, verdict
from partnerops.program.experiment_intervals import RESAMPLES, mean_comparison, rate_comparison
from partnerops.program.experiment_metrics import ExperimentMetric, attributed_deals, per_partner_values, win_counts
from partnerops.store.program_tables import experiments
from partnerops.store.tables import partners


@dataclass(frozen=True)
class ExperimentInput:
    name: str
    hypothesis: str
    metric: ExperimentMetric
    success_criteria: str
    starts_on: date
    ends_on: date
    cohort: tuple[int, ...]
    control: tuple[int, ...]


@dataclass(frozen=True)
class Evaluation:
    experiment: str
    metric: ExperimentMetric
    criteria: str
    cohort_value: Interval
    control_value: Interval
    comparison: Interval
    verdict: Verdict
    method: str

    def to_json(self) -> dict[str, Any]:
        def interval(i: Interval) -> dict[str, Any]:
            return {"value": i.value, "low": i.low, "high": i.high, "undefined": i.undefined}

        return {"metric": self.metric.value, "criteria": self.criteria, "cohort": interval(self.cohort_value),
                "control": interval(self.control_value), "comparison": interval(self.comparison),
                "verdict": self.verdict.value, "method": self.method}  # fmt: skip


def record_experiment(conn: Connection, principal: Principal, form: ExperimentInput,
                      now: datetime | None = None) -> int:  # fmt: skip
    require_role(principal, PROGRAM_MANAGERS, "recording experiments")
    parse_criteria(form.success_criteria)
    _check_sets(conn, form)
    if form.ends_on < form.starts_on:
        raise InvalidProgramInput("ends_on", f"the window ends ({form.ends_on}) before it starts ({form.starts_on})")
    if conn.execute(select(experiments.c.id).where(experiments.c.name == form.name)).first() is not None:
        raise InvalidProgramInput("name", f"an experiment named {form.name!r} exists already")
    return int(conn.execute(experiments.insert().values(
        name=form.name, hypothesis=form.hypothesis, metric=form.metric.value,
        success_criteria=str(parse_criteria(form.success_criteria)), starts_on=form.starts_on, ends_on=form.ends_on,
        cohort=sorted(form.cohort), control=sorted(form.control), created_at=now or datetime.now(UTC),
        created_by=principal.email,
    ).returning(experiments.c.id)).scalar_one())  # fmt: skip


def _check_sets(conn: Connection, form: ExperimentInput) -> None:
    if not form.cohort or not form.control:
        raise InvalidProgramInput("cohort", "name the partners of both the cohort and the control")
    if set(form.cohort) & set(form.control):
        raise InvalidProgramInput("control", f"partners in both sets: {sorted(set(form.cohort) & set(form.control))}")
    known = set(conn.execute(select(partners.c.id)).scalars())
    unknown = sorted((set(form.cohort) | set(form.control)) - known)
    if unknown:
        raise InvalidProgramInput("cohort", f"unknown partner ids: {unknown}")


def get_experiment(conn: Connection, name: str) -> dict[str, Any]:
    row = conn.execute(select(experiments).where(experiments.c.name == name)).first()
    if row is None:
        raise ProgramNotFound("experiment", name)
    return dict(row._mapping)


def list_experiments(conn: Connection) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in conn.execute(select(experiments).order_by(experiments.c.starts_on))]


def evaluate_experiment(conn: Connection, name: str, currency: str = "USD") -> Evaluation:
    """Compute the metric for cohort and control over the window, compare, judge, and store the evaluation."""
    found = get_experiment(conn, name)
    metric, criteria = ExperimentMetric(found["metric"]), parse_criteria(found["success_criteria"])
    window = (found["starts_on"], found["ends_on"])
    deals = attributed_deals(conn, *window, currency)
    if metric is ExperimentMetric.WIN_RATE:
        cohort, control = (win_counts(deals, list(found[s]), *window) for s in ("cohort", "control"))
        values = (win_rate(*cohort), win_rate(*control))
        comparison = rate_comparison(*cohort, *control, ratio=criteria.is_ratio)
        method = WIN_RATE_METHOD + "; " + ("Katz log interval of the ratio" if criteria.is_ratio else "Newcombe")
    else:
        samples = [per_partner_values(deals, list(found[s]), metric, *window) for s in ("cohort", "control")]
        values = (_mean(samples[0]), _mean(samples[1]))
        comparison = mean_comparison(samples[0], samples[1], ratio=criteria.is_ratio)
        method = f"percentile bootstrap over partners ({RESAMPLES} resamples) of the means' " + (
            "ratio" if criteria.is_ratio else "difference")
    result = Evaluation(name, metric, str(criteria), *values, comparison, verdict(criteria, comparison), method)
    conn.execute(experiments.update().where(experiments.c.name == name).values(evaluation=result.to_json()))
    return result


def _mean(values: Any) -> Interval:
    return Interval(float(values.mean()), None, None) if values.size else Interval.missing("no partners")

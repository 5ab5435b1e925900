"""The words and figures the ecosystem report prints the same way in the terminal and on its HTML page."""

from __future__ import annotations

from decimal import Decimal

from partnerops.ecosystem.model import EcosystemReport, Estimate, Explanation, GroupFigures

__all__ = ["DIMENSION_TITLES", "MARKETPLACE_NAMES", "days_text", "explanation_line", "heading", "method_lines",
           "money_text", "ratio_text", "value_text"]  # fmt: skip

DIMENSION_TITLES = {"all": "All customers", "source": "By source", "tier": "By attribution tier",
                    "partner_type": "By partner type", "partner": "By partner"}  # fmt: skip
MARKETPLACE_NAMES = {"aws": "AWS Marketplace", "azure": "Microsoft commercial marketplace",
                     "gcp": "Google Cloud Marketplace"}  # fmt: skip
# What the ROPI table lists: program costs are per partner.
INVESTED = ("partner_type", "partner")


def heading(report: EcosystemReport) -> str:
    return (f"Ecosystem report: {report.starts_on} to {report.as_of} ({report.months} months), "
            f"in {report.currency}")  # fmt: skip


def method_lines(report: EcosystemReport) -> tuple[str, ...]:
    """How the figures were made, once for the whole report (each figure's own: --explain)."""
    return (
        f"Groups: each customer by its first won deal in attribution run {report.policy_version!r}; customers "
        "with no won deal or no partner are direct. Amounts at the rate valid on the report's day.",
        "ARR: a customer's revenue periods running on a day, per year. NRR and GRR: the customers paying at the "
        "start, their ARR at the end (GRR leaves expansion out) over their ARR at the start.",
        f"Lifetime value: ARR per customer × margin {report.margin} ÷ annual churn of those customers. Time to "
        "value: median days from the close of the first won deal to the first go-live or first usage.",
        "ROPI: attributed revenue (ARR ÷ 12 per month, split evenly among the deal's partners) × margin ÷ "
        "commissions paid, MDF reimbursed and other costs in the window; payback: that cost ÷ margin per month.",
        "Marketplaces: transactions billed in the window through each cloud marketplace, charges less refunds; "
        "fees are what the marketplace kept; disbursed: the net it has paid out by the report's day.",
        f"95% intervals: percentile bootstrap over customers, {report.draws} draws, seed {report.seed} "
        "(derived from the data, so the same records give the same intervals); ∞: too few churned customers for "
        "the data to bound the lifetime.",
    )


def ratio_text(estimate: Estimate) -> str:
    """'112.5% (104.2–121.0)', or 'n/a' without customers."""
    if estimate.value is None:
        return "n/a"
    return f"{estimate.value:.1%}{_interval(estimate, '.1%')}"


def money_text(estimate: Estimate) -> str:
    return "n/a" if estimate.value is None else f"{estimate.value:,}{_interval(estimate, ',')}"


def days_text(estimate: Estimate) -> str:
    """'17.5 (11.5–20.5, n=6)': the median names how many customers it is the median of."""
    if estimate.value is None:
        return "n/a"
    return f"{estimate.value}{_interval(estimate, '', f', n={estimate.n}')}"


def _interval(estimate: Estimate, spec: str, tail: str = "") -> str:
    """' (low–high)', with ∞ for an unbounded upper end; nothing when no interval was drawn."""
    if estimate.low is None and estimate.high is None:
        return f" ({tail[2:]})" if tail else ""
    low = "?" if estimate.low is None else format(estimate.low, spec).rstrip("%")
    high = "∞" if estimate.high is None else format(estimate.high, spec).rstrip("%")
    return f" ({low}–{high}{tail})"


def value_text(value: Decimal | None, spec: str = "") -> str:
    return "–" if value is None else format(value, spec)


def explanation_line(group: GroupFigures, explanation: Explanation) -> str:
    """'Acme Cloud (partner) nrr = <formula>; inputs: name value, …; result: …'."""
    inputs = "; ".join(f"{name} {value}" for name, value in explanation.inputs)
    group_name = f"{group.label} ({group.dimension.replace('_', ' ')})"
    return f"{group_name} {explanation.figure} = {explanation.formula}. Inputs: {inputs}. Result: {explanation.result}"

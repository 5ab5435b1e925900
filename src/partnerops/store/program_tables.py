"""MDF funds, requests and claims; lifecycle, tiers, enablement, health and experiments."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from partnerops.store.tables import metadata

__all__ = [
    "enablement_completions",
    "experiments",
    "health_scores",
    "mdf_allocations",
    "mdf_claims",
    "mdf_requests",
    "metadata",
    "onboarding_items",
    "psat_responses",
    "tier_reviews",
]


def _partner() -> Column[int]:
    return Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True)


mdf_allocations = Table(
    "mdf_allocations",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    # A fiscal period as written by the program: "2026-Q4", "2026-H2" or "2026".
    Column("period", String(16), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("allocated_at", DateTime(timezone=True), nullable=False),
    Column("allocated_by", String(200), nullable=False),
    UniqueConstraint("partner_id", "period", "currency", name="uq_mdf_allocations_key"),
)

mdf_requests = Table(
    "mdf_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    Column("period", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("plan", Text, nullable=False),
    Column("budget_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    # pending -> approved | rejected
    Column("status", String(16), nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", String(200)),
    Column("decision_reason", Text),
)

mdf_claims = Table(
    "mdf_claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("request_id", Integer, ForeignKey("mdf_requests.id"), nullable=False, index=True),
    _partner(),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    # Proof of performance: where the evidence is (a file reference or URL) and what it shows.
    Column("proof_reference", Text, nullable=False),
    Column("proof_description", Text, nullable=False),
    # claimed -> approved -> reimbursed, or claimed -> rejected
    Column("status", String(16), nullable=False),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("claimed_by", String(200), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", String(200)),
    Column("decision_reason", Text),
    Column("reimbursed_at", DateTime(timezone=True)),
    Column("payment_reference", String(200)),
)

onboarding_items = Table(
    "onboarding_items",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    Column("item", String(64), nullable=False),
    Column("done_on", Date, nullable=False),
    Column("done_by", String(200), nullable=False),
    UniqueConstraint("partner_id", "item", name="uq_onboarding_items_key"),
)

tier_reviews = Table(
    "tier_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    Column("period", String(16), nullable=False),
    Column("current_tier", String(64)),
    Column("proposed_tier", String(64), nullable=False),
    # promotion | demotion
    Column("direction", String(16), nullable=False),
    # Each criterion of the current and proposed tiers: required, actual, met.
    Column("criteria", JSON, nullable=False),
    Column("criteria_version", String(64), nullable=False),
    # proposed -> accepted | rejected
    Column("status", String(16), nullable=False),
    Column("proposed_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("decided_by", String(200)),
    Column("decision_reason", Text),
    UniqueConstraint("partner_id", "period", name="uq_tier_reviews_key"),
)


def _imported() -> list[Column[object]]:
    return [
        Column("source_system", String(32), nullable=False),
        Column("external_id", String(128), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


enablement_completions = Table(
    "enablement_completions",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    Column("course", String(200), nullable=False),
    # course | certification
    Column("kind", String(16), nullable=False),
    Column("person", String(200), nullable=False),
    Column("completed_on", Date, nullable=False),
    Column("expires_on", Date),
    *_imported(),
    UniqueConstraint("source_system", "external_id", name="uq_enablement_completions_source_key"),
)

psat_responses = Table(
    "psat_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    Column("responded_on", Date, nullable=False),
    # 0..10, validated on import against the closed set of scores.
    Column("score", String(2), nullable=False),
    Column("respondent", String(200)),
    Column("comment", Text),
    *_imported(),
    UniqueConstraint("source_system", "external_id", name="uq_psat_responses_source_key"),
)

health_scores = Table(
    "health_scores",
    metadata,
    Column("id", Integer, primary_key=True),
    _partner(),
    Column("scored_on", Date, nullable=False),
    Column("score", Float, nullable=False),
    # Per input: raw value, normalised value, weight and points, so a score explains itself later.
    Column("inputs", JSON, nullable=False),
    Column("settings_version", String(64), nullable=False),
    UniqueConstraint("partner_id", "scored_on", name="uq_health_scores_key"),
)

experiments = Table(
    "experiments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("hypothesis", Text, nullable=False),
    Column("metric", String(32), nullable=False),
    Column("success_criteria", String(64), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("cohort", JSON, nullable=False),
    Column("control", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("evaluation", JSON),
)

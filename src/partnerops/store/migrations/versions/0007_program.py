"""MDF, lifecycle, tiers, enablement, health and experiments

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hypothesis", sa.Text(), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("success_criteria", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("cohort", sa.JSON(), nullable=False),
        sa.Column("control", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("evaluation", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
        sa.UniqueConstraint("name", name=op.f("uq_experiments_name"))
    )
    op.create_table(
        "enablement_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("course", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"],
                                name=op.f("fk_enablement_completions_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enablement_completions")),
        sa.UniqueConstraint("source_system", "external_id", name="uq_enablement_completions_source_key")
    )
    op.create_index(op.f("ix_enablement_completions_partner_id"), "enablement_completions", ["partner_id"],
                    unique=False)
    op.create_table(
        "health_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("settings_version", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_health_scores_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_scores")),
        sa.UniqueConstraint("partner_id", "scored_on", name="uq_health_scores_key")
    )
    op.create_index(op.f("ix_health_scores_partner_id"), "health_scores", ["partner_id"], unique=False)
    op.create_table(
        "mdf_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("allocated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_mdf_allocations_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mdf_allocations")),
        sa.UniqueConstraint("partner_id", "period", "currency", name="uq_mdf_allocations_key")
    )
    op.create_index(op.f("ix_mdf_allocations_partner_id"), "mdf_allocations", ["partner_id"], unique=False)
    op.create_table(
        "mdf_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("budget_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_mdf_requests_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mdf_requests"))
    )
    op.create_index(op.f("ix_mdf_requests_partner_id"), "mdf_requests", ["partner_id"], unique=False)
    op.create_table(
        "onboarding_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=64), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.Column("done_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_onboarding_items_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_items")),
        sa.UniqueConstraint("partner_id", "item", name="uq_onboarding_items_key")
    )
    op.create_index(op.f("ix_onboarding_items_partner_id"), "onboarding_items", ["partner_id"], unique=False)
    op.create_table(
        "psat_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column("score", sa.String(length=2), nullable=False),
        sa.Column("respondent", sa.String(length=200), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("source_system", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_psat_responses_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_psat_responses")),
        sa.UniqueConstraint("source_system", "external_id", name="uq_psat_responses_source_key")
    )
    op.create_index(op.f("ix_psat_responses_partner_id"), "psat_responses", ["partner_id"], unique=False)
    op.create_table(
        "tier_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("current_tier", sa.String(length=64), nullable=True),
        sa.Column("proposed_tier", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("criteria_version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_tier_reviews_partner_id_partners")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tier_reviews")),
        sa.UniqueConstraint("partner_id", "period", name="uq_tier_reviews_key")
    )
    op.create_index(op.f("ix_tier_reviews_partner_id"), "tier_reviews", ["partner_id"], unique=False)
    op.create_table(
        "mdf_claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("proof_reference", sa.Text(), nullable=False),
        sa.Column("proof_description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("reimbursed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payment_reference", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["partners.id"], name=op.f("fk_mdf_claims_partner_id_partners")),
        sa.ForeignKeyConstraint(["request_id"], ["mdf_requests.id"],
                                name=op.f("fk_mdf_claims_request_id_mdf_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mdf_claims"))
    )
    op.create_index(op.f("ix_mdf_claims_partner_id"), "mdf_claims", ["partner_id"], unique=False)
    op.create_index(op.f("ix_mdf_claims_request_id"), "mdf_claims", ["request_id"], unique=False)
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table("mdf_claims")
    op.drop_table("tier_reviews")
    op.drop_table("psat_responses")
    op.drop_table("onboarding_items")
    op.drop_table("mdf_requests")
    op.drop_table("mdf_allocations")
    op.drop_table("health_scores")
    op.drop_table("enablement_completions")
    op.drop_table("experiments")

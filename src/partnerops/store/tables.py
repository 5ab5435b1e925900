"""The schema. Money is integer minor units plus a currency code; dates are dates; timestamps are UTC."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def _timestamps() -> list[Column[object]]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


def _deleted() -> Column[object]:
    """When the source system deleted or merged the record away: kept for the audit trail, out of every figure."""
    return Column("deleted_at", DateTime(timezone=True))


def _fingerprint() -> Column[object]:
    """A hash of the file row an import last wrote the record from (ingest/fingerprints.py); a trigger clears it
    whenever anything else writes the record, so a re-import skips only rows that would change nothing."""
    return Column("import_fingerprint", BigInteger)


def _as_imported(*fields: str) -> list[Column[object]]:
    """The value a shared field had when last imported: the base of the three-way merge on re-import (a field
    both the CRM and PartnerOps may change takes the file's value only where the file changed it)."""
    return [Column(f"{name}_as_imported", Text) for name in fields]


def _source_key() -> list[Column[object]]:
    """Every imported record is keyed on the system it came from and its id there (upserts use it)."""
    return [
        Column("source_system", String(32), nullable=False),
        Column("external_id", String(128), nullable=False),
    ]


partners = Table(
    "partners",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("name", String(200), nullable=False),
    Column("type", String(32), nullable=False),
    Column("tier", String(64)),
    Column("stage", String(32)),
    Column("domain", String(253)),
    Column("owner", String(200)),
    Column("joined_on", Date),
    _deleted(),
    *_as_imported("type", "tier", "stage", "domain", "owner"),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_partners_source_key"),
    Index("ix_partners_name", "name", "id"),  # lists sorted by partner walk it (revision 0035)
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("name", String(200), nullable=False),
    Column("domain", String(253)),
    Column("segment", String(64)),
    Column("region", String(64)),
    Column("country", String(2)),
    # The parent account's id in the same source system (the account hierarchy), resolved when read.
    Column("parent_id", String(128)),
    # Other names the company goes by (former names, brands, tickers), separated by ";": account mapping
    # matches on them.
    Column("aliases", Text),
    _fingerprint(),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_accounts_source_key"),
)

opportunities = Table(
    "opportunities",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("name", String(300), nullable=False),
    # Unknown (None) only for an open deal: real pipeline exports hold open deals without an amount yet.
    Column("amount_minor", BigInteger),
    Column("currency", String(3), nullable=False),
    Column("stage", String(100), nullable=False),
    Column("outcome", String(8), nullable=False),
    Column("created_on", Date, nullable=False),
    Column("closed_on", Date),
    # An open deal's expected close (Salesforce's CloseDate before the deal closes); None once closed.
    Column("expected_close_on", Date),
    Column("lead_source", String(100)),
    # The sales rep who owns the deal and their team, and new business / expansion / renewal.
    Column("owner", String(200)),
    Column("owner_team", String(200)),
    Column("deal_type", String(32)),
    _fingerprint(),
    _deleted(),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_opportunities_source_key"),
    Index("ix_opportunities_created", "created_on", "id"),  # the opportunity list pages newest first (revision 0025)
)

touches = Table(
    "touches",
    metadata,
    Column("id", Integer, primary_key=True),
    *_source_key(),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), nullable=False, index=True),
    Column("type", String(40), nullable=False),
    Column("touched_on", Date, nullable=False),
    Column("actor", String(200)),
    Column("evidence", Text),
    Column("status", String(16), nullable=False),
    _deleted(),
    *_as_imported("status"),
    *_timestamps(),
    UniqueConstraint("source_system", "external_id", name="uq_touches_source_key"),
    # Credit's journeys query looks up a deal's touches by partner (revision 0021).
    Index("ix_touches_opportunity_partner", "opportunity_id", "partner_id"),
    # The touch queue pages claimed touches by date (revision 0025).
    Index("ix_touches_status_date", "status", "touched_on", "id"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", String(200)),
    Column("role", String(32), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id")),
    Column("password_hash", String(255)),
    # A disabled user cannot sign in; a deleted one keeps its row (and so the audit trail that names its id)
    # with the email replaced, so the address can be invited again.
    Column("disabled_at", DateTime(timezone=True)),
    Column("deleted_at", DateTime(timezone=True)),
    *_timestamps(),
)

currency_rates = Table(
    "currency_rates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("quote_currency", String(3), nullable=False),
    Column("valid_on", Date, nullable=False),
    # Exact decimal text: SQLite has no decimal type and a rate must not pass through a float.
    Column("rate", String(40), nullable=False),
    UniqueConstraint("currency", "quote_currency", "valid_on", name="uq_currency_rates_key"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("field", String(64), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
    Column("reason", Text),
    Index("ix_audit_log_entity", "entity", "entity_id"),
    Index("ix_audit_log_at", "at", "id"),  # the audit page pages newest first (revision 0025)
)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("format", String(32), nullable=False),
    Column("options", JSON, nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("inserted", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    # running, finished, interrupted (Ctrl-C or killed: a running batch whose process is gone), failed,
    # dry_run or refused (stopped before writing, e.g. too many dates would change without --yes).
    Column("status", String(16), nullable=False, server_default="finished"),
    Column("finished_at", DateTime(timezone=True)),
    Column("actor", String(200)),
    Column("pid", Integer),
    Column("host", String(255)),
    Column("deleted", Integer, nullable=False, server_default="0"),
    Column("warnings", Integer, nullable=False, server_default="0"),
    Column("error", Text),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), nullable=False, index=True),
    Column("file", Text, nullable=False),
    Column("row_number", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("field", String(128), nullable=False),
    Column("value", Text),
    Column("reason", Text, nullable=False),
    Column("raw", JSON, nullable=False),
    Column("status", String(16), nullable=False, default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # One entry per source record: (source system, id), or the file's name and row where a row has no id.
    Column("source_system", String(32)),
    Column("record_key", Text),
    # error: the row did not land; warning: it landed with the named optional field left empty.
    Column("severity", String(8), nullable=False, server_default="error"),
    # Every problem of the row, not only the first: a JSON list of {field, value, reason}.
    Column("errors", JSON),
    Column("updated_at", DateTime(timezone=True)),
    Column("closed_batch_id", Integer),
    Index("ix_quarantine_record", "kind", "source_system", "record_key"),
    Index("ix_quarantine_status_file", "status", "file", "id"),  # the quarantine page's order (revision 0025)
)

attribution_runs = Table(
    "attribution_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("policy_version", String(64), nullable=False),
    Column("policy_digest", String(12), nullable=False),
    Column("policy", JSON, nullable=False),
    Column("ran_at", DateTime(timezone=True), nullable=False),
    Column("opportunities", Integer, nullable=False),
    Column("attributions", Integer, nullable=False),
    UniqueConstraint("policy_version", "policy_digest", name="uq_attribution_runs_policy"),
)

attribution_results = Table(
    "attribution_results",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("attribution_runs.id", ondelete="CASCADE"), nullable=False),
    Column("opportunity_id", Integer, ForeignKey("opportunities.id"), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False),
    Column("tier", String(16), nullable=False),
    # The touches that made the tier, as a JSON list of touch ids in date order.
    Column("evidence", JSON, nullable=False),
    Index("ix_attribution_results_run_opportunity", "run_id", "opportunity_id"),
    Index("ix_attribution_results_run_partner", "run_id", "partner_id"),  # partners' deal counts (revision 0025)
)

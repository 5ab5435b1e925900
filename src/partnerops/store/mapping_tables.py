"""Partner account lists, match decisions, the aliases they teach and sharing levels for account mapping."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from partnerops.store.tables import metadata

__all__ = ["account_aliases", "account_matches", "mapping_sharing", "metadata", "partner_accounts"]

# One row per account on a partner's list. The import's source system is "partner-<partners.id>", so the
# natural key (source_system, external_id) is the partner plus its own account id (or a stable hash).
partner_accounts = Table(
    "partner_accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_system", String(32), nullable=False),
    Column("external_id", String(128), nullable=False),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("domain", String(253)),
    # customer, prospect, open_opportunity (the partner's relationship with the account)
    Column("status", String(20), nullable=False),
    Column("owner", String(200)),
    Column("region", String(64)),
    Column("segment", String(64)),
    # Other names of the company on the partner's list (former names, tickers), separated by ";".
    Column("aliases", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_partner_accounts_source_key"),
)

# A proposed or decided pair of (their account, our account). A re-run replaces the undecided rows and
# keeps every confirmed or rejected one, so a user's decision is never asked for twice.
account_matches = Table(
    "account_matches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False),
    Column("partner_account_id", Integer, ForeignKey("partner_accounts.id", ondelete="CASCADE"), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False),
    # domain, name, fuzzy
    Column("tier", String(8), nullable=False),
    Column("score", Float, nullable=False),
    # matched (domain and name tiers), pending (fuzzy, awaiting review), confirmed, rejected
    Column("status", String(10), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", DateTime(timezone=True)),
    UniqueConstraint("partner_account_id", "account_id", name="uq_account_matches_pair"),
    Index("ix_account_matches_partner_status", "partner_id", "status"),
)

# Names that a confirmed match taught: the partner's name for one of our accounts. Every later matching run, for
# any partner, matches that name to the account (tier "alias"). `alias_key` is the name as normalised.
account_aliases = Table(
    "account_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("alias", String(200), nullable=False),
    Column("alias_key", String(200), nullable=False),
    Column("match_id", Integer, ForeignKey("account_matches.id", ondelete="SET NULL")),
    Column("taught_by", String(200), nullable=False),
    Column("taught_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "alias_key", name="uq_account_aliases_account_key"),
)

# What a partner's users may see of the overlap; a partner without a row is "hidden".
mapping_sharing = Table(
    "mapping_sharing",
    metadata,
    Column("partner_id", Integer, ForeignKey("partners.id"), primary_key=True),
    Column("level", String(12), nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

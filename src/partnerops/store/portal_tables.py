"""The partner portal's own records: clicks on referral links, files partners upload (MDF proof), and the
installation's secrets (the key that hashes a visitor's address)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, LargeBinary, String, Table, Text

from partnerops.store.tables import metadata

__all__ = ["referral_clicks", "site_secrets", "stored_files"]

# One visit through a partner's referral link. No personal data in clear: the visitor's address and browser are
# kept only as keyed hashes, the referring page without its query string.
referral_clicks = Table(
    "referral_clicks",
    metadata,
    Column("id", Integer, primary_key=True),
    # The click's code, handed to the referral site: a lead or deal carrying it links back to this click.
    Column("code", String(32), nullable=False, unique=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    Column("clicked_at", DateTime(timezone=True), nullable=False),
    Column("visitor_hash", String(64), nullable=False),
    Column("user_agent_hash", String(64), nullable=False),
    Column("referer", Text),
)

# A file a partner's user uploaded, kept in the database (one backup holds it); `purpose` says what it proves.
stored_files = Table(
    "stored_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("partner_id", Integer, ForeignKey("partners.id"), nullable=False, index=True),
    # "mdf_proof": the proof of performance attached to an MDF claim.
    Column("purpose", String(32), nullable=False),
    Column("mdf_claim_id", Integer, ForeignKey("mdf_claims.id"), unique=True),
    Column("filename", String(255), nullable=False),
    # Read from the file's first bytes when it was uploaded, never from its name.
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_by", String(320), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
)

# Secrets the installation makes for itself on first use (never shown, never exported to a page).
site_secrets = Table(
    "site_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

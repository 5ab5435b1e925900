"""The built-in scheduler's state: one lease per job (which worker may run it now) and the record of each run."""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text

from partnerops.store.tables import metadata

job_leases = Table(
    "job_leases",
    metadata,
    Column("job", String(64), primary_key=True),
    # The worker holding the lease until `expires_at`; a worker that died lets it lapse, and another takes it.
    Column("holder", String(200), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

job_runs = Table(
    "job_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("job", String(64), nullable=False),
    Column("worker", String(200), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    # running, succeeded or failed.
    Column("outcome", String(16), nullable=False),
    # What the job did, e.g. {"sent": 3, "dead": 0}.
    Column("counts", JSON),
    Column("error", Text),
    Index("ix_job_runs_job_started", "job", "started_at"),
)

# A pending registration past its response deadline is reminded once: the primary key keeps it to one.
sla_reminders = Table(
    "sla_reminders",
    metadata,
    Column("registration_id", Integer, ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True),
    Column("sent_at", DateTime(timezone=True), nullable=False),
)

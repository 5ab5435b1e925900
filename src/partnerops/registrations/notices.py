"""Telling the partner: a plain-text notice of each decision, queued in the same transaction as the decision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from partnerops.mail.queue import enqueue
from partnerops.registrations.model import Registration
from partnerops.registrations.repository import user_email

HEADLINES = {
    "approved": "approved",
    "rejected": "rejected",
    "expired": "expired",
    "extended": "extended",
}


def recipient(conn: Connection, registration: Registration) -> str | None:
    """The user who submitted the registration, or else the contact it names."""
    return user_email(conn, registration.submitted_by) or registration.contact_email


def notify(conn: Connection, registration: Registration, event: str, now: datetime) -> int | None:
    """Queue the notice of `event` (approved, rejected, expired, extended); None when nobody can be told."""
    to_address = recipient(conn, registration)
    if to_address is None:
        return None
    subject = f"Deal registration {registration.id} for {registration.company_name}: {HEADLINES[event]}"
    return enqueue(conn, to_address, subject, notice_body(registration, event), now)


def notice_body(registration: Registration, event: str) -> str:
    lines = [
        f"Your deal registration {registration.id} for {registration.company_name} has been {HEADLINES[event]}.",
        "",
        f"Status: {registration.status.value}",
        f"Expires on: {registration.expires_on.isoformat()}",
    ]
    if registration.decision_reason:
        lines.append(f"Reason: {registration.decision_reason}")
    if registration.estimated_amount is not None:
        lines.append(f"Estimated amount: {registration.estimated_amount}")
    return "\n".join(lines) + "\n"

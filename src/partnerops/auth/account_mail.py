"""The mails that carry a one-time link: an invitation and a password reset, queued with the change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from partnerops.auth.password_links import LinkPurpose
from partnerops.mail.queue import enqueue

__all__ = ["link_url", "queue_link_mail"]

SET_PASSWORD_PATH = "/password/set"

_SUBJECTS = {
    LinkPurpose.INVITATION: "You are invited to PartnerOps",
    LinkPurpose.RESET: "Reset your PartnerOps password",
}
_OPENINGS = {
    LinkPurpose.INVITATION: "You have been invited to PartnerOps as {role}. Choose your password here:",
    LinkPurpose.RESET: "Someone asked to reset the password of your PartnerOps account. Choose a new one here:",
}
_CLOSINGS = {
    LinkPurpose.INVITATION: "Then sign in with {email} and the password you chose.",
    LinkPurpose.RESET: "If it was not you, ignore this mail: your password stays as it is.",
}


def link_url(base_url: str, secret: str) -> str:
    return f"{base_url.rstrip('/')}{SET_PASSWORD_PATH}?token={secret}"


def queue_link_mail(
    conn: Connection, purpose: LinkPurpose, email: str, role: str, url: str, expires_at: datetime, now: datetime
) -> int:
    """Queue the mail in the caller's transaction; returns the message id."""
    body = "\n".join([
        _OPENINGS[purpose].format(role=role.replace("_", " ")), "", url, "",
        f"The link works once, until {expires_at:%Y-%m-%d %H:%M} UTC.", _CLOSINGS[purpose].format(email=email),
    ]) + "\n"  # fmt: skip
    return enqueue(conn, email, _SUBJECTS[purpose], body, now)

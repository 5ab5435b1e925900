"""Invitations and password resets by mail: each queues a one-time link to the page that sets a password,
and using the link sets it. A reset asked for on the login page says nothing of whether the email exists."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection

from partnerops.auth.account_mail import link_url, queue_link_mail
from partnerops.auth.lifecycle import live_user, set_password
from partnerops.auth.password_links import LinkNotValid, LinkPurpose, consume_link, issue_link, open_link, recent_links
from partnerops.auth.password_rules import check_password
from partnerops.auth.user_audit import audit_user
from partnerops.auth.users import UnknownUser, UserRecord, add_user, find_user, user_by_id
from partnerops.domain.roles import Role

__all__ = ["RESETS_PER_HOUR", "SELF_SERVICE", "admin_reset", "invite", "link_holder", "request_reset",
           "use_link"]  # fmt: skip

# The login page's reset form, as an actor: whoever asked is not known.
SELF_SERVICE = "password reset form"
# More reset mails than this per account and hour are not sent: the form cannot be used to flood a mailbox.
RESETS_PER_HOUR = 3


def _send_link(conn: Connection, user: UserRecord, purpose: LinkPurpose, actor: str, base_url: str,
               now: datetime) -> None:  # fmt: skip
    secret, expires_at = issue_link(conn, user.id, purpose, actor, now)
    queue_link_mail(conn, purpose, user.email, user.role.value, link_url(base_url, secret), expires_at, now)
    audit_user(conn, user.id, actor, now, {"password_link": (None, f"{purpose.value} sent, valid until "
                                                                   f"{expires_at:%Y-%m-%d %H:%M} UTC")},
               f"{purpose.value} link sent")  # fmt: skip


def invite(conn: Connection, email: str, role: Role, partner_id: int | None, actor: str, base_url: str,
           now: datetime) -> UserRecord:  # fmt: skip
    """Add the user without a password and mail it a link to choose one (valid for 7 days, once)."""
    user = add_user(conn, email, role, partner_id=partner_id, actor=actor, reason="invited")
    _send_link(conn, user, LinkPurpose.INVITATION, actor, base_url, now)
    return user


def admin_reset(conn: Connection, user_id: int, actor: str, base_url: str, now: datetime) -> UserRecord:
    """The current password stops working at once (sessions end) and a reset link is mailed."""
    user = set_password(conn, live_user(conn, user_id).id, None, actor, now, "password reset by an administrator")
    _send_link(conn, user, LinkPurpose.RESET, actor, base_url, now)
    return user


def request_reset(conn: Connection, email: str, base_url: str, now: datetime) -> None:
    """Mail a reset link to an active user; for an unknown, disabled or throttled email do nothing, silently."""
    try:
        user = find_user(conn, email)
    except UnknownUser:
        return
    recent = recent_links(conn, user.id, LinkPurpose.RESET, now - timedelta(hours=1))
    if not user.is_active or recent >= RESETS_PER_HOUR:
        return
    _send_link(conn, user, LinkPurpose.RESET, SELF_SERVICE, base_url, now)


def link_holder(conn: Connection, secret: str, now: datetime) -> tuple[UserRecord, LinkPurpose]:
    """Whose live link this is and what for; `LinkNotValid` when expired, used, or its user is not active."""
    link = open_link(conn, secret, now)
    user = user_by_id(conn, link.user_id)
    if user is None or not user.is_active:
        raise LinkNotValid()
    return user, link.purpose


def use_link(conn: Connection, secret: str, password: str, now: datetime) -> UserRecord:
    """Set the password through the link, which is then used up; a refused password leaves the link usable."""
    user, purpose = link_holder(conn, secret, now)
    check_password(password, user.email)
    consume_link(conn, secret, now)
    reason = "invitation accepted" if purpose is LinkPurpose.INVITATION else "password reset by mail"
    return set_password(conn, user.id, password, user.email, now, reason)

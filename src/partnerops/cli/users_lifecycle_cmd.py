"""`partnerops users invite|role|disable|enable|delete|reset-password`: a user's life after it was added. Each
change is in the audit log under PARTNEROPS_ACTOR; mail goes out with `partnerops mail send`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

import typer

from partnerops.cli.context import actor, console, open_engine, user_errors
from partnerops.domain.roles import Role

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from partnerops.auth.users import UserRecord

T = TypeVar("T")

EMAIL = typer.Argument(..., help="The user's email, as it signs in.")
ROLE = typer.Option(..., "--role", help="What the user may do; a partner_user sees only its partner.")
PARTNER = typer.Option(None, "--partner", metavar="PARTNER", help="A partner user's partner, by its external id.")


def _problems() -> tuple[type[Exception], ...]:
    from partnerops.auth.lifecycle import UnknownUserId, UserStateConflict
    from partnerops.auth.password_rules import WeakPassword
    from partnerops.auth.users import DuplicateUser, InvalidEmail, UnknownPartner, UnknownUser
    from partnerops.domain.roles import ScopeError

    return (UnknownUser, UnknownUserId, UserStateConflict, WeakPassword, DuplicateUser, InvalidEmail, UnknownPartner,
            ScopeError)  # fmt: skip


def _on_user(email: str, change: Callable[[Connection, UserRecord, datetime], T]) -> T:
    """Find the user by email and apply `change` in one transaction; expected refusals exit with status 2."""
    from partnerops.auth.users import find_user

    with user_errors(*_problems()), open_engine().begin() as conn:
        return change(conn, find_user(conn, email), datetime.now(UTC))


def _base_url() -> str:
    from partnerops.settings import get_settings

    return get_settings().base_url


def invite(email: str = EMAIL, role: Role = ROLE, partner: str | None = PARTNER) -> None:
    """Invite someone by mail: the user is added without a password and gets a one-time link (valid 7 days)."""
    from partnerops.auth.invitations import invite as invite_user
    from partnerops.auth.users import partner_id_of

    with user_errors(*_problems()), open_engine().begin() as conn:
        partner_id = partner_id_of(conn, partner) if partner is not None else None
        user = invite_user(conn, email, role, partner_id, actor(), _base_url(), datetime.now(UTC))
    console.print(f"invited {user.email} ({user.role.value}): the mail with its link is queued; "
                  "`partnerops mail send` delivers it", highlight=False)  # fmt: skip


def role(email: str = EMAIL, new_role: Role = ROLE, partner: str | None = PARTNER) -> None:
    """Give a user another role (a partner_user names its partner); it applies from the user's next request."""
    from partnerops.auth.lifecycle import set_role
    from partnerops.auth.users import partner_id_of

    def change(conn: Connection, user: UserRecord, now: datetime) -> UserRecord:
        partner_id = partner_id_of(conn, partner) if partner is not None else None
        return set_role(conn, user.id, new_role, partner_id, actor(), now)

    user = _on_user(email, change)
    scope = f" of {user.partner_name}" if user.partner_name else ""
    console.print(f"{user.email} is now {user.role.value}{scope}", highlight=False)


def disable(email: str = EMAIL) -> None:
    """Disable a user: its sessions end and its API tokens are revoked at once; it can no longer sign in."""
    from partnerops.auth.lifecycle import disable_user

    user = _on_user(email, lambda conn, user, now: disable_user(conn, user.id, actor(), now))
    console.print(f"disabled {user.email}: signed out everywhere, its API tokens revoked", highlight=False)


def enable(email: str = EMAIL) -> None:
    """Let a disabled user sign in again (its old API tokens stay revoked: make new ones)."""
    from partnerops.auth.lifecycle import enable_user

    user = _on_user(email, lambda conn, user, now: enable_user(conn, user.id, actor(), now))
    console.print(f"enabled {user.email}", highlight=False)


def delete(
    email: str = EMAIL, yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete a user: its password, sessions, API tokens and email go; the audit trail of what it did stays."""
    from partnerops.auth.lifecycle import delete_user

    if not yes:
        typer.confirm(f"Delete {email}? It can no longer sign in and its email is removed", abort=True)
    _on_user(email, lambda conn, user, now: delete_user(conn, user.id, actor(), now))
    console.print(f"deleted {email.strip().lower()}: its sign-in and tokens are gone, its audit trail kept",
                  highlight=False)  # fmt: skip


def reset_password(
    email: str = EMAIL,
    password_stdin: bool = typer.Option(False, "--password-stdin",
                                        help="Set the password read from standard input instead of mailing a link."),
) -> None:
    """Reset a user's password: the current one stops working and a one-time link (valid 1 hour) is mailed.

    With --password-stdin the new password is set directly instead."""
    from partnerops.auth.invitations import admin_reset
    from partnerops.auth.lifecycle import set_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        _on_user(email, lambda conn, user, now: set_password(conn, user.id, password, actor(), now,
                                                             "password set on the command line"))  # fmt: skip
        console.print(f"password of {email.strip().lower()} set; its sessions ended", highlight=False)
        return
    _on_user(email, lambda conn, user, now: admin_reset(conn, user.id, actor(), _base_url(), now))
    console.print(f"reset the password of {email.strip().lower()}: the mail with its link is queued; "
                  "`partnerops mail send` delivers it", highlight=False)  # fmt: skip


COMMANDS: dict[str, Callable[..., None]] = {
    "invite": invite, "role": role, "disable": disable, "enable": enable, "delete": delete,
    "reset-password": reset_password,
}  # fmt: skip

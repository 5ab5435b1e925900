"""Administering users (admins only): list, invite by mail, change a role, disable, enable, delete, and send a
password reset. Every change is in the audit log; a change the user's state no longer allows is a 409.
A partner user's partner is `partner_id`: its external id (SYSTEM:ID or exact name too, in bodies)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from partnerops.api.dependencies import AppSettings, DatabaseEngine, require_roles
from partnerops.api.errors import ApiError
from partnerops.api.params import RecordId, RefIn
from partnerops.api.routes.record_names import external_ids, resolve_optional
from partnerops.auth.lifecycle import UnknownUserId, UserStateConflict
from partnerops.auth.password_rules import WeakPassword
from partnerops.auth.users import DuplicateUser, InvalidEmail, UnknownPartner, UserRecord
from partnerops.domain.roles import Principal, Role, ScopeError

router = APIRouter(tags=["users"])
Admin = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
T = TypeVar("T")


class UserOut(BaseModel):
    id: int
    email: str
    role: Role
    partner_id: str | None = Field(description="A partner user's partner: its external id.")
    partner_name: str | None
    status: str = Field(description="active, disabled or deleted.")
    has_password: bool

    @classmethod
    def of(cls, user: UserRecord, partners: dict[int, str]) -> UserOut:
        return cls(id=user.id, email=user.email, role=user.role,
                   partner_id=None if user.partner_id is None else partners[user.partner_id],
                   partner_name=user.partner_name, status=user.status.value, has_password=user.has_password)


def _users_out(conn: Connection, users: list[UserRecord]) -> list[UserOut]:
    partners = external_ids(conn, "partner", (user.partner_id for user in users))
    return [UserOut.of(user, partners) for user in users]


class UserList(BaseModel):
    items: list[UserOut]


class InvitationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(min_length=3, max_length=320)
    role: Role
    partner_id: RefIn | None = Field(default=None, description="A partner user's partner: its external id, "
                                     "SYSTEM:ID or exact name.")


class RoleIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role
    partner_id: RefIn | None = Field(default=None, description="A partner user's partner: its external id, "
                                     "SYSTEM:ID or exact name.")


@contextmanager
def _refusals() -> Iterator[None]:
    """The service's refusals as the API's statuses."""
    try:
        yield
    except UnknownUserId as exc:
        raise ApiError(404, str(exc)) from exc
    except (UserStateConflict, DuplicateUser) as exc:
        raise ApiError(409, str(exc)) from exc
    except (ScopeError, InvalidEmail, WeakPassword) as exc:
        raise ApiError(422, str(exc), code="invalid") from exc
    except UnknownPartner as exc:
        raise ApiError(422, str(exc), code="invalid", field="partner_id") from exc


def _change(engine: DatabaseEngine, work: Callable[[Connection, datetime], T]) -> T:
    with _refusals(), engine.begin() as conn:
        return work(conn, datetime.now(UTC))


def _partner(conn: Connection, ref: str | None, admin: Principal) -> int | None:
    """The partner a body names; one that does not exist makes the body invalid (422), as the service's check."""
    try:
        return resolve_optional(conn, "partner", ref, admin, "partner_id")
    except ApiError as exc:
        if exc.status != 404:
            raise
        raise ApiError(422, exc.message, code="invalid", field="partner_id") from exc


def _changed(engine: DatabaseEngine, work: Callable[[Connection, datetime], UserRecord]) -> UserOut:
    """The user after `work`, as the API shows it."""
    with _refusals(), engine.begin() as conn:
        return _users_out(conn, [work(conn, datetime.now(UTC))])[0]


@router.get("/users", response_model=UserList, summary="List users")
def list_all(engine: DatabaseEngine, _admin: Admin, include_deleted: bool = False) -> UserList:
    from partnerops.auth.users import list_users

    with engine.connect() as conn:
        return UserList(items=_users_out(conn, list_users(conn, include_deleted)))


@router.post("/users/invitations", response_model=UserOut, status_code=201, summary="Invite a user by mail")
def invite(body: InvitationIn, engine: DatabaseEngine, admin: Admin, settings: AppSettings) -> UserOut:
    """Adds the user without a password and queues a mail with a one-time link (7 days) to choose one."""
    from partnerops.auth.invitations import invite as invite_user

    return _changed(engine, lambda conn, now: invite_user(
        conn, body.email, body.role, _partner(conn, body.partner_id, admin), admin.email, settings.base_url, now))


@router.put("/users/{user_id}/role", response_model=UserOut, summary="Change a user's role")
def change_role(user_id: RecordId, body: RoleIn, engine: DatabaseEngine, admin: Admin) -> UserOut:
    from partnerops.auth.lifecycle import set_role

    return _changed(engine, lambda conn, now: set_role(
        conn, user_id, body.role, _partner(conn, body.partner_id, admin), admin.email, now))


@router.post("/users/{user_id}/disable", response_model=UserOut, summary="Disable a user")
def disable(user_id: RecordId, engine: DatabaseEngine, admin: Admin) -> UserOut:
    """Ends the user's sessions and revokes its API tokens at once."""
    from partnerops.auth.lifecycle import disable_user

    return _changed(engine, lambda conn, now: disable_user(conn, user_id, admin.email, now))


@router.post("/users/{user_id}/enable", response_model=UserOut, summary="Enable a disabled user")
def enable(user_id: RecordId, engine: DatabaseEngine, admin: Admin) -> UserOut:
    """The user may sign in again; its revoked API tokens stay revoked."""
    from partnerops.auth.lifecycle import enable_user

    return _changed(engine, lambda conn, now: enable_user(conn, user_id, admin.email, now))


@router.post("/users/{user_id}/reset-password", response_model=UserOut, summary="Reset a user's password")
def reset_password(user_id: RecordId, engine: DatabaseEngine, admin: Admin, settings: AppSettings) -> UserOut:
    """The current password stops working and a one-time link (1 hour) to choose a new one is mailed."""
    from partnerops.auth.invitations import admin_reset

    return _changed(engine, lambda conn, now: admin_reset(conn, user_id, admin.email, settings.base_url, now))


@router.delete("/users/{user_id}", status_code=204, summary="Delete a user")
def delete(user_id: RecordId, engine: DatabaseEngine, admin: Admin) -> None:
    """Removes the sign-in, tokens and email; the audit trail keeps the user's id and what it did."""
    from partnerops.auth.lifecycle import delete_user

    _change(engine, lambda conn, now: delete_user(conn, user_id, admin.email, now))

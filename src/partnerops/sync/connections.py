"""Stored CRM connections: where the CRM answers, how to sign in, and the sealed secrets. Secrets leave this
module only inside a `CrmConnection`, whose repr never shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from partnerops.store.sync_tables import sync_connections, sync_cursors, sync_pushed, sync_runs
from partnerops.sync.errors import ConnectionExists, CrmAuthFailed, SecretKeyWrong, SyncError, UnknownConnection
from partnerops.sync.sealing import SealBroken, seal, unseal
from partnerops.sync.tokens import jwt_assertion

CRMS = ("salesforce", "hubspot")
AUTHS: dict[str, tuple[str, ...]] = {"salesforce": ("jwt_bearer", "refresh_token"),
                                     "hubspot": ("private_app", "refresh_token")}
# The secrets each sign-in needs (an access token may be added by a refresh).
NEEDED: dict[str, tuple[str, ...]] = {
    "refresh_token": ("client_id", "client_secret", "refresh_token"),
    "private_app": ("access_token",),
    "jwt_bearer": ("client_id", "username", "private_key"),
}
LISTED = ("name", "crm", "auth", "base_url", "token_url", "mapping_path", "created_at", "updated_at")


class ConnectionInvalid(SyncError):
    """A connection that cannot work as given: which setting, what is wrong."""


@dataclass(frozen=True)
class CrmConnection:
    name: str
    crm: str
    auth: str
    base_url: str
    token_url: str | None = None
    mapping_path: str | None = None
    secrets: dict[str, str] = field(default_factory=dict, repr=False)
    id: int | None = None


def check_connection(connection: CrmConnection) -> None:
    """Refuse a CRM, sign-in or URL that cannot work, and missing secrets, naming what to fix."""
    if connection.crm not in CRMS:
        raise ConnectionInvalid(f"crm {connection.crm!r}: choose one of {', '.join(CRMS)}")
    if connection.auth not in AUTHS[connection.crm]:
        raise ConnectionInvalid(f"auth {connection.auth!r} for {connection.crm}: choose one of "
                                f"{', '.join(AUTHS[connection.crm])}")
    for name, url in (("base URL", connection.base_url), ("token URL", connection.token_url)):
        if url is not None and not url.startswith(("https://", "http://")):
            raise ConnectionInvalid(f"{name} {url!r} is not an http(s) URL")
    missing = [s for s in NEEDED[connection.auth] if not connection.secrets.get(s)]
    if missing:
        raise ConnectionInvalid(f"{connection.auth} sign-in needs {', '.join(missing)}")
    if connection.auth in ("refresh_token", "jwt_bearer") and not connection.token_url:
        raise ConnectionInvalid(f"{connection.auth} sign-in needs the token URL")
    if connection.auth == "jwt_bearer" and connection.token_url:
        try:
            jwt_assertion(connection.secrets, connection.token_url)
        except CrmAuthFailed as exc:
            raise ConnectionInvalid("the private key (PEM, RSA) cannot sign a JWT bearer assertion") from exc


def add_connection(engine: Engine, connection: CrmConnection, key: bytes) -> int:
    check_connection(connection)
    now = datetime.now(UTC)
    values = {"name": connection.name, "crm": connection.crm, "auth": connection.auth,
              "base_url": connection.base_url.rstrip("/"), "token_url": connection.token_url,
              "mapping_path": connection.mapping_path, "sealed_secrets": seal(connection.secrets, key),
              "created_at": now, "updated_at": now}
    with engine.begin() as conn:
        if conn.execute(select(sync_connections.c.id).where(sync_connections.c.name == connection.name)).first():
            raise ConnectionExists(connection.name)
        return int(conn.execute(insert(sync_connections).values(values).returning(sync_connections.c.id))
                   .scalar_one())


def list_connections(engine: Engine) -> list[dict[str, Any]]:
    """Every connection without its secrets, by name."""
    columns = [sync_connections.c[name] for name in LISTED]
    with engine.connect() as conn:
        rows = conn.execute(select(*columns).order_by(sync_connections.c.name)).all()
    return [dict(row._mapping) for row in rows]


def load_connection(engine: Engine, name: str, key: bytes) -> CrmConnection:
    with engine.connect() as conn:
        row = conn.execute(select(sync_connections).where(sync_connections.c.name == name)).first()
    if row is None:
        raise UnknownConnection(name, [c["name"] for c in list_connections(engine)])
    try:
        secrets = unseal(row.sealed_secrets, key)
    except SealBroken as exc:
        raise SecretKeyWrong(name) from exc
    return CrmConnection(row.name, row.crm, row.auth, row.base_url, row.token_url, row.mapping_path, secrets, row.id)


def save_secrets(engine: Engine, connection: CrmConnection, secrets: dict[str, str], key: bytes) -> None:
    """Store refreshed secrets (a new access token, a rotated refresh token), sealed."""
    with engine.begin() as conn:
        conn.execute(update(sync_connections).where(sync_connections.c.name == connection.name)
                     .values(sealed_secrets=seal(secrets, key), updated_at=datetime.now(UTC)))


def set_mapping(engine: Engine, name: str, mapping_path: str | None) -> None:
    """Read the connection with another mapping file (None: the shipped one) from its next sync."""
    with engine.begin() as conn:
        found = conn.execute(update(sync_connections).where(sync_connections.c.name == name)
                             .values(mapping_path=mapping_path, updated_at=datetime.now(UTC))).rowcount
    if not found:
        raise UnknownConnection(name, [c["name"] for c in list_connections(engine)])


def remove_connection(engine: Engine, name: str) -> None:
    """Forget a connection with its cursors, runs and push records."""
    with engine.begin() as conn:
        found = conn.execute(select(sync_connections.c.id).where(sync_connections.c.name == name)).scalar()
        for table in (sync_cursors, sync_runs, sync_pushed):
            conn.execute(delete(table).where(table.c.connection_id == found))
        gone = conn.execute(delete(sync_connections).where(sync_connections.c.name == name)).rowcount
    if not gone:
        raise UnknownConnection(name, [c["name"] for c in list_connections(engine)])

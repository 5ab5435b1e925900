"""Local state of open private-overlap sessions and their results: one owner-only (0600) JSON file per session.

A file, not the database: the session secret must not outlive the session nor sit in shared backups, and the
file is deleted the moment the session finishes. A session the other side never finishes is deleted once it is
older than SESSION_LIFETIME (the next session opened here sweeps them; loading one refuses it). Results stay as
`<session>.result.json` for `psi results`.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from partnerops.mapping.psi import InitiatorState, ResponderState
from partnerops.mapping.psi_errors import SessionMismatch, UnknownSession
from partnerops.mapping.psi_group import SessionSecret

__all__ = [
    "PsiSettings",
    "SessionRecord",
    "SharedResult",
    "forget_session",
    "list_results",
    "load_session",
    "save_result",
    "save_session",
    "sweep_sessions",
]

_OWNER_ONLY = 0o600
# How long an unfinished session keeps its secret: long enough for files sent by mail and answered days later.
SESSION_LIFETIME = timedelta(days=7)


class PsiSettings(BaseSettings):
    """Where session state lives (PARTNEROPS_PSI_STATE_DIR), for the command line and the server alike."""

    model_config = SettingsConfigDict(env_prefix="PARTNEROPS_PSI_", extra="ignore")

    state_dir: Path = Path(".partnerops/psi")


@dataclass(frozen=True)
class SessionRecord:
    """An open session: our protocol state and who the other side is."""

    state: InitiatorState | ResponderState
    counterpart: str


@dataclass(frozen=True)
class SharedResult:
    """What a finished session taught us: the shared domains, and the sizes of both sets."""

    session: str
    counterpart: str
    role: str
    finished_at: datetime
    shared: tuple[str, ...]
    our_count: int
    their_count: int


def _write_private(path: Path, document: dict[str, Any]) -> None:
    """Create `path` readable by its owner only, refusing to overwrite (a session id is used once)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _OWNER_ONLY)
    except FileExistsError as exc:
        raise SessionMismatch(f"session {path.name.split('.')[0]} was already used here: start a new one") from exc
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle)


def _session_path(state_dir: Path, session: str) -> Path:
    if not (len(session) == 32 and all(c in "0123456789abcdef" for c in session)):
        raise UnknownSession(session)
    return state_dir / f"{session}.json"


def _expired(path: Path, now: datetime) -> bool:
    return now - datetime.fromtimestamp(path.stat().st_mtime, UTC) > SESSION_LIFETIME


def sweep_sessions(state_dir: Path, now: datetime | None = None) -> int:
    """Delete the state (and secret) of every session left unfinished longer than SESSION_LIFETIME."""
    now = now or datetime.now(UTC)
    stale = [path for path in state_dir.glob("*.json")
             if not path.name.endswith(".result.json") and _expired(path, now)]  # fmt: skip
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def save_session(state_dir: Path, record: SessionRecord) -> Path:
    if state_dir.is_dir():
        sweep_sessions(state_dir)
    state = record.state
    document: dict[str, Any] = {"session": state.session, "counterpart": record.counterpart,
                                "domains": list(state.domains)}  # fmt: skip
    if isinstance(state, InitiatorState):
        document |= {"role": "initiator", "secret": base64.b64encode(state.secret.scalar).decode("ascii")}
    else:
        document |= {"role": "responder", "theirs": base64.b64encode(state.theirs).decode("ascii")}
    path = _session_path(state_dir, state.session)
    _write_private(path, document)
    return path


def load_session(state_dir: Path, session: str, now: datetime | None = None) -> SessionRecord:
    path = _session_path(state_dir, session)
    try:
        if _expired(path, now or datetime.now(UTC)):
            path.unlink(missing_ok=True)
            raise UnknownSession(session)
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UnknownSession(session) from exc
    domains = tuple(document["domains"])
    state: InitiatorState | ResponderState
    if document["role"] == "initiator":
        state = InitiatorState(session, SessionSecret(base64.b64decode(document["secret"])), domains)
    else:
        state = ResponderState(session, domains, base64.b64decode(document["theirs"]))
    return SessionRecord(state, document["counterpart"])


def forget_session(state_dir: Path, session: str) -> None:
    """Delete a session's state, and with it the secret."""
    _session_path(state_dir, session).unlink(missing_ok=True)


def save_result(state_dir: Path, result: SharedResult) -> Path:
    path = state_dir / f"{result.session}.result.json"
    _write_private(path, {
        "session": result.session, "counterpart": result.counterpart, "role": result.role,
        "finished_at": result.finished_at.isoformat(), "shared": sorted(result.shared),
        "our_count": result.our_count, "their_count": result.their_count,
    })  # fmt: skip
    return path


def _result(document: dict[str, Any]) -> SharedResult:
    return SharedResult(
        session=document["session"], counterpart=document["counterpart"], role=document["role"],
        finished_at=datetime.fromisoformat(document["finished_at"]).astimezone(UTC),
        shared=tuple(document["shared"]), our_count=document["our_count"], their_count=document["their_count"],
    )  # fmt: skip


def list_results(state_dir: Path) -> list[SharedResult]:
    """Finished sessions, newest first."""
    found = [_result(json.loads(path.read_text(encoding="utf-8"))) for path in state_dir.glob("*.result.json")]
    return sorted(found, key=lambda result: result.finished_at, reverse=True)

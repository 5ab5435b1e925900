"""Private overlap sessions over our accounts: open, answer and close them, keeping state in the state directory.

The command line (file exchange) and the API (server to server) both go through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from partnerops.mapping import psi
from partnerops.mapping.psi_accounts import accounts_by_domain
from partnerops.mapping.psi_errors import PsiError, SessionMismatch
from partnerops.mapping.psi_files import Message, message_of, protocol_value
from partnerops.mapping.psi_group import point_count
from partnerops.mapping.psi_state import (
    SessionRecord,
    SharedResult,
    forget_session,
    load_session,
    save_result,
    save_session,
)
from partnerops.mapping.threads import default_workers

__all__ = ["Closed", "answer_request", "close_session", "open_session"]


def open_session(engine: Engine, state_dir: Path, counterpart: str, workers: int | None = None) -> Message:
    """Blind our domains under a fresh secret and keep the session; the request goes to the other side."""
    domains = accounts_by_domain(engine).keys()
    if not domains:
        raise PsiError("none of our accounts has a registrable domain: there is nothing to compare")
    state, request = psi.start(domains, workers=workers or default_workers())
    save_session(state_dir, SessionRecord(state, counterpart))
    return message_of(request)


def answer_request(
    engine: Engine, state_dir: Path, message: Message, counterpart: str, source: str, workers: int | None = None
) -> Message:
    """Reply to the other side's request: its points blinded again, and ours blinded (secret discarded after)."""
    request = protocol_value(message, source)
    if not isinstance(request, psi.Request):
        raise SessionMismatch(f"{source}: expected a request, got a {message.kind}")
    state, reply = psi.respond(accounts_by_domain(engine).keys(), request, workers=workers or default_workers())
    save_session(state_dir, SessionRecord(state, counterpart))
    return message_of(reply)


@dataclass(frozen=True)
class Closed:
    """A finished session: what we learned, and (for the initiator) the completion owed to the other side."""

    result: SharedResult
    completion: Message | None


def close_session(state_dir: Path, message: Message, source: str, workers: int | None = None) -> Closed:
    """Finish the session a reply or a completion answers: compute the shared domains, forget the secret."""
    record = load_session(state_dir, message.session)
    step = protocol_value(message, source)
    state = record.state
    if isinstance(state, psi.InitiatorState) and isinstance(step, psi.Reply):
        shared, completion = psi.finish(state, step, workers=workers or default_workers())
        closed = Closed(_result(record, "initiator", shared, point_count(step.points)), message_of(completion))
    elif isinstance(state, psi.ResponderState) and isinstance(step, psi.Completion):
        shared = psi.conclude(state, step)
        closed = Closed(_result(record, "responder", shared, point_count(state.theirs)), None)
    else:
        raise SessionMismatch(f"{source}: a {message.kind} does not close a session we opened as we did")
    save_result(state_dir, closed.result)
    forget_session(state_dir, message.session)
    return closed


def _result(record: SessionRecord, role: str, shared: frozenset[str], their_count: int) -> SharedResult:
    return SharedResult(
        session=record.state.session, counterpart=record.counterpart, role=role, finished_at=datetime.now(UTC),
        shared=tuple(sorted(shared)), our_count=len(record.state.domains), their_count=their_count,
    )  # fmt: skip

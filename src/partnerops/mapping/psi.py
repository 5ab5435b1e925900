"""Private overlap: an ECDH-style private set intersection of registrable domains over ristretto255.

The initiator sends its domains blinded by a secret `a`; the responder returns them blinded again by its
secret `b`, with its own domains blinded by `b`; the initiator blinds those by `a` and compares: a domain is
shared exactly when the doubly blinded points meet. The initiator then returns the responder's doubly
blinded points so that the responder learns the same intersection. Each side sends its own set shuffled, so
positions say nothing; each side learns the intersection and the other set's size, and nothing else
(against a party that follows the protocol).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from partnerops.mapping.psi_errors import SessionMismatch
from partnerops.mapping.psi_group import (
    SessionSecret,
    blind,
    check_points,
    hash_to_points,
    point_count,
    points_of,
)

__all__ = [
    "Completion",
    "InitiatorState",
    "Reply",
    "Request",
    "ResponderState",
    "conclude",
    "finish",
    "new_session_id",
    "respond",
    "start",
]


@dataclass(frozen=True)
class Request:
    """Initiator -> responder: the initiator's domains, hashed to points, blinded by its secret, shuffled."""

    session: str
    points: bytes


@dataclass(frozen=True)
class Reply:
    """Responder -> initiator: the request's points blinded again (same order), and the responder's own set."""

    session: str
    reblinded: bytes
    points: bytes


@dataclass(frozen=True)
class Completion:
    """Initiator -> responder: the responder's points blinded again (same order), so it learns the overlap too."""

    session: str
    reblinded: bytes


@dataclass(frozen=True)
class InitiatorState:
    """What the initiator keeps between start and finish: its secret and its domains in the order it sent them."""

    session: str
    secret: SessionSecret
    domains: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True)
class ResponderState:
    """What the responder keeps until the completion: its domains in the order sent, the initiator's set doubly
    blinded. Its secret is not kept: it is needed no more once the reply is written."""

    session: str
    domains: tuple[str, ...] = field(repr=False)
    theirs: bytes = field(repr=False)


def new_session_id() -> str:
    return secrets.token_hex(16)


def _shuffled(domains: Iterable[str]) -> tuple[str, ...]:
    """Unique domains in a uniformly random order: a sorted list would tell where each point falls."""
    unique = list(set(domains))
    secrets.SystemRandom().shuffle(unique)
    return tuple(unique)


def start(domains: Iterable[str], *, session: str | None = None, workers: int = 1) -> tuple[InitiatorState, Request]:
    """Open a session: a fresh secret, and our domains blinded by it."""
    state = InitiatorState(session or new_session_id(), SessionSecret.fresh(), _shuffled(domains))
    blinded = blind(hash_to_points(state.domains, workers), state.secret, "points", workers)
    return state, Request(state.session, blinded)


def respond(domains: Iterable[str], request: Request, *, workers: int = 1) -> tuple[ResponderState, Reply]:
    """Answer a request with a fresh secret: its points blinded again, and our domains blinded."""
    secret = SessionSecret.fresh()
    theirs = blind(request.points, secret, "points", workers)
    ours = _shuffled(domains)
    blinded = blind(hash_to_points(ours, workers), secret, "points", workers)
    return ResponderState(request.session, ours, theirs), Reply(request.session, theirs, blinded)


def _matching(domains: tuple[str, ...], ours: bytes, theirs: bytes) -> frozenset[str]:
    """Our domains whose doubly blinded point is among the other side's doubly blinded points."""
    met = set(points_of(theirs))
    return frozenset(domain for domain, point in zip(domains, points_of(ours), strict=True) if point in met)


def _expect(session: str, answered: str, count: int, expected: int, what: str) -> None:
    if answered != session:
        raise SessionMismatch(f"the message answers session {answered}, not {session}")
    if count != expected:
        raise SessionMismatch(f"{what} holds {count} points where {expected} were sent")


def finish(state: InitiatorState, reply: Reply, *, workers: int = 1) -> tuple[frozenset[str], Completion]:
    """The initiator's end: the shared domains, and the completion that tells the responder its share."""
    _expect(state.session, reply.session, point_count(reply.reblinded), len(state.domains), "reblinded")
    check_points(reply.reblinded, "reblinded")
    theirs = blind(reply.points, state.secret, "points", workers)
    return _matching(state.domains, reply.reblinded, theirs), Completion(state.session, theirs)


def conclude(state: ResponderState, completion: Completion) -> frozenset[str]:
    """The responder's end: the shared domains, from its own points blinded by both secrets."""
    _expect(state.session, completion.session, point_count(completion.reblinded), len(state.domains), "reblinded")
    check_points(completion.reblinded, "reblinded")
    return _matching(state.domains, completion.reblinded, state.theirs)

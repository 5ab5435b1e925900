"""The private set intersection protocol: each side learns the shared domains, and malformed points are refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from partnerops.mapping import psi
from partnerops.mapping.psi_errors import MalformedPoint, SessionMismatch
from partnerops.mapping.psi_group import POINT_BYTES, hash_to_points, points_of

OURS = ["acme.com", "globex.co.uk", "initech.io", "hooli.xyz"]
THEIRS = ["acme.com", "globex.co.uk", "vandelay.com"]
# Not a canonical ristretto255 encoding (all bits set), and the identity element.
NOT_A_POINT = b"\xff" * POINT_BYTES
IDENTITY = bytes(POINT_BYTES)


def _run(ours: list[str], theirs: list[str], workers: int = 1) -> tuple[frozenset[str], frozenset[str]]:
    initiator, request = psi.start(ours, workers=workers)
    responder, reply = psi.respond(theirs, request, workers=workers)
    learned_by_initiator, completion = psi.finish(initiator, reply, workers=workers)
    return learned_by_initiator, psi.conclude(responder, completion)


def test_each_side_learns_exactly_the_shared_domains() -> None:
    assert _run(OURS, THEIRS) == ({"acme.com", "globex.co.uk"},) * 2


def test_disjoint_sets_share_nothing() -> None:
    assert _run(["a.example"], ["b.example"]) == (frozenset(), frozenset())


def test_threads_over_many_chunks_give_the_same_overlap() -> None:
    ours = [f"company{n}.example" for n in range(9000)]
    theirs = [f"company{n}.example" for n in range(8000, 12000)]
    expected = frozenset(ours) & frozenset(theirs)
    assert _run(ours, theirs, workers=2) == (expected, expected)


@hypothesis_settings(max_examples=20)
@given(st.sets(st.from_regex(r"[a-z]{1,6}\.(com|de|co\.uk)", fullmatch=True), max_size=12),
       st.sets(st.from_regex(r"[a-z]{1,6}\.(com|de|co\.uk)", fullmatch=True), max_size=12))  # fmt: skip
def test_the_overlap_is_the_set_intersection(ours: set[str], theirs: set[str]) -> None:
    assert _run(sorted(ours), sorted(theirs)) == (ours & theirs, ours & theirs)


def test_duplicates_are_sent_once() -> None:
    state, request = psi.start(["acme.com", "acme.com", "globex.de"])
    assert len(request.points) == 2 * POINT_BYTES and sorted(state.domains) == ["acme.com", "globex.de"]


def test_blinded_points_are_not_the_plain_hash_of_the_domains() -> None:
    _, request = psi.start(OURS)
    assert set(points_of(request.points)).isdisjoint(points_of(hash_to_points(OURS)))


def test_every_session_blinds_with_a_fresh_secret() -> None:
    first, one = psi.start(["acme.com"])
    second, other = psi.start(["acme.com"])
    assert first.secret != second.secret and one.points != other.points and one.session != other.session


def test_a_set_is_sent_in_a_random_order() -> None:
    domains = [f"c{n:03}.example" for n in range(60)]
    orders = {psi.start(domains)[0].domains for _ in range(3)}
    assert len(orders) == 3 and tuple(domains) not in orders


@pytest.mark.parametrize("bad", [NOT_A_POINT, IDENTITY], ids=["non-canonical", "identity"])
def test_a_request_with_a_malformed_point_is_refused(bad: bytes) -> None:
    _, request = psi.start(OURS)
    tampered = psi.Request(request.session, request.points[:POINT_BYTES] + bad + request.points[2 * POINT_BYTES :])
    with pytest.raises(MalformedPoint) as refused:
        psi.respond(THEIRS, tampered)
    assert (refused.value.field, refused.value.index) == ("points", 1)


@pytest.mark.parametrize("bad", [NOT_A_POINT, IDENTITY], ids=["non-canonical", "identity"])
def test_a_reply_with_a_malformed_reblinded_point_is_refused(bad: bytes) -> None:
    initiator, request = psi.start(OURS)
    _, reply = psi.respond(THEIRS, request)
    tampered = psi.Reply(reply.session, bad + reply.reblinded[POINT_BYTES:], reply.points)
    with pytest.raises(MalformedPoint, match=r"reblinded\[0\]"):
        psi.finish(initiator, tampered)


def test_a_completion_with_the_identity_is_refused() -> None:
    initiator, request = psi.start(OURS)
    responder, reply = psi.respond(THEIRS, request)
    _, completion = psi.finish(initiator, reply)
    tampered = psi.Completion(completion.session, completion.reblinded[:-POINT_BYTES] + IDENTITY)
    with pytest.raises(MalformedPoint):
        psi.conclude(responder, tampered)


def test_a_reply_that_drops_points_is_refused() -> None:
    initiator, request = psi.start(OURS)
    _, reply = psi.respond(THEIRS, request)
    with pytest.raises(SessionMismatch, match="3 points where 4 were sent"):
        psi.finish(initiator, psi.Reply(reply.session, reply.reblinded[POINT_BYTES:], reply.points))


def test_a_reply_to_another_session_is_refused() -> None:
    initiator, _ = psi.start(OURS)
    _, other_request = psi.start(OURS)
    _, reply = psi.respond(THEIRS, other_request)
    with pytest.raises(SessionMismatch, match="answers session"):
        psi.finish(initiator, reply)

"""The exchange format and the local session state: versioned JSON of base64 points, owner-only state files."""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from partnerops.mapping import psi
from partnerops.mapping.psi_errors import MalformedMessage, SessionMismatch, UnknownSession
from partnerops.mapping.psi_files import message_of, parse_message, protocol_value, read_message, write_message
from partnerops.mapping.psi_state import (
    SESSION_LIFETIME,
    SessionRecord,
    SharedResult,
    forget_session,
    list_results,
    load_session,
    save_result,
    save_session,
    sweep_sessions,
)


def _request() -> tuple[psi.InitiatorState, psi.Request]:
    return psi.start(["acme.com", "globex.co.uk"])


def test_a_message_survives_the_trip_through_a_file(tmp_path: Path) -> None:
    initiator, request = _request()
    _, reply = psi.respond(["acme.com"], request)
    write_message(tmp_path / "reply.json", message_of(reply))
    read = protocol_value(read_message(tmp_path / "reply.json"), "reply.json")
    assert read == reply
    assert psi.finish(initiator, read)[0] == {"acme.com"}


def test_a_message_carries_format_version_session_and_points_only(tmp_path: Path) -> None:
    _, request = _request()
    write_message(tmp_path / "mine.json", message_of(request))
    document = json.loads((tmp_path / "mine.json").read_text())
    assert set(document) == {"format", "version", "kind", "session", "points", "reblinded"}
    assert (document["format"], document["version"], document["kind"]) == ("partnerops-psi", 1, "request")
    assert [base64.b64decode(p) for p in document["points"]] == [request.points[:32], request.points[32:]]


def _document(**changes: object) -> str:
    _, request = _request()
    return json.dumps(message_of(request).model_dump() | changes)


@pytest.mark.parametrize(("changes", "field"), [
    ({"version": 2}, "version"),
    ({"domains": ["acme.com"]}, "domains"),
    ({"session": "../../etc/passwd"}, "session"),
    ({"kind": "hello"}, "kind"),
], ids=["future version", "extra field", "session not an id", "unknown kind"])  # fmt: skip
def test_a_document_outside_the_format_is_refused_naming_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(MalformedMessage) as refused:
        parse_message(_document(**changes), "theirs.json")
    assert refused.value.field == field and str(refused.value).startswith("theirs.json: ")


@pytest.mark.parametrize("bad", ["not base64!", base64.b64encode(b"short").decode()], ids=["not base64", "short"])
def test_a_point_that_is_not_32_bytes_of_base64_is_refused(bad: str) -> None:
    message = parse_message(_document(points=["A" * 43 + "=", bad]), "theirs.json")
    with pytest.raises(MalformedMessage, match="theirs.json: points"):
        protocol_value(message, "theirs.json")


def test_an_unreadable_file_is_named_in_the_error(tmp_path: Path) -> None:
    with pytest.raises(MalformedMessage, match="missing.json: file"):
        read_message(tmp_path / "missing.json")


def test_session_state_is_owner_only_and_keeps_the_secret_until_forgotten(tmp_path: Path) -> None:
    initiator, _ = _request()
    path = save_session(tmp_path / "psi", SessionRecord(initiator, "Bravo (PB)"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_session(tmp_path / "psi", initiator.session) == SessionRecord(initiator, "Bravo (PB)")
    forget_session(tmp_path / "psi", initiator.session)
    with pytest.raises(UnknownSession):
        load_session(tmp_path / "psi", initiator.session)


def test_a_session_left_unfinished_too_long_loses_its_secret_but_results_stay(tmp_path: Path) -> None:
    stale, fresh = _request()[0], _request()[0]
    old = (datetime.now(UTC) - SESSION_LIFETIME).timestamp() - 60
    os.utime(save_session(tmp_path, SessionRecord(stale, "Bravo (PB)")), (old, old))
    result = save_result(tmp_path, SharedResult("c" * 32, "Bravo (PB)", "initiator", datetime.now(UTC), (), 1, 1))
    os.utime(result, (old, old))
    with pytest.raises(UnknownSession, match="longer than a session lives"):
        load_session(tmp_path, stale.session)
    os.utime(save_session(tmp_path, SessionRecord(stale, "Bravo (PB)")), (old, old))
    save_session(tmp_path, SessionRecord(fresh, "Charlie (PC)"))  # opening a session sweeps the stale ones
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{fresh.session}.json", result.name])
    assert sweep_sessions(tmp_path) == 0 and load_session(tmp_path, fresh.session).counterpart == "Charlie (PC)"


def test_a_session_id_is_never_reused(tmp_path: Path) -> None:
    initiator, _ = _request()
    save_session(tmp_path, SessionRecord(initiator, "Bravo (PB)"))
    with pytest.raises(SessionMismatch, match="already used"):
        save_session(tmp_path, SessionRecord(initiator, "Bravo (PB)"))


def test_results_are_listed_newest_first(tmp_path: Path) -> None:
    older = SharedResult("a" * 32, "Bravo (PB)", "initiator", datetime(2026, 1, 1, tzinfo=UTC), ("acme.com",), 4, 3)
    newer = SharedResult("b" * 32, "Charlie (PC)", "responder", datetime(2026, 2, 1, tzinfo=UTC), (), 4, 9)
    for result in (older, newer):
        assert stat.S_IMODE(save_result(tmp_path, result).stat().st_mode) == 0o600
    assert list_results(tmp_path) == [newer, older]


def test_an_empty_request_is_refused() -> None:
    message = parse_message(_document(points=[]), "theirs.json")
    with pytest.raises(MalformedMessage, match="at least one point"):
        protocol_value(message, "theirs.json")

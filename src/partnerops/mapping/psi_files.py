"""The exchange format of private overlap: JSON with a version, a session id and base64 blinded points only.

The same document travels as a file (`partnerops mapping psi`) and as an HTTP body between two servers.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from partnerops.mapping.psi import Completion, Reply, Request
from partnerops.mapping.psi_errors import MalformedMessage
from partnerops.mapping.psi_group import POINT_BYTES, points_of

__all__ = [
    "FORMAT",
    "VERSION",
    "Message",
    "MessageKind",
    "message_of",
    "parse_message",
    "protocol_value",
    "read_message",
    "write_message",
]

FORMAT: Final = "partnerops-psi"
VERSION: Final = 1
MessageKind = Literal["request", "reply", "completion"]
_POINT_TEXT = 44  # base64 of 32 bytes, padded


class Message(BaseModel):
    """One step of the exchange. `points` are the sender's own blinded set; `reblinded` answer the other's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["partnerops-psi"] = FORMAT
    version: Literal[1] = VERSION
    kind: MessageKind
    session: str = Field(pattern=r"^[0-9a-f]{32}$", description="The session id the initiator chose.")
    points: list[str] = Field(default_factory=list, description="Base64 ristretto255 points, 32 bytes each.")
    reblinded: list[str] = Field(default_factory=list, description="The other side's points blinded again.")


def _encode(packed: bytes) -> list[str]:
    return [base64.b64encode(point).decode("ascii") for point in points_of(packed)]


def _decode(texts: list[str], source: str, field: str) -> bytes:
    try:
        packed = [base64.b64decode(text, validate=True) for text in texts]
    except (binascii.Error, ValueError) as exc:
        raise MalformedMessage(source, field, f"not base64: {exc}") from exc
    for index, point in enumerate(packed):
        if len(point) != POINT_BYTES or len(texts[index]) != _POINT_TEXT:
            raise MalformedMessage(source, f"{field}[{index}]", f"a point is {POINT_BYTES} bytes in base64")
    return b"".join(packed)


def message_of(step: Request | Reply | Completion) -> Message:
    """The wire form of a protocol step."""
    match step:
        case Request():
            return Message(kind="request", session=step.session, points=_encode(step.points))
        case Reply():
            return Message(kind="reply", session=step.session, points=_encode(step.points),
                           reblinded=_encode(step.reblinded))  # fmt: skip
        case Completion():
            return Message(kind="completion", session=step.session, reblinded=_encode(step.reblinded))


def protocol_value(message: Message, source: str) -> Request | Reply | Completion:
    """The protocol step a message carries, its points decoded (their validity is the protocol's to check)."""
    points = _decode(message.points, source, "points")
    reblinded = _decode(message.reblinded, source, "reblinded")
    if message.kind == "request":
        if not points:
            raise MalformedMessage(source, "points", "a request holds at least one point")
        return Request(message.session, points)
    if message.kind == "reply":
        return Reply(message.session, reblinded, points)
    return Completion(message.session, reblinded)


def parse_message(text: str | bytes, source: str) -> Message:
    try:
        return Message.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        raise MalformedMessage(source, where, str(first["msg"])) from exc


def read_message(path: Path) -> Message:
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise MalformedMessage(str(path), "file", exc.strerror or str(exc)) from exc
    return parse_message(text, str(path))


def write_message(path: Path, message: Message) -> None:
    path.write_text(json.dumps(message.model_dump(mode="json"), separators=(",", ":")) + "\n", encoding="utf-8")

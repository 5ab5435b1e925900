"""What may cross the wire in a private overlap: blinded points, never a domain nor an unkeyed hash of one.

`clear_traces` is the detector the exchange tests run over every file and HTTP body; the tests here prove
that it catches each kind of trace it looks for, so a leak cannot pass unnoticed.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable

from partnerops.mapping import psi
from partnerops.mapping.psi_files import message_of
from partnerops.mapping.psi_group import HASH_PREFIX, hash_to_points, points_of

_DIGESTS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "sha3_256")


def _renderings(digest: bytes) -> set[str]:
    return {digest.hex(), digest.hex().upper(), base64.b64encode(digest).decode(),
            base64.urlsafe_b64encode(digest).decode().rstrip("=")}  # fmt: skip


def _traces(domain: str) -> dict[str, str]:
    """Every form in which a domain could be recognised without a secret key: in clear, or hashed."""
    traces = {domain: "plain domain"}
    for preimage in (domain.encode(), HASH_PREFIX + domain.encode()):
        for name in _DIGESTS:
            for text in _renderings(hashlib.new(name, preimage).digest()):
                traces[text] = f"{name} of {domain}"
    for point in points_of(hash_to_points([domain])):
        for text in _renderings(point):
            traces[text] = f"unblinded point of {domain}"
    return traces


def clear_traces(text: str, domains: Iterable[str]) -> list[str]:
    """Which traces of `domains` appear in `text` (empty when it holds blinded points only)."""
    return sorted({what for domain in domains for trace, what in _traces(domain).items() if trace in text})


def test_the_detector_finds_a_plain_domain_and_unkeyed_hashes() -> None:
    sha256 = hashlib.sha256(b"acme.com").hexdigest()
    point = base64.b64encode(hash_to_points(["acme.com"])).decode()
    text = json.dumps({"a": "acme.com", "b": sha256, "c": point})
    assert clear_traces(text, ["acme.com"]) == ["plain domain", "sha256 of acme.com", "unblinded point of acme.com"]


def test_a_blinded_request_holds_no_trace_of_its_domains() -> None:
    domains = ["acme.com", "globex.co.uk", "initech.io"]
    _, request = psi.start(domains)
    assert clear_traces(message_of(request).model_dump_json(), domains) == []

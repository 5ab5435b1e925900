"""Proof of performance as a file attached to an MDF claim: checked (size limit, type read from the file's first
bytes, never from its name), kept in the database, and handed back only to the claim's partner and to staff
(anyone else is told the claim does not exist)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import filetype
from sqlalchemy import Connection, insert, select

from partnerops.domain.roles import Principal
from partnerops.program.errors import InvalidProgramInput, InvalidTransition, ProgramNotFound
from partnerops.program.mdf_claims import get_claim, submit_claim
from partnerops.program.mdf_model import ClaimInput, ClaimStatus, MdfClaim
from partnerops.store.locks import lock_row
from partnerops.store.portal_tables import stored_files
from partnerops.store.program_tables import mdf_claims

__all__ = ["ACCEPTED_TYPES", "MAX_PROOF_BYTES", "ProofFile", "attach_proof", "checked_proof", "claim_with_proof",
           "claim_proof", "proof_reference"]

# Under the app's 10 MB bound on any request body (api.hardening), so an oversized proof gets this page's message.
MAX_PROOF_BYTES = 8 * 1024 * 1024
# What a proof may be: documents and pictures of the activity (the name each is known by in messages).
ACCEPTED_TYPES = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WebP",
                  "image/gif": "GIF"}  # fmt: skip
PURPOSE = "mdf_proof"
_REFERENCE = "uploaded file: "


@dataclass(frozen=True)
class ProofFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def checked_proof(filename: str, content: bytes) -> ProofFile:
    """The upload as a proof, or InvalidProgramInput naming the file and what is wrong with it."""
    name = _clean_name(filename)
    if not content:
        raise InvalidProgramInput("proof_file", f"{name} is empty")
    if len(content) > MAX_PROOF_BYTES:
        raise InvalidProgramInput("proof_file", f"{name} is {len(content) / 1_048_576:.1f} MB; the limit is "
                                  f"{MAX_PROOF_BYTES // 1_048_576} MB")  # fmt: skip
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        found = f"reads as {kind.mime}" if kind else "is of no type we know"
        allowed = ", ".join(ACCEPTED_TYPES.values())
        raise InvalidProgramInput("proof_file", f"{name} {found} by its content; a proof must be a {allowed} file "
                                  "(its name's extension does not count)")  # fmt: skip
    return ProofFile(name, kind.mime, content)


def proof_reference(proof: ProofFile | None, link: str = "") -> str:
    """What the claim's proof reference says: the stored file first (pages link it), then any link given."""
    return "; ".join(part for part in (f"{_REFERENCE}{proof.filename}" if proof else "", link.strip()) if part)


def claim_with_proof(conn: Connection, principal: Principal, request_id: int, form: ClaimInput,
                     proof: ProofFile | None, now: datetime | None = None) -> MdfClaim:
    """File the claim and keep its proof file (if any) in the same transaction: both land, or neither."""
    claim = submit_claim(conn, principal, request_id, form, now)
    if proof is not None:
        _store(conn, principal, claim, proof, now)
    return claim


def attach_proof(conn: Connection, principal: Principal, claim_id: int, proof: ProofFile,
                 now: datetime | None = None) -> MdfClaim:
    """Attach (or replace) the proof of a claim that still waits for a decision."""
    lock_row(conn, mdf_claims, claim_id)
    claim = get_claim(conn, principal, claim_id)
    if claim.status is not ClaimStatus.CLAIMED:
        raise InvalidTransition("MDF claim", claim_id, "attach a proof to", claim.status.value)
    conn.execute(stored_files.delete().where(stored_files.c.mdf_claim_id == claim_id))
    conn.execute(mdf_claims.update().where(mdf_claims.c.id == claim_id).values(proof_reference=proof_reference(proof)))
    _store(conn, principal, claim, proof, now)
    return get_claim(conn, principal, claim_id)


def claim_proof(conn: Connection, principal: Principal, claim_id: int) -> ProofFile:
    """The claim's proof file, for the claim's partner and staff; ProgramNotFound for anyone else or none stored."""
    get_claim(conn, principal, claim_id)
    f = stored_files.c
    row = conn.execute(select(f.filename, f.content_type, f.content).where(f.mdf_claim_id == claim_id)).first()
    if row is None:
        raise ProgramNotFound("proof file of MDF claim", claim_id)
    return ProofFile(row.filename, row.content_type, bytes(row.content))


def _store(conn: Connection, principal: Principal, claim: MdfClaim, proof: ProofFile, now: datetime | None) -> None:
    conn.execute(insert(stored_files).values(
        partner_id=claim.partner_id, purpose=PURPOSE, mdf_claim_id=claim.id, filename=proof.filename,
        content_type=proof.content_type, size=len(proof.content), sha256=proof.sha256, content=proof.content,
        uploaded_by=principal.email, uploaded_at=now or datetime.now(UTC),
    ))  # fmt: skip


def _clean_name(filename: str) -> str:
    """The file's own name (no folders), without control characters, at most 200 characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    cleaned = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return cleaned[:200] or "proof"

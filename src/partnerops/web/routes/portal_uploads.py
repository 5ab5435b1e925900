"""Partners' uploads from the portal: their account list for mapping (imported as `partnerops mapping import`
imports it) and MDF proof files, attached to a claim and served only to that partner's users and staff."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, Engine

from partnerops.domain.money import UnknownCurrency
from partnerops.program import mdf_requests
from partnerops.program.errors import (
    InsufficientFunds,
    InvalidProgramInput,
    InvalidTransition,
    ProgramForbidden,
    ProgramNotFound,
)
from partnerops.program.mdf_model import ClaimInput
from partnerops.program.mdf_proofs import (
    MAX_PROOF_BYTES,
    attach_proof,
    checked_proof,
    claim_proof,
    claim_with_proof,
    proof_reference,
)
from partnerops.web.access import checked_form, connection, current_viewer, engine_of, partner_viewer
from partnerops.web.account_list_upload import LIST_LIMIT, import_uploaded_list
from partnerops.web.errors import PageError
from partnerops.web.form_fields import FormProblem, form_amount, form_text
from partnerops.web.rendering import render
from partnerops.web.upload_files import posted_file, refuse_oversized
from partnerops.web.viewer import Viewer

router = APIRouter()
Partner = Annotated[Viewer, Depends(partner_viewer)]
Signed = Annotated[Viewer, Depends(current_viewer)]
Reading = Annotated[Connection, Depends(connection)]
Database = Annotated[Engine, Depends(engine_of)]
PostedForm = Annotated[dict[str, str], Depends(checked_form)]


@contextmanager
def _proof_errors() -> Iterator[None]:
    """Another partner's claim is absent (404); a claim whose budget or state moved meanwhile is a 409."""
    try:
        yield
    except (ProgramNotFound, ProgramForbidden) as exc:
        raise PageError(404, str(exc)) from exc
    except (InsufficientFunds, InvalidTransition) as exc:
        raise PageError(409, str(exc)) from exc
    except (InvalidProgramInput, UnknownCurrency, FormProblem) as exc:
        raise PageError(400, str(exc)) from exc


@router.get("/portal/mapping/upload")
def account_list_form(request: Request, viewer: Partner) -> Response:
    return render(request, "portal_upload.html.j2", viewer, title="Upload our account list", result=None)


@router.post("/portal/mapping/upload")
async def upload_account_list(request: Request, viewer: Partner, engine: Database, _form: PostedForm) -> Response:
    """Same validation, quarantine and messages as the CLI import; re-uploading the same file changes nothing."""
    refuse_oversized(request, LIST_LIMIT)
    upload = await posted_file(request, "account_list", LIST_LIMIT)
    if upload is None:
        raise PageError(400, "Choose the CSV or JSON file of your accounts to upload.")
    result = import_uploaded_list(engine, viewer.principal, upload)
    return render(request, "portal_upload.html.j2", viewer, result.status, title="Upload our account list",
                  result=result)  # fmt: skip


@router.post("/portal/mdf/requests/{mdf_request_id}/claims/proof")
async def claim_with_proof_file(request: Request, mdf_request_id: int, viewer: Partner, engine: Database,
                                form: PostedForm) -> Response:  # fmt: skip
    """A claim on an approved request with its proof as a file (or a link): the claim and the file land together."""
    refuse_oversized(request, MAX_PROOF_BYTES)
    upload = await posted_file(request, "proof_file", MAX_PROOF_BYTES)
    link = form_text(form, "proof_reference", "Proof link") if form.get("proof_reference", "").strip() else ""
    with _proof_errors(), engine.begin() as conn:
        if upload is None and not link:
            raise InvalidProgramInput("proof_file", "attach the proof as a file (PDF or picture) or link to it")
        proof = checked_proof(upload.filename, upload.content) if upload else None
        currency = mdf_requests.get_request(conn, viewer.principal, mdf_request_id).budget.currency
        entry = ClaimInput(form_amount(form, "amount", "Amount", currency), proof_reference(proof, link),
                           form_text(form, "proof_description", "What the proof shows"))  # fmt: skip
        claim_with_proof(conn, viewer.principal, mdf_request_id, entry, proof)
    return RedirectResponse("/portal/mdf?submitted=claim", status_code=303)


@router.post("/portal/mdf/claims/{mdf_claim_id}/proof")
async def replace_proof(request: Request, mdf_claim_id: int, viewer: Partner, engine: Database,
                        _form: PostedForm) -> Response:  # fmt: skip
    """Attach or replace the proof of a claim still waiting for a decision."""
    refuse_oversized(request, MAX_PROOF_BYTES)
    upload = await posted_file(request, "proof_file", MAX_PROOF_BYTES)
    with _proof_errors(), engine.begin() as conn:
        if upload is None:
            raise InvalidProgramInput("proof_file", "choose the proof file (PDF or picture) to attach")
        attach_proof(conn, viewer.principal, mdf_claim_id, checked_proof(upload.filename, upload.content))
    return RedirectResponse("/portal/mdf?submitted=proof", status_code=303)


@router.get("/mdf/claims/{mdf_claim_id}/proof")
def proof_file(mdf_claim_id: int, viewer: Signed, conn: Reading) -> Response:
    """The proof as a download, with the type read from its content when it was stored."""
    with _proof_errors():
        proof = claim_proof(conn, viewer.principal, mdf_claim_id)
    return Response(proof.content, media_type=proof.content_type, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(proof.filename)}",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
    })  # fmt: skip

"""API for private overlap: one party's blinded domains in, the doubly blinded set back (server to server).

The other PartnerOps instance is the caller, with an API token of an admin or partner manager here, best one
limited to this exchange (`users token EMAIL --scope psi`); partner users are refused. This server is the
responder; it learns the overlap when the caller sends the completion.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from partnerops.api.dependencies import DatabaseEngine, require_roles
from partnerops.api.errors import ApiError
from partnerops.auth.tokens import TokenScope
from partnerops.domain.roles import Principal, Role
from partnerops.mapping.psi_errors import MalformedMessage, MalformedPoint, SessionMismatch, UnknownSession
from partnerops.mapping.psi_files import Message
from partnerops.mapping.psi_service import answer_request, close_session
from partnerops.mapping.psi_state import PsiSettings

router = APIRouter(tags=["private overlap"])

PsiPeer = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNER_MANAGER, token_scope=TokenScope.PSI))]


def _state_dir(request: Request) -> Path:
    """The session state directory: the app's own when it was given one, else PARTNEROPS_PSI_STATE_DIR."""
    configured: PsiSettings = getattr(request.app.state, "psi_settings", None) or PsiSettings()
    return configured.state_dir


StateDir = Annotated[Path, Depends(_state_dir)]


class CompletionOut(BaseModel):
    session: str
    shared: int


@contextmanager
def _answers() -> Iterator[None]:
    """Protocol errors as statuses: an unknown session is 404, a malformed message 422, a wrong step 409."""
    try:
        yield
    except UnknownSession as exc:
        raise ApiError(404, str(exc)) from exc
    except MalformedPoint as exc:
        raise ApiError(422, str(exc), field=f"{exc.field}.{exc.index}") from exc
    except MalformedMessage as exc:
        raise ApiError(422, str(exc), field=exc.field) from exc
    except SessionMismatch as exc:
        raise ApiError(409, str(exc), code="session_mismatch") from exc


@router.post("/psi/sessions", response_model=Message, summary="Answer a private overlap request")
def answer(body: Message, engine: DatabaseEngine, principal: PsiPeer, state_dir: StateDir) -> Message:
    """Blind the caller's points again and return them with our own blinded domains; no domain leaves in clear."""
    if body.kind != "request":
        raise ApiError(422, f"expected a request, got a {body.kind}", field="kind")
    with _answers():
        return answer_request(engine, state_dir, body, f"{principal.email} (API)", "request body")


@router.post("/psi/sessions/{session}/completion", response_model=CompletionOut, summary="Close a private overlap")
def complete(session: str, body: Message, principal: PsiPeer, state_dir: StateDir) -> CompletionOut:
    """Our points blinded by the caller's secret: we learn the shared domains, and forget the session."""
    if body.kind != "completion" or body.session != session:
        raise ApiError(422, "expected the completion of this session", field="kind")
    with _answers():
        closed = close_session(state_dir, body, "request body")
    return CompletionOut(session=session, shared=len(closed.result.shared))

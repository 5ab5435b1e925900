"""The client side of private overlap over HTTP: run a session against another PartnerOps server.

We are the initiator: our request goes to `POST /api/v1/psi/sessions`, its reply lets us finish, and the
completion goes to `POST /api/v1/psi/sessions/{session}/completion` so that the other server learns the overlap.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import Engine

from partnerops.mapping.psi_errors import PsiError
from partnerops.mapping.psi_files import Message, parse_message
from partnerops.mapping.psi_service import close_session, open_session
from partnerops.mapping.psi_state import SharedResult, forget_session

__all__ = ["API_PATH", "ExchangeFailed", "exchange"]

API_PATH = "/api/v1/psi/sessions"
# The other server blinds both sets while we wait: minutes for a few hundred thousand domains.
_TIMEOUT = httpx.Timeout(30.0, read=900.0)


class ExchangeFailed(PsiError):
    """The other server refused or failed a step of the exchange."""

    def __init__(self, url: str, detail: str) -> None:
        super().__init__(f"{url}: {detail}")
        self.url = url


def _refusal(response: httpx.Response) -> str:
    try:
        return f"{response.status_code} {response.json()['error']['message']}"
    except (ValueError, KeyError, TypeError):
        return f"{response.status_code} {response.text[:200]}"


def _post(client: httpx.Client, url: str, message: Message) -> httpx.Response:
    try:
        response = client.post(url, content=message.model_dump_json(), headers={"Content-Type": "application/json"})
    except httpx.HTTPError as exc:
        raise ExchangeFailed(url, f"could not reach the server: {exc}") from exc
    if response.status_code >= 400:
        raise ExchangeFailed(url, _refusal(response))
    return response


def exchange(
    engine: Engine, state_dir: Path, base_url: str, token: str, counterpart: str, workers: int | None = None
) -> SharedResult:
    """Run a whole session against the server at `base_url` with its API token; both sides learn the overlap."""
    base = base_url.rstrip("/")
    request = open_session(engine, state_dir, counterpart, workers)
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(headers=headers, timeout=_TIMEOUT) as client:
            url = base + API_PATH
            reply = parse_message(_post(client, url, request).content, url)
            if reply.kind != "reply" or reply.session != request.session:
                raise ExchangeFailed(url, f"answered with a {reply.kind} for session {reply.session}")
            closed = close_session(state_dir, reply, url, workers)
            if closed.completion is not None:
                _post(client, f"{url}/{request.session}/completion", closed.completion)
    finally:
        forget_session(state_dir, request.session)
    return closed.result

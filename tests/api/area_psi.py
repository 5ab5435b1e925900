"""Partner B's records of this area for the API isolation walk, and the probes of its routes (see isolation_probes).

Private overlap is between two companies' instances, run by their admins or partner managers: a partner user is
refused outright, whatever it sends, so it can neither read our blinded set nor learn an overlap.
"""

from __future__ import annotations

from sqlalchemy import Engine

from api.api_world import World
from api.isolation_probes import HIDDEN, Ask, probe
from partnerops.mapping import psi
from partnerops.mapping.psi_files import message_of

# Private overlap keeps no partner's records: its state is the session files of the instance's operators.
MARKERS: tuple[str, ...] = ()


def seed(engine: Engine, world: World) -> None:
    """Nothing to seed: the probes send well-formed messages, so only the role check can refuse them."""


def _request_body() -> dict[str, object]:
    _, request = psi.start(["banana.example", "cherry.example"])
    return message_of(request).model_dump()


@probe("POST", "/api/v1/psi/sessions")
def _answer(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/psi/sessions", HIDDEN, json=_request_body())]


@probe("POST", "/api/v1/psi/sessions/{session}/completion")
def _complete(w: World) -> list[Ask]:
    session = psi.new_session_id()
    body = {"kind": "completion", "session": session, "reblinded": []}
    return [Ask("POST", f"/api/v1/psi/sessions/{session}/completion", HIDDEN, json=body)]

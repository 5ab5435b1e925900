"""The recruiting route for the API isolation walk (see isolation_probes): candidates are internal, so a partner
user is refused outright."""

from __future__ import annotations

from api.api_world import World
from api.isolation_probes import HIDDEN, Ask, probe

MARKERS: tuple[str, ...] = ()


@probe("GET", "/api/v1/recruiting/candidates")
def _ranked(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/recruiting/candidates", HIDDEN)]

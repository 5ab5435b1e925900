"""Partner B's records of this area for the API isolation walk, and the probes of its routes (see isolation_probes)."""

from __future__ import annotations

from sqlalchemy import Engine

from api.api_world import World

# Strings only partner B's private overlap records carry: none may reach a user of partner A.
MARKERS: tuple[str, ...] = ()


def seed(engine: Engine, world: World) -> None:
    """Add partner B's records here (and partner A's where a probe needs them); keep their ids in `world.extras`."""

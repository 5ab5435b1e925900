"""Import conflicts for the API isolation walk (see isolation_probes): one on partner B's touch. Conflicts are
the program operators' work, so a partner user is refused every route, whichever record it names."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from api.api_world import World
from api.isolation_probes import HIDDEN, Ask, probe
from partnerops.store.conflict_tables import import_conflicts

# The conflict's record key is partner B's touch's (TOUCH-BRAVO-1, already a marker); its reason is B's alone.
MARKERS: tuple[str, ...] = ("bravo-conflict-note",)


def seed(engine: Engine, world: World) -> None:
    with engine.begin() as c:
        conflict_id = c.execute(import_conflicts.insert().values(
            entity="touches", entity_id=world.touch_b, source_system="csv", external_id="TOUCH-BRAVO-1",
            field="status", base="confirmed", ours="rejected", theirs="claimed", status="open",
            detected_at=datetime(2026, 5, 1, tzinfo=UTC), reason="bravo-conflict-note",
        ).returning(import_conflicts.c.id)).scalar_one()  # fmt: skip
    world.extras["conflict_b"] = int(conflict_id)


@probe("GET", "/api/v1/import-conflicts")
def _conflicts(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/import-conflicts", HIDDEN), Ask("GET", "/api/v1/import-conflicts?status=all", HIDDEN)]


@probe("GET", "/api/v1/import-conflicts/{conflict_id}")
def _conflict(w: World) -> list[Ask]:
    return [Ask("GET", f"/api/v1/import-conflicts/{w.extras['conflict_b']}", HIDDEN)]


@probe("POST", "/api/v1/import-conflicts/{conflict_id}/resolve")
def _resolve(w: World) -> list[Ask]:
    url = f"/api/v1/import-conflicts/{w.extras['conflict_b']}/resolve"
    return [Ask("POST", url, HIDDEN, json={"keep": keep}) for keep in ("ours", "theirs")]

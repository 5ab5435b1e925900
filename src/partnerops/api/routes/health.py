"""Liveness and readiness for a load balancer or orchestrator: /healthz answers while the process serves;
/readyz also checks that the database answers and carries the newest schema."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from partnerops.api.dependencies import DatabaseEngine

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process serves requests")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: the database answers and its schema is current")
def readyz(engine: DatabaseEngine) -> JSONResponse:
    problem = _database_problem(engine)
    if problem:
        return JSONResponse({"status": "unavailable", "reason": problem}, status_code=503)
    return JSONResponse({"status": "ready"})


def _database_problem(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    from partnerops.store.database import alembic_config

    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError as exc:
        return f"the database does not answer ({type(exc).__name__})"
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if head not in current:
        return f"the database schema is at {', '.join(current) or 'nothing'}, not {head}: run `partnerops db migrate`"
    return None

"""Enablement: course and certification completions (imported through the import pipeline), per partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from partnerops.domain.roles import Principal
from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.service import import_file
from partnerops.program.access import check_visible
from partnerops.store.program_tables import enablement_completions

ENABLEMENT_KIND = "enablement"
PSAT_KIND = "psat"


@dataclass(frozen=True)
class Completion:
    course: str
    kind: str
    person: str
    completed_on: date
    expires_on: date | None

    def current(self, today: date) -> bool:
        return self.expires_on is None or self.expires_on > today


def import_completions(engine: Engine, path: Path, options: ImportOptions | None = None) -> ImportSummary:
    """Load a completions export (id, partner_id, course, kind, person, completed_on[, expires_on]); bad rows
    go to the quarantine, importing the same file twice changes nothing."""
    return import_file(engine, path, ENABLEMENT_KIND, "generic", options)


def import_psat(engine: Engine, path: Path, options: ImportOptions | None = None) -> ImportSummary:
    """Load PSAT answers (id, partner_id, responded_on, score 0..10[, respondent, comment])."""
    return import_file(engine, path, PSAT_KIND, "generic", options)


def partner_completions(conn: Connection, principal: Principal, partner_id: int) -> list[Completion]:
    """The partner's completions, newest first (a partner user may ask only for its own)."""
    check_visible(principal, "partner", partner_id, partner_id)
    e = enablement_completions.c
    query = (select(e.course, e.kind, e.person, e.completed_on, e.expires_on).where(e.partner_id == partner_id)
             .order_by(e.completed_on.desc(), e.course, e.person))  # fmt: skip
    return [Completion(*row) for row in conn.execute(query)]

"""The partner lifecycle: its stage (recruit -> onboard -> enable -> co-market -> co-sell -> review) and the
onboarding checklist of the program settings, each item done or not per partner. Changes are audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, delete, select

from partnerops.domain.enums import LifecycleStage
from partnerops.domain.roles import Principal
from partnerops.program.access import PROGRAM_MANAGERS, check_visible, require_role
from partnerops.program.audit_trail import audit_change
from partnerops.program.errors import InvalidProgramInput, ProgramNotFound
from partnerops.program.program_settings import ProgramSettings
from partnerops.store.program_tables import onboarding_items
from partnerops.store.tables import partners


@dataclass(frozen=True)
class ChecklistItem:
    item: str
    done_on: date | None
    done_by: str | None

    @property
    def done(self) -> bool:
        return self.done_on is not None


def set_stage(conn: Connection, principal: Principal, partner_id: int, stage: LifecycleStage,
              now: datetime | None = None) -> LifecycleStage | None:  # fmt: skip
    """Move the partner to `stage`; returns the stage it left."""
    require_role(principal, PROGRAM_MANAGERS, "changing a partner's lifecycle stage")
    before = _stage(conn, partner_id)
    conn.execute(partners.update().where(partners.c.id == partner_id).values(stage=stage.value))
    at = now or datetime.now(UTC)
    audit_change(conn, "partners", partner_id, ("stage", before, stage.value), principal.email, at)
    return LifecycleStage(before) if before else None


def _stage(conn: Connection, partner_id: int) -> str | None:
    row = conn.execute(select(partners.c.stage).where(partners.c.id == partner_id)).first()
    if row is None:
        raise ProgramNotFound("partner", partner_id)
    return None if row.stage is None else str(row.stage)


def checklist(
    conn: Connection, principal: Principal, partner_id: int, settings: ProgramSettings
) -> list[ChecklistItem]:
    """Every item of the program's checklist for the partner, in the settings' order."""
    check_visible(principal, "partner", partner_id, partner_id)
    _stage(conn, partner_id)
    o = onboarding_items.c
    rows = conn.execute(select(o.item, o.done_on, o.done_by).where(o.partner_id == partner_id))
    done = {row.item: (row.done_on, row.done_by) for row in rows}
    return [ChecklistItem(item, *done.get(item, (None, None))) for item in settings.checklist]


def mark_item(conn: Connection, principal: Principal, partner_id: int, item: str, done: bool,
              settings: ProgramSettings, today: date | None = None) -> list[ChecklistItem]:  # fmt: skip
    """Tick (or untick) one checklist item."""
    require_role(principal, PROGRAM_MANAGERS, "updating the onboarding checklist")
    if item not in settings.checklist:
        items = ", ".join(settings.checklist)
        raise InvalidProgramInput("item", f"{item!r} is not on the checklist; items are {items}")
    before = {i.item: i.done for i in checklist(conn, principal, partner_id, settings)}[item]
    o = onboarding_items.c
    conn.execute(delete(onboarding_items).where(o.partner_id == partner_id, o.item == item))
    if done:
        day = today or datetime.now(UTC).date()
        conn.execute(onboarding_items.insert().values(partner_id=partner_id, item=item, done_on=day,
                                                      done_by=principal.email))  # fmt: skip
    audit_change(conn, "partners", partner_id, (f"checklist:{item}", _word(before), _word(done)), principal.email,
                 datetime.now(UTC))  # fmt: skip
    return checklist(conn, principal, partner_id, settings)


def _word(done: bool) -> str:
    return "done" if done else "open"

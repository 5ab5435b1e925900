"""Writing attribution back onto the CRM's deals: only values that changed since the last push, in the CRM's
batches, none when the CRM already holds it; a field a CRM user edited since PartnerOps last wrote it is reported
as a conflict and left as the user set it. A record locked by another transaction is retried."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Engine

from partnerops.sync.attribution_values import DealAttribution, deal_attributions
from partnerops.sync.mapping import PushFields
from partnerops.sync.pushed import Pushed, PushOutcome, last_pushed, record_outcomes
from partnerops.sync.runs import RunReport

# A lock held by another transaction (Salesforce UNABLE_TO_LOCK_ROW) usually clears within seconds.
LOCK_RETRIES = 2
Changes = dict[str, dict[str, str | None]]


class CrmWriter(Protocol):
    def read(self, obj: str, ids: list[str], fields: list[str], /) -> dict[str, dict[str, Any]]: ...

    def update(self, obj: str, changes: Changes, /) -> dict[str, str | None]: ...


@dataclass(frozen=True)
class PushTarget:
    engine: Engine
    connection_id: int
    source_system: str
    writer: CrmWriter
    fields: PushFields
    base_url: str


def push_attribution(target: PushTarget, report: RunReport) -> None:
    with target.engine.connect() as conn:
        wanted = _wanted(deal_attributions(conn, target.source_system, target.base_url), target.fields)
    pushed = last_pushed(target.engine, target.connection_id)
    changed = {i: {f: v for f, v in values.items() if _stale(pushed.get((i, f)), v)} for i, values in wanted.items()}
    changed = {i: values for i, values in changed.items() if values}
    obj = target.fields.object
    report.add(obj, skipped=sum(len(v) for v in wanted.values()) - sum(len(v) for v in changed.values()))
    current = target.writer.read(obj, list(changed), sorted(set(target.fields.fields.values()))) if changed else {}
    writes, outcomes = _decide(changed, current, pushed)
    outcomes += _write(target.writer, obj, writes) if writes else []
    record_outcomes(target.engine, target.connection_id, outcomes)
    _count(report, obj, outcomes, writes)


def _wanted(attributions: dict[str, DealAttribution], fields: PushFields) -> Changes:
    return {deal: {crm_field: attribution.value(name) for name, crm_field in fields.fields.items()}
            for deal, attribution in attributions.items()}


def _stale(pushed: Pushed | None, value: str | None) -> bool:
    """Not yet written as `value`: never pushed, pushed another value, or its last push failed."""
    return pushed is None or pushed.problem is not None or not _same(pushed.value, value)


def _same(first: Any, second: Any) -> bool:
    # CRMs answer an empty field as null or "": the same for a comparison.
    return (first or None) == (second or None)


def _decide(changed: Changes, current: dict[str, dict[str, Any]],
            pushed: dict[tuple[str, str], Pushed]) -> tuple[Changes, list[PushOutcome]]:
    """Split the changes into writes and outcomes decided without writing (already there, conflict, gone)."""
    writes: Changes = {}
    outcomes: list[PushOutcome] = []
    for deal, values in changed.items():
        if deal not in current:
            outcomes += [PushOutcome(deal, f, v, "not found in the CRM (deleted?)") for f, v in values.items()]
            continue
        for crm_field, value in values.items():
            held = current[deal].get(crm_field)
            base = pushed[(deal, crm_field)].value if (deal, crm_field) in pushed else None
            if _same(held, value):
                outcomes.append(PushOutcome(deal, crm_field, value))
            elif _same(held, base):
                writes.setdefault(deal, {})[crm_field] = value
            else:
                outcomes.append(PushOutcome(deal, crm_field, value, _conflict(held, base)))
    return writes, outcomes


def _conflict(held: Any, base: str | None) -> str:
    since = f"PartnerOps last wrote {base!r}" if base else "PartnerOps never wrote it"
    return f"conflict: the CRM holds {held!r}, set by a CRM user ({since}); left as the user set it"


def _write(writer: CrmWriter, obj: str, writes: Changes) -> list[PushOutcome]:
    """Write in the CRM's batches; records it reports locked are written again, up to LOCK_RETRIES times."""
    pending, outcomes = dict(writes), []
    for attempt in range(LOCK_RETRIES + 1):
        errors = writer.update(obj, pending)
        retry = attempt < LOCK_RETRIES
        locked = {i for i, error in errors.items() if retry and error and "UNABLE_TO_LOCK_ROW" in error}
        outcomes += [PushOutcome(deal, f, v, errors.get(deal)) for deal in pending if deal not in locked
                     for f, v in pending[deal].items()]
        pending = {i: pending[i] for i in locked}
        if not pending:
            break
    return outcomes


def _count(report: RunReport, obj: str, outcomes: list[PushOutcome], writes: Changes) -> None:
    written = {(o.external_id, o.field) for o in outcomes if o.problem is None and o.external_id in writes
               and o.field in writes[o.external_id]}
    conflicts = [o for o in outcomes if o.problem and o.problem.startswith("conflict")]
    failed = [o for o in outcomes if o.problem and not o.problem.startswith("conflict")]
    report.add(obj, written=len(written), conflicts=len(conflicts), failed=len(failed),
               unchanged=len(outcomes) - len(written) - len(conflicts) - len(failed))
    report.problems.extend(f"{o.external_id}.{o.field}: {o.problem}" for o in [*conflicts, *failed][:20])

"""Executing an approved payout batch through a provider: its items become payment lines (once), and each due line
is claimed, sent with its idempotency key, and what the provider said is recorded while the claim is held."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select

from partnerops.commissions.payouts import BatchStatus
from partnerops.payments.details import load_details
from partnerops.payments.errors import PaymentConflict, ProviderNotConfigured, ProviderUnavailable
from partnerops.payments.lines import (
    MAX_ATTEMPTS,
    LineState,
    PaymentLine,
    claim,
    due,
    line_by_id,
    lines_of,
    record_accepted,
    record_rejected,
    record_unknown,
)
from partnerops.payments.providers import Accepted, Provider, Transfer
from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items
from partnerops.store.locks import lock_row
from partnerops.store.payment_tables import payment_lines
from partnerops.store.record_refs import record_ref

__all__ = ["ExecutionReport", "execute_batch", "plan_lines", "send_due"]


@dataclass
class ExecutionReport:
    """What one run did to each line it looked at, by outcome, with a message per line that did not go out."""

    outcomes: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def add(self, outcome: str, note: str | None = None) -> None:
        self.outcomes[outcome] += 1
        if note:
            self.notes.append(note)


def execute_batch(engine: Engine, batch_id: int, provider: Provider, key: bytes, now: datetime,
                  holding_days: int = 0) -> ExecutionReport:
    """Plan the batch's lines for `provider` (an approved batch only) and send every line that is due."""
    with engine.begin() as conn:
        plan_lines(conn, batch_id, provider.name, holding_days, now)
    report = ExecutionReport()
    with engine.connect() as conn:
        lines = lines_of(conn, batch_id)
        ready = {line.id for line in due(conn, now, batch_id)}
    for line in lines:
        if line.id in ready:
            _send(engine, line, provider, key, now, report)
        else:
            report.add(_why_not(line, now), None)
    return report


def send_due(engine: Engine, providers: dict[str, Provider], key: bytes, now: datetime) -> ExecutionReport:
    """Send every due line of every batch whose provider is given (the scheduled retry)."""
    report = ExecutionReport()
    with engine.connect() as conn:
        lines = due(conn, now)
    for line in lines:
        if line.provider in providers:
            _send(engine, line, providers[line.provider], key, now, report)
    return report


def plan_lines(conn: Connection, batch_id: int, provider: str, holding_days: int, now: datetime) -> None:
    """One pending line per item of the approved batch, held until its pay-on day and `holding_days` past the
    batch's through day; PaymentConflict when the batch is not approved or goes through another provider."""
    if not lock_row(conn, commission_payout_batches, batch_id):
        raise PaymentConflict(f"no payout batch {batch_id}")
    b, i, t = commission_payout_batches.c, commission_payout_items.c, payment_lines.c
    batch = conn.execute(select(b.status, b.through, b.pay_on).where(b.id == batch_id)).one()
    if batch.status != BatchStatus.APPROVED.value:
        raise PaymentConflict(f"payout batch {batch_id} is {batch.status}: only an approved batch is executed")
    others = conn.execute(select(t.provider).where(t.batch_id == batch_id, t.provider != provider)).scalars().first()
    if others is not None:
        raise PaymentConflict(f"payout batch {batch_id} is already paid through {others}, not {provider}")
    have = {(p, c) for p, c in conn.execute(select(t.partner_id, t.currency).where(t.batch_id == batch_id))}
    hold_until = max(batch.pay_on, batch.through + timedelta(days=holding_days))
    items = conn.execute(select(i.partner_id, i.currency, i.amount_minor).where(i.batch_id == batch_id)).all()
    new = [{"batch_id": batch_id, "partner_id": p, "currency": c, "amount_minor": m, "provider": provider,
            "state": LineState.PENDING.value, "idempotency_key": f"po-{batch_id}-{p}-{c}", "attempts": 0,
            "hold_until": hold_until, "updated_at": now} for p, c, m in items if (p, c) not in have]  # fmt: skip
    if new:
        conn.execute(insert(payment_lines), new)


def _send(engine: Engine, line: PaymentLine, provider: Provider, key: bytes, now: datetime,
          report: ExecutionReport) -> None:
    with engine.connect() as conn:
        details = load_details(conn, line.partner_id, key)
        partner = record_ref(conn, "partner", line.partner_id)
    destination = provider.destination(vars(details)) if details is not None else None
    if destination is None:
        note = f"partner {partner.external_id}: no {provider.name} account in its payment details"
        report.add("waiting for details", note)
        return
    with engine.begin() as conn:
        token = claim(conn, line.id, now)
        claimed = line_by_id(conn, line.id) if token else None
    if token is None or claimed is None:
        report.add("taken by another run")
        return
    transfer = Transfer(claimed.key, claimed.amount, destination, f"PartnerOps payout batch {claimed.batch_id}")
    try:
        made = provider.find(claimed.key) if line.state is LineState.SENDING else None
        result = Accepted(made) if made is not None else provider.send(transfer)
    except ProviderUnavailable as exc:
        with engine.begin() as conn:
            record_unknown(conn, claimed, token, str(exc), now, exc.retry_after)
        report.add("unknown, will retry", f"partner {partner.external_id}: {exc}")
        return
    except ProviderNotConfigured as exc:
        with engine.begin() as conn:
            record_unknown(conn, claimed, token, str(exc), now)
        raise
    with engine.begin() as conn:
        if isinstance(result, Accepted):
            kept = record_accepted(conn, claimed.id, token, result.ref, now)
            report.add("sent" if kept else "already settled")
        else:
            record_rejected(conn, claimed, token, result.reason, now)
            report.add("failed, will retry", f"partner {partner.external_id}: {result.reason}")


def _why_not(line: PaymentLine, now: datetime) -> str:
    if line.state in (LineState.SENT, LineState.RECONCILED):
        return f"already {line.state.value}"
    if line.hold_until > now.date():
        return "held"
    if line.attempts >= MAX_ATTEMPTS:
        return "gave up, needs attention"
    if line.next_attempt_at is not None and line.next_attempt_at > now:
        return "waiting to retry"
    return "in flight"



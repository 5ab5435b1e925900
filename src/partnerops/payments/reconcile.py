"""Applying a provider's verified webhook events: each event once, the line confirmed (and the payout posted to the
ledger) or failed for a retry; the batch becomes paid when its last line is confirmed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from partnerops.commissions.journal_repo import audit, post_entry
from partnerops.commissions.ledger import EntryKind, JournalEntry, entry_lines
from partnerops.commissions.payouts import BatchStatus
from partnerops.payments.lines import LineState, PaymentLine, backoff, line_by_key
from partnerops.payments.providers import EventKind, Provider, ProviderEvent
from partnerops.store.commission_tables import commission_payout_batches, commission_payout_items
from partnerops.store.payment_tables import payment_events, payment_lines

__all__ = ["Applied", "apply_event", "confirm_line", "poll_unconfirmed"]

ACTOR = "payments"
# A sent line whose confirmation has not arrived after this long is asked about (a webhook can be lost).
QUIET = timedelta(hours=1)


@dataclass(frozen=True)
class Applied:
    outcome: str
    line_id: int | None = None


def apply_event(engine: Engine, provider: str, event: ProviderEvent, now: datetime) -> Applied:
    """Apply `event` once: a delivery of an event already applied changes nothing ("duplicate")."""
    try:
        with engine.begin() as conn:
            line = line_by_key(conn, provider, event.line_key) if event.line_key else None
            outcome = _apply(conn, line, event, now)
            conn.execute(insert(payment_events).values(
                provider=provider, event_id=event.event_id, event_type=event.event_type,
                line_id=line.id if line else None, outcome=outcome, received_at=now,
            ))  # fmt: skip
            return Applied(outcome, line.id if line else None)
    except IntegrityError:
        return Applied("duplicate")


def _apply(conn: Connection, line: PaymentLine | None, event: ProviderEvent, now: datetime) -> str:
    if event.kind is EventKind.IGNORED:
        return "ignored"
    if line is None:
        return "no such line"
    if event.kind is EventKind.CONFIRMED:
        return "confirmed" if confirm_line(conn, line, event.ref, now) else f"already {line.state.value}"
    t = payment_lines.c
    failed = conn.execute(update(payment_lines).where(
        t.id == line.id, t.idempotency_key == line.key, t.state.in_([LineState.SENDING.value, LineState.SENT.value])
    ).values(
        state=LineState.FAILED.value, idempotency_key=f"{line.key.split('~')[0]}~{line.attempts}~f", claim=None,
        last_error=event.reason, next_attempt_at=backoff(line.attempts, now), updated_at=now,
    )).rowcount  # fmt: skip
    if failed:
        return "failed"
    return "needs attention: failed after reconciliation" if line.state is LineState.RECONCILED else "stale"


def confirm_line(conn: Connection, line: PaymentLine, ref: str | None, now: datetime) -> bool:
    """Reconcile the line (from sending or sent) and post its payout; False when it was not in flight."""
    t = payment_lines.c
    moved = conn.execute(update(payment_lines).where(
        t.id == line.id, t.state.in_([LineState.SENDING.value, LineState.SENT.value])
    ).values(
        state=LineState.RECONCILED.value, provider_ref=ref or line.provider_ref, claim=None, confirmed_on=now.date(),
        next_attempt_at=None, updated_at=now,
    )).rowcount  # fmt: skip
    if not moved:
        return False
    # The same key as a batch marked paid by hand: the ledger never holds one payout twice.
    post_entry(conn, JournalEntry(
        key=f"payout:{line.batch_id}:{line.partner_id}:{line.amount.currency}", kind=EntryKind.PAYOUT,
        partner_id=line.partner_id, booked_on=now.date(), memo=f"payout batch {line.batch_id} via {line.provider}",
        actor=ACTOR, lines=entry_lines(EntryKind.PAYOUT, line.amount), reason=ref,
    ))  # fmt: skip
    _close_batch(conn, line.batch_id, now)
    return True


def _close_batch(conn: Connection, batch_id: int, now: datetime) -> None:
    t, i, b = payment_lines.c, commission_payout_items.c, commission_payout_batches.c
    items = len(conn.execute(select(i.id).where(i.batch_id == batch_id)).all())
    done = len(conn.execute(select(t.id).where(t.batch_id == batch_id, t.state == LineState.RECONCILED.value)).all())
    if done < items:
        return
    moved = conn.execute(update(commission_payout_batches).where(
        b.id == batch_id, b.status == BatchStatus.APPROVED.value
    ).values(status=BatchStatus.PAID.value, paid_by=ACTOR, paid_at=now)).rowcount  # fmt: skip
    if moved:
        audit(conn, "commission_payout_batch", batch_id, "status", BatchStatus.APPROVED.value,
              BatchStatus.PAID.value, ACTOR, "every line confirmed by the payment provider")


def poll_unconfirmed(engine: Engine, providers: Mapping[str, Provider], now: datetime,
                     quiet_for: timedelta = QUIET) -> dict[str, int]:
    """Ask the provider about every line sent more than `quiet_for` ago whose webhook has not come, and apply what
    it reports as an event of its own (applied once, like a delivery)."""
    t = payment_lines.c
    with engine.connect() as conn:
        rows = conn.execute(select(t.provider, t.provider_ref, t.idempotency_key).where(
            t.state == LineState.SENT.value, t.updated_at <= now - quiet_for, t.provider_ref.is_not(None),
        ).order_by(t.id)).all()  # fmt: skip
    counts: Counter[str] = Counter()
    for provider_name, ref, key in rows:
        provider = providers.get(provider_name)
        kind = provider.outcome(ref) if provider is not None else None
        if kind is None:
            counts["unsettled"] += 1
            continue
        event = ProviderEvent(f"poll:{key}:{kind.value}", f"poll.{kind.value}", kind, key, ref,
                              f"{provider_name} reports the transfer {kind.value}")  # fmt: skip
        counts[apply_event(engine, provider_name, event, now).outcome] += 1
    return dict(counts)

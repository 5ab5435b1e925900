"""Properties of the ledger over random programs (attribution changing under it too): every entry balances, and
re-running accruals changes nothing."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, case, func, select, update

from commissions.commission_kit import ACTOR, ALPHA, BRAVO, Deals, attribute, load, make_plan, seed_partners
from partnerops.commissions.accrual import accrue
from partnerops.commissions.adjustments import adjust
from partnerops.commissions.journal_repo import account_balances_by_partner
from partnerops.commissions.ledger import Account
from partnerops.commissions.payouts import approve_batch, create_batch, pay_batch
from partnerops.domain.money import Money
from partnerops.store.commission_tables import commission_credits, commission_entries, commission_entry_lines
from partnerops.store.database import make_engine
from partnerops.store.tables import touches

END = date(2026, 12, 31)
tiers = st.sampled_from(["sourced", "co_sell_active", "co_sell_passive", "influence"])
deal = st.tuples(
    st.decimals(min_value=1, max_value=120_000, places=2),
    st.dates(min_value=date(2026, 1, 1), max_value=END),
    st.dictionaries(st.sampled_from([ALPHA, BRAVO]), tiers, min_size=1),
)
operation = st.one_of(
    st.tuples(st.just("adjust"), st.sampled_from([ALPHA, BRAVO]),
              st.decimals(min_value=-5_000, max_value=5_000, places=2).filter(lambda d: d != 0)),
    st.tuples(st.just("payout"), st.just(0), st.just(Decimal(0))),
    st.tuples(st.just("accrue"), st.just(0), st.just(Decimal(0))),
    # Sales rejects (or restores) every touch of a partner; attribution and accruals run again.
    st.tuples(st.just("flip"), st.sampled_from([ALPHA, BRAVO]), st.just(Decimal(0))),
)


@contextmanager
def fresh_database(template: Path, folder: Path) -> Iterator[Engine]:
    path = folder / f"{uuid.uuid4().hex}.db"
    shutil.copy(template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        yield engine
    finally:
        engine.dispose()
        path.unlink()


def _program(engine: Engine, deals: list[tuple[Decimal, date, dict[int, str]]]) -> None:
    seed_partners(engine)
    load(engine, make_plan())
    load(engine, make_plan(version="2026.2", effective_from="2026-07-01", method="cliff"))
    kit = Deals(engine)
    for amount, closed, partner_tiers in deals:
        kit.won(str(amount), closed, partner_tiers)
    attribute(engine)


def _unbalanced_entries(engine: Engine) -> list[object]:
    lines = commission_entry_lines.c
    with engine.connect() as conn:
        return list(conn.execute(
            select(lines.entry_id, lines.currency).group_by(lines.entry_id, lines.currency)
            .having(func.sum(lines.amount_minor) != 0)
        ))  # fmt: skip


@settings(max_examples=15)
@given(deals=st.lists(deal, min_size=1, max_size=6), operations=st.lists(operation, max_size=6))
def test_the_ledger_always_balances(sqlite_template: Path, tmp_path_factory, deals, operations) -> None:  # type: ignore[no-untyped-def]
    with fresh_database(sqlite_template, tmp_path_factory.getbasetemp()) as engine:
        _program(engine, deals)
        accrue(engine, END, ACTOR)
        for step, (kind, partner, amount) in enumerate(operations):
            _apply(engine, kind, partner, amount, END + timedelta(days=step))
        assert _unbalanced_entries(engine) == []
        with engine.connect() as conn:
            assert conn.execute(select(func.coalesce(func.sum(commission_entry_lines.c.amount_minor), 0))
                                ).scalar_one() == 0
        assert _owed_per_credit(engine) == _expected_per_credit(engine)


def _owed_per_credit(engine: Engine) -> dict[int, int]:
    """What each credit's entries still owe its partner: accruals less withdrawals."""
    lines, entries = commission_entry_lines.c, commission_entries.c
    with engine.connect() as conn:
        rows = conn.execute(select(entries.credit_id, -func.sum(lines.amount_minor))
                            .join(commission_entries, entries.id == lines.entry_id)
                            .where(entries.credit_id.is_not(None), lines.account == Account.PAYABLE.value)
                            .group_by(entries.credit_id))
        return {int(credit): int(owed) for credit, owed in rows if owed}


def _expected_per_credit(engine: Engine) -> dict[int, int]:
    """An accrued credit is owed its commission; a tracked one (never paid, or withdrawn) nothing."""
    c = commission_credits.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.id, c.commission_minor).where(c.status == "accrued", c.commission_minor != 0))
        return {int(credit): int(minor) for credit, minor in rows}


def _apply(engine: Engine, kind: str, partner: int, amount: Decimal, day: date) -> None:
    if kind == "adjust":
        adjust(engine, partner, Money(amount, "USD"), "property test", ACTOR, day)
    elif kind == "accrue":
        accrue(engine, day, ACTOR)
    elif kind == "flip":
        t = touches.c
        with engine.begin() as conn:
            conn.execute(update(touches).where(t.partner_id == partner).values(
                status=case((t.status == "rejected", "confirmed"), else_="rejected")))
        attribute(engine)
        accrue(engine, day, ACTOR)
    else:
        owed = _owed_somewhere(engine, day)
        if owed:
            batch = create_batch(engine, day, day, ACTOR)
            approve_batch(engine, batch.id, ACTOR)
            pay_batch(engine, batch.id, ACTOR, day)


def _owed_somewhere(engine: Engine, day: date) -> bool:
    with engine.connect() as conn:
        return any(m.minor < 0 for m in account_balances_by_partner(conn, day).values())


def _snapshot(engine: Engine) -> tuple[object, ...]:
    c, e = commission_credits.c, commission_entries.c
    with engine.connect() as conn:
        credits = conn.execute(select(c.opportunity_id, c.partner_id, c.status, c.commission_minor, c.reason)
                               .order_by(c.id)).all()
        entries = conn.execute(select(e.key, e.booked_on).order_by(e.id)).all()
        lines = conn.execute(select(commission_entry_lines).order_by(commission_entry_lines.c.id)).all()
    return tuple(credits), tuple(entries), tuple(lines)


@settings(max_examples=15)
@given(deals=st.lists(deal, min_size=1, max_size=8), cut=st.dates(min_value=date(2026, 1, 1), max_value=END))
def test_rerunning_accruals_changes_nothing(sqlite_template: Path, tmp_path_factory, deals, cut) -> None:  # type: ignore[no-untyped-def]
    with fresh_database(sqlite_template, tmp_path_factory.getbasetemp()) as engine:
        _program(engine, deals)
        accrue(engine, cut, ACTOR)
        accrue(engine, END, ACTOR)
        once = _snapshot(engine)
        report = accrue(engine, END, ACTOR)
        assert (report.accrued, report.tracked, report.reversals, report.withdrawn) == (0, 0, 0, 0)
        assert _snapshot(engine) == once

"""After the accrual: refunds and churn, adjustments, payouts, disputes, statements and the summary."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from commissions.commission_kit import ACTOR, ALPHA, BRAVO, Deals, attribute, load, make_plan, seed_partners
from partnerops.commissions import disputes, payouts
from partnerops.commissions.accrual import accrue
from partnerops.commissions.adjustments import adjust
from partnerops.commissions.errors import CommissionNotFound, InvalidTransition, ReasonRequired
from partnerops.commissions.events import import_events
from partnerops.commissions.export import journal_csv
from partnerops.commissions.journal_repo import account_balances
from partnerops.commissions.periods import parse_period
from partnerops.commissions.statement_files import statement_csv, statement_html
from partnerops.commissions.statements import partner_statement
from partnerops.commissions.summary import partner_commissions
from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.store.audit import history
from partnerops.store.commission_tables import commission_credits, commission_entries
from partnerops.store.tables import quarantine, touches

MANAGER = Principal(user_id=1, email="manager@example.com", role=Role.PARTNER_MANAGER)
ALPHA_USER = Principal(user_id=2, email="ana@alpha.test", role=Role.PARTNER_USER, partner_id=ALPHA)
BRAVO_USER = Principal(user_id=3, email="bruno@bravo.test", role=Role.PARTNER_USER, partner_id=BRAVO)
USD = "USD"


def usd(amount: str) -> Money:
    return Money(Decimal(amount), USD)


@pytest.fixture
def accrued(engine: Engine) -> Engine:
    """Alpha sourced a 10,000 deal closed 1 February 2026: 2,000 accrued."""
    seed_partners(engine)
    load(engine, make_plan())
    Deals(engine).won("10000.00", date(2026, 2, 1), {ALPHA: "sourced"})
    attribute(engine)
    accrue(engine, date(2026, 2, 28), ACTOR)
    return engine


def _events(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "events.csv"
    path.write_text("id,opportunity_id,type,occurred_on,amount,currency\n" + "\n".join(rows) + "\n")
    return path


def _kinds(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(commission_entries.c.kind).order_by(commission_entries.c.id)).scalars())


def _summary(engine: Engine, partner: int = ALPHA, today: date = date(2026, 12, 31)):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return partner_commissions(conn, partner, today)


def test_a_partial_refund_in_the_clawback_period_reverses_its_share(accrued: Engine, tmp_path: Path) -> None:
    import_events(accrued, _events(tmp_path, "R1,O1,refund,2026-03-01,2500.00,USD"))
    accrue(accrued, date(2026, 3, 31), ACTOR)
    assert _kinds(accrued) == ["accrual", "reversal"]
    assert _summary(accrued).earned == {USD: usd("1500.00")}


def test_churn_after_a_payout_is_a_clawback_the_next_batch_nets(accrued: Engine, tmp_path: Path) -> None:
    batch = payouts.create_batch(accrued, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    payouts.approve_batch(accrued, batch.id, ACTOR)
    payouts.pay_batch(accrued, batch.id, ACTOR, date(2026, 3, 15))
    import_events(accrued, _events(tmp_path, "C1,O1,churn,2026-04-01,,USD"))
    accrue(accrued, date(2026, 4, 30), ACTOR)
    assert _kinds(accrued) == ["accrual", "payout", "clawback"]
    summary = _summary(accrued)
    assert (summary.earned, summary.paid, summary.pending) == ({USD: usd("0")}, {USD: usd("2000.00")},
                                                               {USD: usd("-2000.00")})


def test_an_event_after_the_clawback_period_changes_nothing(accrued: Engine, tmp_path: Path) -> None:
    import_events(accrued, _events(tmp_path, "R1,O1,refund,2026-06-01,,USD"))  # 120 days after close
    assert accrue(accrued, date(2026, 6, 30), ACTOR).reversals == 0
    assert _kinds(accrued) == ["accrual"]


def test_importing_events_twice_changes_nothing_and_bad_rows_are_quarantined(accrued: Engine, tmp_path: Path) -> None:
    path = _events(tmp_path, "R1,O1,refund,2026-03-01,100.00,USD", "R2,O404,refund,2026-03-01,,USD",
                   "R3,O1,return,2026-03-01,,USD")
    first = import_events(accrued, path)
    again = import_events(accrued, path)
    assert (first.inserted, first.quarantined, again.inserted, again.unchanged) == (1, 2, 0, 1)
    assert "unknown opportunity 'O404'" in " ".join(first.problems)
    with accrued.connect() as conn:
        assert len(conn.execute(select(quarantine.c.id)).all()) == 2
    accrue(accrued, date(2026, 3, 31), ACTOR)
    assert accrue(accrued, date(2026, 3, 31), ACTOR).reversals == 0


def test_an_adjustment_needs_a_reason_and_is_audited(accrued: Engine) -> None:
    with pytest.raises(ReasonRequired):
        adjust(accrued, ALPHA, usd("50"), " ", ACTOR, date(2026, 3, 1))
    entry = adjust(accrued, ALPHA, usd("-50.00"), "duplicate deal", ACTOR, date(2026, 3, 1))
    with accrued.connect() as conn:
        assert history(conn, "commission_entry", entry)[0]["reason"] == "duplicate deal"
    assert _summary(accrued).earned == {USD: usd("1950.00")}


def test_a_payout_batch_moves_draft_approved_paid_and_never_back(accrued: Engine) -> None:
    batch = payouts.create_batch(accrued, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    assert [(i.partner_id, i.amount) for i in batch.items] == [(ALPHA, usd("2000.00"))]
    assert _summary(accrued).next_payout is not None
    with pytest.raises(InvalidTransition):
        payouts.pay_batch(accrued, batch.id, ACTOR, date(2026, 3, 15))
    with pytest.raises(InvalidTransition, match="nothing is owed"):
        payouts.create_batch(accrued, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    payouts.approve_batch(accrued, batch.id, ACTOR)
    payouts.pay_batch(accrued, batch.id, ACTOR, date(2026, 3, 15))
    with pytest.raises(InvalidTransition):
        payouts.approve_batch(accrued, batch.id, ACTOR)
    summary = _summary(accrued)
    assert (summary.paid, summary.pending, summary.next_payout) == ({USD: usd("2000.00")}, {USD: usd("0")}, None)


def test_an_accepted_dispute_posts_its_adjustment_and_the_history_stays(accrued: Engine) -> None:
    line = _kinds_ids(accrued)[0]
    opened = disputes.open_dispute(accrued, ALPHA_USER, line, "rate should be 40%", "https://crm/deal/1")
    assert _summary(accrued).open_disputes == 1
    resolved = disputes.resolve_dispute(accrued, MANAGER, opened.id, True, "agreed: tier error", usd("500.00"),
                                        date(2026, 3, 2))
    assert resolved.status is disputes.DisputeStatus.ACCEPTED and resolved.adjustment_entry_id
    assert _summary(accrued).earned == {USD: usd("2500.00")}
    with accrued.connect() as conn:
        moves = [(h["old_value"], h["new_value"]) for h in history(conn, "commission_dispute", opened.id)]
    assert moves == [(None, "open"), ("open", "accepted")]
    with pytest.raises(InvalidTransition):
        disputes.resolve_dispute(accrued, MANAGER, opened.id, False, "again")


def test_a_rejected_dispute_needs_a_reason_and_a_partner_cannot_resolve(accrued: Engine) -> None:
    opened = disputes.open_dispute(accrued, ALPHA_USER, _kinds_ids(accrued)[0], "missing deal", "email of 2 Feb")
    with pytest.raises(ReasonRequired):
        disputes.resolve_dispute(accrued, MANAGER, opened.id, False, "")
    with pytest.raises(Exception, match="only a partner manager"):
        disputes.resolve_dispute(accrued, ALPHA_USER, opened.id, False, "self-service")
    assert disputes.resolve_dispute(accrued, MANAGER, opened.id, False, "paid per plan").resolution == "paid per plan"


def test_a_partner_cannot_dispute_or_list_another_partners_lines(accrued: Engine) -> None:
    line = _kinds_ids(accrued)[0]
    with pytest.raises(CommissionNotFound):
        disputes.open_dispute(accrued, BRAVO_USER, line, "mine", "proof")
    disputes.open_dispute(accrued, ALPHA_USER, line, "rate", "proof")
    assert disputes.list_disputes(accrued, BRAVO_USER) == []
    assert len(disputes.list_disputes(accrued, ALPHA_USER)) == 1


def _kinds_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.execute(select(commission_entries.c.id).order_by(commission_entries.c.id)).scalars())


def test_a_statement_shows_opening_lines_and_closing_for_its_period(accrued: Engine) -> None:
    adjust(accrued, ALPHA, usd("100.00"), "spiff", ACTOR, date(2026, 4, 2))
    with accrued.connect() as conn:
        q1 = partner_statement(conn, ALPHA, parse_period("2026-Q1"))
        q2 = partner_statement(conn, ALPHA, parse_period("2026-Q2"))
    assert [(line.kind, line.amount) for line in q1.lines] == [("accrual", usd("2000.00"))]
    assert q1.lines[0].tier == "sourced" and q1.lines[0].rate == Decimal("0.2")
    assert (q2.opening, q2.closing) == ({USD: usd("2000.00")}, {USD: usd("2100.00")})
    assert "accrual" in statement_csv(q1).splitlines()[1]
    page = statement_html(q1)
    assert "@media print" in page and "Alpha Cloud" in page and "2,000.00 USD" in page


def test_the_accounting_export_has_a_debit_and_a_credit_per_entry(accrued: Engine) -> None:
    with accrued.connect() as conn:
        rows = journal_csv(conn).splitlines()
    assert rows[0].startswith("entry,key,booked_on,kind")
    assert ",commission_expense,USD,2000.00,," in rows[1]
    assert ",commission_payable,USD,,2000.00," in rows[2]


def test_the_whole_ledger_balances_to_zero(accrued: Engine) -> None:
    adjust(accrued, BRAVO, usd("10.00"), "goodwill", ACTOR, date(2026, 3, 1))
    with accrued.connect() as conn:
        balances = account_balances(conn)
    assert sum(m.minor for m in balances.values()) == 0


def test_a_disputed_line_waits_out_of_the_payout_until_it_is_resolved(accrued: Engine) -> None:
    adjust(accrued, ALPHA, usd("100.00"), "spiff", ACTOR, date(2026, 2, 20))
    line = _kinds_ids(accrued)[0]
    opened = disputes.open_dispute(accrued, ALPHA_USER, line, "rate should be 40%", "https://crm/deal/1")
    with accrued.connect() as conn:
        assert payouts.disputed_amounts(conn, date(2026, 2, 28)) == {(ALPHA, USD): usd("2000.00")}
    first = payouts.create_batch(accrued, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    assert [(i.partner_id, i.amount) for i in first.items] == [(ALPHA, usd("100.00"))]
    disputes.resolve_dispute(accrued, MANAGER, opened.id, True, "agreed", usd("500.00"), date(2026, 3, 2))
    second = payouts.create_batch(accrued, date(2026, 3, 31), date(2026, 4, 15), ACTOR)
    assert [(i.partner_id, i.amount) for i in second.items] == [(ALPHA, usd("2500.00"))]


def _set_touches(engine: Engine, status: str) -> None:
    with engine.begin() as conn:
        conn.execute(update(touches).where(touches.c.partner_id == ALPHA).values(status=status))
    attribute(engine)


def test_an_accrual_the_latest_attribution_no_longer_pays_is_withdrawn_and_comes_back_with_it(
        accrued: Engine) -> None:
    _set_touches(accrued, "rejected")  # sales rejected the deal registration: Alpha sourced nothing
    withdrawn = accrue(accrued, date(2026, 3, 31), ACTOR)
    assert withdrawn.withdrawn == 1 and _kinds(accrued) == ["accrual", "reversal"]
    assert _summary(accrued).earned == {USD: usd("0.00")}
    with accrued.connect() as conn:
        credit = conn.execute(select(commission_credits.c.status, commission_credits.c.reason)).one()
        reason = conn.execute(select(commission_entries.c.reason).where(commission_entries.c.kind == "reversal"))
        assert credit.status == "tracked" and credit.reason.startswith("accrual withdrawn on 2026-03-31")
        assert "no longer attributed" in reason.scalar_one()
    assert accrue(accrued, date(2026, 3, 31), ACTOR).withdrawn == 0  # a re-run changes nothing
    assert _kinds(accrued) == ["accrual", "reversal"]
    _set_touches(accrued, "confirmed")  # the rejection was a mistake
    back = accrue(accrued, date(2026, 4, 30), ACTOR)
    assert (back.accrued, back.withdrawn) == (1, 0)
    assert _kinds(accrued) == ["accrual", "reversal", "accrual"]
    assert _summary(accrued).earned == {USD: usd("2000.00")}


def test_a_withdrawal_after_a_payout_is_a_clawback_the_next_batch_nets(accrued: Engine) -> None:
    batch = payouts.create_batch(accrued, date(2026, 2, 28), date(2026, 3, 15), ACTOR)
    payouts.approve_batch(accrued, batch.id, ACTOR)
    payouts.pay_batch(accrued, batch.id, ACTOR, date(2026, 3, 15))
    _set_touches(accrued, "rejected")
    accrue(accrued, date(2026, 3, 31), ACTOR)
    assert _kinds(accrued)[-1] == "clawback"
    with accrued.connect() as conn:
        balances = account_balances(conn, ALPHA)
    assert sum(m.minor for m in balances.values()) == 0


def test_a_refund_after_a_withdrawal_and_re_accrual_takes_back_its_share(accrued: Engine, tmp_path: Path) -> None:
    _set_touches(accrued, "rejected")
    accrue(accrued, date(2026, 2, 28), ACTOR)
    _set_touches(accrued, "confirmed")
    accrue(accrued, date(2026, 2, 28), ACTOR)
    import_events(accrued, _events(tmp_path, "R1,O1,refund,2026-03-10,5000.00,USD"))
    accrue(accrued, date(2026, 3, 31), ACTOR)
    assert _kinds(accrued) == ["accrual", "reversal", "accrual", "reversal"]
    assert _summary(accrued).earned == {USD: usd("1000.00")}

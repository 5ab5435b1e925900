"""An open deal counts a touch only up to its expected close and never a touch dated in the future; the stored
run and `partnerops attribution explain` say why such a touch did not count."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from partnerops.attribution.explain import explain_opportunity
from partnerops.attribution.service import run_attribution
from partnerops.cli.main import app
from partnerops.domain.enums import Tier
from partnerops.store.tables import accounts, opportunities, partners, touches

TODAY = datetime.now(UTC).date()


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def seed(engine: Engine) -> None:
    """Initech O-LATE (open, expected to close 10 days ago) and O-NEXT (open, no expected close), Acme Cloud's
    touches on both, one dated before the expected close, one after it, and one next week."""
    deal = {"source_system": "salesforce", "account_id": 1, "currency": "USD", "stage": "Proposal", "outcome": "open"}
    with engine.begin() as c:
        c.execute(insert(partners), [{"id": 1, "source_system": "csv", "external_id": "P1", "name": "Acme Cloud",
                                      "type": "technology"}])  # fmt: skip
        c.execute(insert(accounts), [{"id": 1, "source_system": "csv", "external_id": "A1", "name": "Initech"}])
        c.execute(
            insert(opportunities),
            [
                {**deal, "id": 1, "external_id": "O-LATE", "name": "Initech late", "amount_minor": 5_000_00,
                 "created_on": _day(-90), "expected_close_on": _day(-10)},
                {**deal, "id": 2, "external_id": "O-NEXT", "name": "Initech next", "amount_minor": 7_000_00,
                 "created_on": _day(-40), "expected_close_on": None},
            ],  # fmt: skip
        )
        c.execute(
            insert(touches),
            [
                _touch(1, 1, "poc", -30),
                _touch(2, 1, "joint_call", -5),
                _touch(3, 1, "discovery", 7),
                _touch(4, 2, "poc", -20),
                _touch(5, 2, "joint_call", 3),
            ],
        )


def _touch(touch_id: int, deal: int, kind: str, offset: int) -> dict[str, object]:
    return {"id": touch_id, "source_system": "csv", "external_id": f"T{touch_id}", "partner_id": 1,
            "opportunity_id": deal, "type": kind, "touched_on": _day(offset), "status": "confirmed"}  # fmt: skip


def test_touches_after_the_expected_close_or_in_the_future_do_not_count(engine: Engine) -> None:
    seed(engine)
    summary = run_attribution(engine)
    assert summary.opportunities_by_tier[Tier.INFLUENCE] == 2  # each deal keeps one touch: no co-sell
    assert summary.opportunities_by_tier[Tier.CO_SELL] == 0


def test_explain_says_why_each_late_touch_did_not_count(engine: Engine) -> None:
    seed(engine)
    run_attribution(engine)
    late = explain_opportunity(engine, "O-LATE")
    assert late.lines() == [f"Acme Cloud: influence — poc {_day(-30).isoformat()}"]
    assert [(i.touch.touch_id, i.reason) for i in late.ignored] == [
        (2, f"dated after the open opportunity's expected close ({_day(-10).isoformat()})"),
        (3, f"dated in the future (after {TODAY.isoformat()}, the day of the attribution run)"),
    ]
    upcoming = explain_opportunity(engine, "O-NEXT")
    assert [(i.touch.touch_id, i.reason) for i in upcoming.ignored] == [
        (5, f"dated in the future (after {TODAY.isoformat()}, the day of the attribution run)")
    ]


def test_the_explain_command_prints_the_reasons(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(cli_engine)
    runner = CliRunner()
    assert runner.invoke(app, ["attribution", "run"]).exit_code == 0
    result = runner.invoke(app, ["attribution", "explain", "O-LATE", "--json"], terminal_width=200)
    assert result.exit_code == 0, result.output
    reasons = {row["type"]: row["reason"] for row in json.loads(result.output)["not_counted"]}
    assert reasons == {
        "joint_call": f"dated after the open opportunity's expected close ({_day(-10).isoformat()})",
        "discovery": f"dated in the future (after {TODAY.isoformat()}, the day of the attribution run)",
    }

"""A real `partnerops commissions payouts execute` process killed (SIGKILL) after the provider made the transfer
and before the run recorded it: the next run, once the dead run's claim has lapsed, pays nobody twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, update

from partnerops.payments.lines import lines_of
from partnerops.store.payment_tables import payment_lines
from payments.fake_providers import STRIPE_KEY, STRIPE_WEBHOOK_SECRET, FakeProviders
from payments.payments_kit import KEY_TEXT, approved_batch


def _execute(engine: Engine, fake: FakeProviders, batch_id: int) -> subprocess.Popen[str]:
    env = os.environ | {
        "PARTNEROPS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "PARTNEROPS_SECRET_KEY": KEY_TEXT, "PARTNEROPS_STRIPE_API_KEY": STRIPE_KEY,
        "PARTNEROPS_STRIPE_WEBHOOK_SECRET": STRIPE_WEBHOOK_SECRET, "PARTNEROPS_STRIPE_API_BASE": fake.url,
    }  # fmt: skip
    command = [sys.executable, "-c", "from partnerops.cli.main import app; app(prog_name='partnerops')",
               "commissions", "payouts", "execute", str(batch_id), "--provider", "stripe"]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_run_killed_after_the_transfer_was_made_is_finished_by_the_next_without_paying_twice(
    engine: Engine, fake: FakeProviders
) -> None:
    batch = approved_batch(engine)
    fake.stall_seconds = 60  # the provider has made the first transfer and has not answered yet
    fake.inject("/v1/transfers", "stall")
    process = _execute(engine, fake, batch.id)
    while process.poll() is None and not fake.created:
        time.sleep(0.02)
    if process.poll() is not None:
        pytest.fail(f"the run ended before it could be killed: {process.communicate()}")
    process.send_signal(signal.SIGKILL)
    process.wait()
    with engine.connect() as conn:
        assert [line.state.value for line in lines_of(conn, batch.id)] == ["sending", "pending"]
    # The dead run's claim lapses with time; the clock is moved rather than waited for.
    with engine.begin() as conn:
        conn.execute(update(payment_lines).values(claimed_at=datetime.now(UTC) - timedelta(minutes=11)))
    fake.stall_seconds = 0
    again = _execute(engine, fake, batch.id)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "sent: 2" in out
    assert sum(fake.created.values()) == 2 and len(fake.transfers) == 2
    with engine.connect() as conn:
        assert [line.state.value for line in lines_of(conn, batch.id)] == ["sent", "sent"]

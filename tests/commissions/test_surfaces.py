"""The commissions API and pages end to end: a partner user reads its statement and opens a dispute; a manager
resolves it and approves the payout batch."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine

from partnerops.commissions.adjustments import adjust
from partnerops.commissions.payouts import create_batch
from partnerops.domain.money import Money
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, MANAGER

PERIOD = f"{date.today().year}"


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _seed(engine: Engine) -> int:
    line = adjust(engine, ALPHA, Money.from_minor(123_456, "USD"), "alpha spiff", "finance", date.today())
    create_batch(engine, date.today(), date.today(), "finance")
    return line


def test_a_partner_disputes_a_line_in_the_portal_and_a_manager_resolves_it(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    line = _seed(engine)
    with TestClient(app) as partner:
        sign_in(partner, ALPHA_USER)
        page = partner.get(f"/portal/commissions?period={PERIOD}").text
        assert f'id="line-{line}"' in page and "1,234.56 USD" in page
        assert "@media print" in partner.get(f"/portal/commissions/print?period={PERIOD}").text
        pdf = partner.get(f"/portal/commissions/statement.pdf?period={PERIOD}")
        assert pdf.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "1,234.56 USD" in text and "alpha spiff" in text
        opened = partner.post(f"/portal/commissions/lines/{line}/dispute",
                              data={"csrf_token": _csrf(page), "claim": "should be 1,500", "evidence": "mail of 3 May"})
        found = re.search(r"Dispute (\d+) opened", opened.text)
        assert found is not None
        dispute = int(found.group(1))
        assert partner.get("/commissions").status_code == 403
    with TestClient(app) as manager:
        sign_in(manager, MANAGER)
        desk = manager.get("/commissions").text
        batch = max(int(b) for b in re.findall(r'id="batch-(\d+)"', desk))
        assert "should be 1,500" in desk
        resolved = manager.post(f"/commissions/disputes/{dispute}/resolve", data={
            "csrf_token": _csrf(desk), "decision": "accept", "amount": "265.44", "currency": "USD",
            "resolution": "agreed"})  # fmt: skip
        assert f"Dispute {dispute} resolved" in resolved.text
        approved = manager.post(f"/commissions/payouts/{batch}/approve", data={"csrf_token": _csrf(desk)})
        assert f"Batch {batch} approved" in approved.text
    engine.dispose()


def test_the_api_gives_a_partner_its_summary_and_statement(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    line = _seed(engine)
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        summary = client.get("/api/v1/commissions/summary").json()
        # The web world's own commission area already gave Alpha a 100.00 bonus, now in the first batch.
        assert summary["earned"] == [{"amount": "1334.56", "currency": "USD"}]
        assert summary["next_payout"]["amounts"] == [{"amount": "100.00", "currency": "USD"}]
        statement = client.get(f"/api/v1/commissions/statements/PA?period={PERIOD}").json()
        assert line in [item["line_id"] for item in statement["lines"]]
        assert client.get("/api/v1/commissions/payouts").status_code == 403
    engine.dispose()

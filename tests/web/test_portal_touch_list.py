"""A partner's own touches in the portal as a list: every one of them (no longer the 200 most recent), searched,
filtered, sorted, paged and exported, and never another partner's."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select

from partnerops.store.tables import touches
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, BRAVO_SECRETS

EXTRA = 230


def test_every_own_touch_is_listed_searched_and_exported(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    today = date.today()
    with engine.begin() as conn:
        conn.execute(insert(touches), [
            {"source_system": "csv", "external_id": f"MINE-{i:03d}", "partner_id": ALPHA, "opportunity_id": 1,
             "type": ("poc", "intel")[i % 2], "touched_on": today - timedelta(days=i), "status": "confirmed",
             "evidence": f"mine-{i:03d}", "actor": "rep@partnerops.test"} for i in range(EXTRA)])  # fmt: skip
        total = conn.execute(select(func.count()).select_from(touches).where(
            touches.c.partner_id == ALPHA, touches.c.deleted_at.is_(None))).scalar_one()  # fmt: skip
    with TestClient(app) as client:
        sign_in(client, ALPHA_USER)
        page = client.get("/portal/touches")
        assert f"1–50 of {total} touches" in page.text
        found = client.get("/portal/touches", params={"q": "MINE-123"})
        assert "1–1 of 1 touches" in found.text
        exported = client.get("/portal/touches", params={"format": "csv"})
        rows = list(csv.DictReader(io.StringIO(exported.text)))
        assert len(rows) == total > 200 and "Claimed by" not in exported.text
        shown = page.text + exported.text + client.get("/portal/touches?q=bravo").text
        assert not [secret for secret in BRAVO_SECRETS if secret in shown]
        assert client.get("/portal/touches", params={"status": "stolen"}).status_code == 400
    engine.dispose()

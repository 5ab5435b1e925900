"""The MDF pages: a partner requests funds and claims with proof in the portal; a manager decides on /mdf."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from partnerops.domain.money import Money
from partnerops.domain.roles import Principal, Role
from partnerops.program.mdf import allocate_funds
from web.conftest import build_app, sign_in
from web.web_world import ALPHA, ALPHA_USER, MANAGER


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_partner_requests_a_manager_approves_and_the_partner_claims(tmp_path: Path) -> None:
    app, engine, _ = build_app(tmp_path)
    year = datetime.now(UTC).year
    with engine.begin() as c:
        allocate_funds(c, Principal(0, "m@x", Role.PARTNER_MANAGER), ALPHA, str(year), Money(Decimal("5000"), "USD"))
    with TestClient(app) as partner, TestClient(app) as manager:
        sign_in(partner, ALPHA_USER)
        token = _csrf(partner.get("/portal/mdf").text)
        form = {"csrf_token": token, "title": "Alpha webinar", "plan": "CIO webinar", "period": str(year),
                "budget": "1,500.00", "currency": "USD", "starts_on": f"{year}-01-01", "ends_on": f"{year}-01-31"}
        assert "waits for a partner manager" in partner.post("/portal/mdf/requests", data=form).text
        too_much = partner.post("/portal/mdf/requests", data=form | {"budget": "9000"})
        assert too_much.status_code == 400 and "MDF left" in too_much.text
        sign_in(manager, MANAGER)
        queue = manager.get("/mdf").text
        assert "Alpha webinar" in queue and "CIO webinar" in queue
        request_id = re.search(r'/mdf/requests/(\d+)/approve', queue).group(1)  # type: ignore[union-attr]
        manager.post(f"/mdf/requests/{request_id}/approve", data={"csrf_token": _csrf(queue)})
        claim = {"csrf_token": token, "amount": "1200", "proof_reference": "https://proof/webinar.pdf",
                 "proof_description": "140 attendees"}  # fmt: skip
        page = partner.post(f"/portal/mdf/requests/{request_id}/claims", data=claim).text
        assert "https://proof/webinar.pdf" in page and "1,500.00 USD" in page and "3,500.00 USD" in page
        assert "140 attendees" in manager.get("/mdf").text
        assert partner.get("/mdf").status_code == 403
    engine.dispose()

"""The nightly re-import respects decisions made in PartnerOps, end to end over real HTTP: sales rejects a touch
on the approval page; the unchanged export imported again leaves the rejection in place (the audit log shows the
decision and no import change); an export that changes the same touch's status records a conflict, which an
admin lists and resolves over the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from ingest.reimport_exports import IMPORTER, import_export, import_whole_export
from partnerops.auth.tokens import create_token
from partnerops.auth.users import add_user
from partnerops.domain.roles import Role
from partnerops.settings import Settings
from partnerops.store.audit import history
from partnerops.store.tables import touches
from partnerops.web.app import create_web_app
from web.conftest import serving, sign_in
from web.web_world import PASSWORD

SALES = "sara@sales.test"
MANAGER = "max@partnerops.test"


@dataclass(frozen=True)
class Served:
    url: str
    engine: Engine
    tokens: dict[str, str]

    def api(self, who: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"Authorization": f"Bearer {self.tokens[who]}"})

    def touch(self, external_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(touches).where(touches.c.external_id == external_id)).one()._mapping)


@pytest.fixture
def served(engine: Engine) -> Iterator[Served]:
    """The whole export imported, a sales user who signs in, an admin and a partner's user with API tokens, and
    the web app over this database served by uvicorn on loopback."""
    import_whole_export(engine)
    tokens = {}
    with engine.begin() as conn:
        add_user(conn, SALES, Role.SALES, password=PASSWORD)
        add_user(conn, MANAGER, Role.PARTNER_MANAGER, password=PASSWORD)
        for who, role, partner in (("admin", Role.ADMIN, None), ("partner", Role.PARTNER_USER, "P1")):
            user = add_user(conn, f"{who}@partnerops.test", role, partner_external_id=partner)
            tokens[who] = create_token(conn, user.id, "tests")
    app = create_web_app(engine, Settings(database_url="sqlite://", secure_cookies=False), warm_dashboard=False)
    with serving(app) as url:
        yield Served(url, engine, tokens)


def _post_on_the_page(served: Served, who: str, page: str, action: str, form: dict[str, str]) -> httpx.Response:
    """What a user does in a browser: sign in, open `page`, send a form to `action` with the page's CSRF token."""
    with httpx.Client(base_url=served.url, follow_redirects=True) as browser:
        sign_in(browser, who)  # type: ignore[arg-type]
        token = re.search(r'"X-CSRF-Token": "([^"]+)"', browser.get(page).text)
        assert token is not None
        return browser.post(action, data=form | {"csrf_token": token.group(1)})


def _reject_on_the_page(served: Served, touch_id: int) -> None:
    answer = _post_on_the_page(served, SALES, "/touches", f"/touches/{touch_id}/reject", {})
    assert answer.status_code == 200, answer.text


def test_a_rejection_made_on_the_page_survives_the_reimport_of_the_unchanged_export(served: Served) -> None:
    t1 = served.touch("T1")["id"]
    _reject_on_the_page(served, t1)
    again = import_export(served.engine, "touches")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert served.touch("T1")["status"] == "rejected"
    with served.engine.connect() as conn:
        (decision,) = history(conn, "touch", t1)
        assert history(conn, "touches", t1) == []
    assert (decision["actor"], decision["old_value"], decision["new_value"]) == (SALES, "confirmed", "rejected")
    with served.api("admin") as api:
        assert api.get("/api/v1/import-conflicts").json()["total"] == 0


def test_an_export_changing_a_rejected_touch_records_a_conflict_that_is_listed_and_resolved(served: Served) -> None:
    t1, t2 = served.touch("T1")["id"], served.touch("T2")["id"]
    _reject_on_the_page(served, t1)
    changed = import_export(served.engine, "touches", "touches_changed")
    # T1: both sides changed it, so the rejection stays; T2: only the export changed it, so it is applied.
    assert (served.touch("T1")["status"], served.touch("T2")["status"]) == ("rejected", "rejected")
    with served.api("admin") as api:
        (conflict,) = api.get("/api/v1/import-conflicts").json()["items"]
        assert (conflict["external_id"], conflict["field"], conflict["base"], conflict["ours"], conflict["theirs"]) == (
            "T1", "status", "confirmed", "rejected", "claimed",
        )  # fmt: skip
        assert conflict["batch_id"] == changed.batch_id
        with served.api("partner") as partner:
            assert partner.get("/api/v1/import-conflicts").status_code == 403
        resolved = api.post(f"/api/v1/import-conflicts/{conflict['id']}/resolve", json={"keep": "theirs"})
        assert resolved.status_code == 200, resolved.text
        assert api.get("/api/v1/import-conflicts").json()["total"] == 0
    assert served.touch("T1")["status"] == "claimed"
    with served.engine.connect() as conn:
        (applied,) = history(conn, "touches", t2)
        (kept_theirs,) = history(conn, "touches", t1)
    assert (applied["actor"], applied["old_value"], applied["new_value"]) == (IMPORTER, "confirmed", "rejected")
    assert (kept_theirs["actor"], kept_theirs["old_value"], kept_theirs["new_value"]) == (
        "admin@partnerops.test", "rejected", "claimed",
    )  # fmt: skip
    # The same changed export once more: nothing new to apply, nothing new to decide.
    assert import_export(served.engine, "touches", "touches_changed").updated == 0
    with served.api("admin") as api:
        assert api.get("/api/v1/import-conflicts?status=all").json()["total"] == 1


def test_a_partner_manager_keeps_ours_on_the_conflicts_page_and_sales_may_not(served: Served) -> None:
    _reject_on_the_page(served, served.touch("T1")["id"])
    import_export(served.engine, "touches", "touches_changed")
    with httpx.Client(base_url=served.url, follow_redirects=True) as browser:
        sign_in(browser, MANAGER)  # type: ignore[arg-type]
        page = browser.get("/conflicts").text
    assert "touches T1" in page and "claimed" in page
    with served.api("admin") as api:
        (conflict,) = api.get("/api/v1/import-conflicts").json()["items"]
    refused = _post_on_the_page(served, SALES, "/touches", f"/conflicts/{conflict['id']}/resolve", {"keep": "theirs"})
    assert refused.status_code == 403
    kept = _post_on_the_page(served, MANAGER, "/conflicts", f"/conflicts/{conflict['id']}/resolve", {"keep": "ours"})
    assert kept.status_code == 200 and "No open import conflicts." in kept.text
    assert served.touch("T1")["status"] == "rejected"

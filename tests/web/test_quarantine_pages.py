"""The quarantine and imports pages: a bad file's rows listed with the import's counts, a row fixed and retried
so its record lands, selected rows discarded, all rows matching a filter acted on only at the confirmed count,
a second discard of the same rows refused with 409, and the whole view downloadable."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from partnerops.ingest.service import import_file
from partnerops.store.tables import audit_log, partners, quarantine
from web.conftest import build_app, sign_in
from web.web_world import MANAGER

ROWS = 60


@pytest.fixture
def quarantined(tmp_path: Path) -> Iterator[tuple[TestClient, Engine]]:
    app, engine, _ = build_app(tmp_path)
    bad = tmp_path / "partners.csv"
    bad.write_text("id,name,type\n" + "".join(f"Q{i},Quirky {i},wizard\n" for i in range(ROWS)) + "Q99,Fine,referral\n")
    import_file(engine, bad, "partners")
    with TestClient(app) as client:
        sign_in(client, MANAGER)
        yield client, engine
    engine.dispose()


def _token(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/imports").text)
    assert found is not None
    return found.group(1)


def _summary(html: str) -> str:
    found = re.search(r'class="list-summary">([^<]*)', html)
    assert found is not None
    return found.group(1)


def _open(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(quarantine.c.status == "open")).scalar_one())


def test_the_pages_list_the_quarantined_rows_and_the_import(quarantined: tuple[TestClient, Engine]) -> None:
    client, _ = quarantined
    assert _summary(client.get("/quarantine").text) == f"1–50 of {ROWS} quarantined rows"
    imports = client.get("/imports").text
    assert _summary(imports) == "1–1 of 1 imports" and f">{ROWS}</a>" in imports
    assert _summary(client.get("/quarantine?q=Q7").text) == "1–1 of 1 quarantined rows"


def test_a_fixed_row_lands_and_leaves_the_open_list(quarantined: tuple[TestClient, Engine]) -> None:
    client, engine = quarantined
    first = re.findall(r'name="entry" value="(\d+)"', client.get("/quarantine").text)[0]
    answer = client.post(f"/quarantine/{first}/retry",
                         data={"csrf_token": _token(client), "fix_field": "type", "fix_value": "referral"})
    assert "1 row landed; 0 rows still open." in answer.text
    with engine.connect() as conn:
        landed = conn.execute(select(partners.c.type).where(partners.c.external_id == "Q0")).scalar_one()
    assert landed == "referral" and _open(engine) == ROWS - 1


def test_selected_rows_are_discarded_once_and_again_is_a_409(quarantined: tuple[TestClient, Engine]) -> None:
    client, engine = quarantined
    picked = re.findall(r'name="entry" value="(\d+)"', client.get("/quarantine").text)[1:3]
    form = {"csrf_token": _token(client), "action": "discard", "entry": picked}
    assert "2 rows discarded." in client.post("/quarantine/bulk", data=form).text
    assert client.post("/quarantine/bulk", data=form).status_code == 409
    with engine.connect() as conn:
        audited = conn.execute(select(func.count()).where(audit_log.c.entity == "quarantine")).scalar_one()
    assert audited == 2 and _open(engine) == ROWS - 2


def test_all_matching_rows_are_acted_on_only_at_the_confirmed_count(quarantined: tuple[TestClient, Engine]) -> None:
    client, engine = quarantined
    form = {"csrf_token": _token(client), "action": "discard", "scope": "all", "q": "Q1"}
    assert client.post("/quarantine/bulk", data=form | {"confirm_count": "99"}).status_code == 409
    assert _open(engine) == ROWS
    matching = 11  # the records Q1 and Q10 to Q19
    assert _summary(client.get("/quarantine?q=Q1").text) == f"1–{matching} of {matching} quarantined rows"
    assert f"{matching} rows discarded." in client.post("/quarantine/bulk",
                                                       data=form | {"confirm_count": str(matching)}).text
    assert _open(engine) == ROWS - matching


def test_the_csv_holds_every_row_of_the_view(quarantined: tuple[TestClient, Engine]) -> None:
    client, _ = quarantined
    rows = list(csv.DictReader(io.StringIO(client.get("/quarantine?format=csv").text)))
    assert len(rows) == ROWS and {r["Field"] for r in rows} == {"type"}


def test_a_partner_user_cannot_see_the_quarantine(quarantined: tuple[TestClient, Engine]) -> None:
    client, _ = quarantined
    client.post("/logout", data={"csrf_token": _token(client)})
    sign_in(client, "ana@alpha.test")
    assert client.get("/quarantine").status_code == 403

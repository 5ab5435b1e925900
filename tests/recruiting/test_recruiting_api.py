"""GET /api/v1/recruiting/candidates: the ranking with each part's share and reason for staff; partners refused."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.api_world import World
from recruiting.recruiting_kit import import_candidates


def test_staff_read_the_ranking_and_a_partner_user_is_refused(client: TestClient, world: World, engine: Engine,
                                                               tmp_path: Path) -> None:  # fmt: skip
    import_candidates(engine, tmp_path)
    answer = client.get("/api/v1/recruiting/candidates", headers=world.headers("manager"))
    assert answer.status_code == 200, answer.text
    ranked = answer.json()
    assert sorted(r["id"] for r in ranked) == ["C-ALPHA", "C-BETA", "C-GAMMA"]
    assert [r["rank"] for r in ranked] == [1, 2, 3]
    assert [p["name"] for p in ranked[0]["parts"]] == ["overlap", "fit", "similar"]
    assert all(p["reason"].startswith(("overlap: ", "fit: ", "similar partners: ")) for p in ranked[0]["parts"])
    refused = client.get("/api/v1/recruiting/candidates", headers=world.headers("partner_a"))
    assert refused.status_code == 403

"""Lists page with a total and filter in SQL; details and attribution read as the CLI does; errors share a body."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.api_world import World


def test_opportunities_page_with_total(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/opportunities?limit=2&offset=1", headers=world.headers("admin")).json()
    assert (body["total"], body["limit"], body["offset"]) == (3, 2, 1)
    assert [item["external_id"] for item in body["items"]] == [world.opportunity_b_ref, world.opportunity_shared_ref]


def test_opportunity_filters_combine(client: TestClient, world: World) -> None:
    url = f"/api/v1/opportunities?partner_id={world.partner_b_ref}&outcome=lost&closed_from=2026-04-01&q=banana"
    items = client.get(url, headers=world.headers("finance")).json()["items"]
    assert [item["name"] for item in items] == ["Banana renewal"]
    assert items[0]["amount"] == "50000.00" and items[0]["currency"] == "USD"


def test_accounts_filter_by_partner(client: TestClient, world: World) -> None:
    url = f"/api/v1/accounts?partner_id={world.partner_a_ref}"
    names = [item["name"] for item in client.get(url, headers=world.headers("admin")).json()["items"]]
    assert names == ["Apple Corp", "Shared Co"]


def test_attribution_explains_each_partner(client: TestClient, world: World) -> None:
    url = f"/api/v1/opportunities/{world.opportunity_shared_ref}/attribution"
    body = client.get(url, headers=world.headers("manager")).json()
    sentences = {row["partner_name"]: row["explanation"] for row in body["partners"]}
    assert sentences["Bravo Partners"] == "Bravo Partners: co-sell — technical_validation 2026-02-05, poc 2026-02-06"
    assert body["tier"] == "co_sell" and body["policy_version"]


def test_partner_user_sees_only_its_own_attribution_row(client: TestClient, world: World) -> None:
    url = f"/api/v1/opportunities/{world.opportunity_shared_ref}/attribution"
    body = client.get(url, headers=world.headers("partner_a")).json()
    assert {row["partner_id"] for row in body["partners"]} == {world.partner_a_ref}
    assert body["tier"] is None


def test_impact_report_as_json_for_internal_roles(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/reports/impact?period=year", headers=world.headers("finance")).json()
    assert body["currency"] == "USD" and body["period"] == "year"


def test_missing_record_is_a_404_error_body(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/partners/4242", headers=world.headers("admin"))
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "there is no partner '4242': give its id or "
                                                                     "exact name as `partnerops partners` lists them"}}


def test_invalid_filter_is_a_422_naming_the_field(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/opportunities?outcome=maybe", headers=world.headers("admin"))
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "outcome"


def test_no_credentials_is_a_401(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/partners")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_unknown_token_is_a_401(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/partners", headers={"Authorization": "Bearer po_not-a-token"})
    assert response.status_code == 401


def test_openapi_is_published(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/opportunities/{opportunity_id}/attribution" in paths

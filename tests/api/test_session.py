"""Signing in with a password: the cookie's flags, login CSRF, CSRF on unsafe requests, and the login rate limit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.api_world import PASSWORD, World
from partnerops.api.app import create_app
from partnerops.settings import Settings

LOGIN = "/api/v1/auth/login"
EMAIL = "partner_a@example.com"
# What a browser sends with a form posted from the app's own pages.
SAME_SITE = {"Origin": "http://testserver"}


def _sign_in(client: TestClient) -> str:
    response = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD}, headers=SAME_SITE)
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def test_login_sets_an_httponly_lax_cookie(client: TestClient, world: World) -> None:
    response = client.post(LOGIN, data={"email": EMAIL.upper(), "password": PASSWORD}, headers=SAME_SITE)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert response.json()["user"]["partner_id"] == world.partner_a_ref


def test_cookie_is_secure_when_settings_say_so(client: TestClient, world: World) -> None:
    app = create_app(client.app.state.engine, Settings(database_url="sqlite://", secure_cookies=True))  # type: ignore[attr-defined]
    with TestClient(app, base_url="https://testserver") as secure_client:
        response = secure_client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD},
                                      headers={"Origin": "https://testserver"})
    assert "secure" in response.headers["set-cookie"].lower()


def test_cookie_reads_but_unsafe_requests_need_the_csrf_token(client: TestClient, world: World) -> None:
    csrf = _sign_in(client)
    assert client.get("/api/v1/auth/me").json()["email"] == EMAIL
    without = client.post("/api/v1/auth/logout")
    assert without.status_code == 403 and without.json()["error"]["code"] == "csrf_failed"
    assert client.post("/api/v1/auth/logout", data={"csrf_token": "wrong"}).status_code == 403
    assert client.post("/api/v1/auth/logout", data={"csrf_token": csrf}).status_code == 204
    assert client.get("/api/v1/auth/me").status_code == 401


def test_wrong_password_is_a_401(client: TestClient, world: World) -> None:
    response = client.post(LOGIN, data={"email": EMAIL, "password": "not the password"}, headers=SAME_SITE)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_sixth_attempt_after_five_failures_is_refused_with_retry_after(client: TestClient, world: World) -> None:
    for _ in range(5):
        assert client.post(LOGIN, data={"email": EMAIL, "password": "guess"}, headers=SAME_SITE).status_code == 401
    response = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD}, headers=SAME_SITE)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert response.json()["error"]["code"] == "too_many_requests"


def test_a_login_posted_from_another_site_is_refused(client: TestClient, world: World) -> None:
    for foreign in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Referer": "https://evil.example/form.html"}):  # fmt: skip
        answer = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD}, headers=foreign)
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "csrf_failed", foreign
        assert "set-cookie" not in answer.headers


def test_a_login_without_origin_needs_the_token_of_a_prior_get(client: TestClient, world: World) -> None:
    bare = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD})
    assert bare.status_code == 403 and "set-cookie" not in bare.headers
    token = client.get(LOGIN).json()["csrf_token"]
    assert client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD, "csrf_token": "forged"}).status_code == 403
    by_header = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert by_header.status_code == 200 and by_header.json()["user"]["email"] == EMAIL
    by_field = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD, "csrf_token": token})
    assert by_field.status_code == 200


def test_a_same_site_referer_stands_for_a_missing_origin(client: TestClient, world: World) -> None:
    answer = client.post(LOGIN, data={"email": EMAIL, "password": PASSWORD},
                         headers={"Referer": "http://testserver/login"})  # fmt: skip
    assert answer.status_code == 200

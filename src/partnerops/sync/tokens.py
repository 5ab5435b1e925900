"""Access tokens for a CRM: a private app's fixed token, OAuth 2.0 refresh-token grants (Salesforce and HubSpot
token endpoints both take the form-encoded `grant_type=refresh_token` request of RFC 6749 section 6), or
Salesforce's JWT bearer flow for a server (RFC 7523: an assertion signed with the connected app's private key)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from partnerops.sync.errors import CrmAuthFailed

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Salesforce accepts an assertion that expires within three minutes ("OAuth 2.0 JWT Bearer Flow for Server-to-Server
# Integration").
ASSERTION_SECONDS = 170

SecretsSaver = Callable[[dict[str, str]], None]


@dataclass
class TokenSource:
    """The bearer token to send, and how to get a new one when the CRM says it expired."""

    secrets: dict[str, str] = field(repr=False)
    token_url: str | None = None
    save: SecretsSaver | None = None
    # The instance URL a Salesforce token response names (it can move with the org).
    instance_url: str | None = None

    @property
    def can_refresh(self) -> bool:
        return self.token_url is not None and ("refresh_token" in self.secrets or "private_key" in self.secrets)

    def header(self, client: httpx.Client) -> dict[str, str]:
        if not self.secrets.get("access_token"):
            self.refresh(client)
        return {"Authorization": f"Bearer {self.secrets['access_token']}"}

    def refresh(self, client: httpx.Client) -> None:
        """Trade the refresh token for a new access token, and keep it (sealed) through `save`."""
        if not self.can_refresh or self.token_url is None:
            raise CrmAuthFailed(self.token_url or "token", "the token was refused and this sign-in cannot refresh it")
        form = self._grant(self.token_url)
        try:
            answer = client.post(self.token_url, data=form)
        except httpx.TransportError as exc:
            raise CrmAuthFailed(self.token_url, f"token endpoint unreachable: {exc}") from exc
        body = _json(answer)
        if answer.status_code != 200 or "access_token" not in body:
            detail = body.get("error_description") or body.get("error") or body.get("message") or answer.text[:200]
            raise CrmAuthFailed(self.token_url, f"refresh refused: HTTP {answer.status_code} {detail}")
        # HubSpot rotates the refresh token with each grant; Salesforce keeps it.
        self.secrets = {**self.secrets, "access_token": str(body["access_token"])}
        if body.get("refresh_token") or "refresh_token" in self.secrets:
            self.secrets["refresh_token"] = str(body.get("refresh_token") or self.secrets["refresh_token"])
        self.instance_url = body.get("instance_url") or self.instance_url
        if self.save is not None:
            self.save(self.secrets)


    def _grant(self, token_url: str) -> dict[str, str]:
        """The token request's form: a JWT bearer assertion when the connection holds a private key."""
        if "private_key" not in self.secrets:
            return {"grant_type": "refresh_token", "refresh_token": self.secrets["refresh_token"],
                    "client_id": self.secrets["client_id"], "client_secret": self.secrets["client_secret"]}
        return {"grant_type": JWT_BEARER, "assertion": jwt_assertion(self.secrets, token_url)}


def jwt_assertion(secrets: dict[str, str], token_url: str) -> str:
    """An RS256 assertion: the connected app (iss) signs in as the user (sub) at the login server (aud)."""
    import jwt

    parts = urlsplit(token_url)
    claims = {"iss": secrets["client_id"], "sub": secrets["username"], "aud": f"{parts.scheme}://{parts.netloc}",
              "exp": int(time.time()) + ASSERTION_SECONDS}
    try:
        return jwt.encode(claims, secrets["private_key"], algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise CrmAuthFailed(token_url, f"the connection's private key cannot sign: {exc}") from exc


def _json(answer: httpx.Response) -> dict[str, str]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}

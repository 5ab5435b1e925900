"""`partnerops connect`, `connections` and `sync` as a user runs them, against the fake Salesforce org over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app
from sync.crm_kit import seed_salesforce
from sync.fake_salesforce import FakeSalesforce
from sync.fake_server import FakeServer

runner = CliRunner()


def said(output: str) -> str:
    return " ".join(output.split())


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeSalesforce, str]]:
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    key = runner.invoke(app, ["connections", "new-key"]).stdout.strip()
    monkeypatch.setenv("PARTNEROPS_SECRET_KEY", key)
    fake = FakeSalesforce()
    seed_salesforce(fake)
    fake.tokens.clear()  # the first request refreshes the token
    server = FakeServer(fake)
    monkeypatch.setenv("PARTNEROPS_CRM_CLIENT_SECRET", "s3cret-client")
    monkeypatch.setenv("PARTNEROPS_CRM_REFRESH_TOKEN", fake.refresh_token)
    result = runner.invoke(app, ["connect", "salesforce", "--instance-url", server.url, "--client-id", "client",
                                 "--token-url", f"{server.url}/services/oauth2/token"])
    assert result.exit_code == 0, result.output
    yield fake, server.url
    server.stop()


@pytest.fixture
def org(served: tuple[FakeSalesforce, str]) -> FakeSalesforce:
    return served[0]


def test_connections_list_shows_the_connection_and_no_secret(org: FakeSalesforce) -> None:
    result = runner.invoke(app, ["connections", "list"])
    assert result.exit_code == 0
    assert "salesforce" in result.stdout and "refresh_token" in result.stdout
    assert "s3cret-client" not in result.stdout and org.refresh_token not in result.stdout


def test_connections_test_reads_every_mapped_object_and_names_a_hidden_field(org: FakeSalesforce) -> None:
    ok = runner.invoke(app, ["connections", "test", "salesforce"])
    assert ok.exit_code == 0, ok.output
    assert "opportunities (Opportunity): ok" in ok.stdout
    org.hidden_fields = {"LeadSource"}
    hidden = runner.invoke(app, ["connections", "test", "salesforce"])
    assert hidden.exit_code == 1
    assert "No such column 'LeadSource' on entity 'Opportunity'" in said(hidden.stdout)


def test_sync_pulls_then_lists_its_run(org: FakeSalesforce) -> None:
    pulled = runner.invoke(app, ["sync", "salesforce"])
    assert pulled.exit_code == 0, pulled.output
    assert "pull salesforce: finished" in said(pulled.stdout)
    runs = runner.invoke(app, ["sync", "runs"])
    assert "finished" in runs.stdout and "inserted" in runs.stdout


def test_without_the_secret_key_a_command_says_how_to_make_one(org: FakeSalesforce,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARTNEROPS_SECRET_KEY")
    result = runner.invoke(app, ["sync", "salesforce"])
    assert result.exit_code == 2
    assert "partnerops connections new-key" in said(result.output)


def test_an_unknown_connection_is_named_with_the_known_ones(org: FakeSalesforce) -> None:
    result = runner.invoke(app, ["sync", "hubspot"])
    assert result.exit_code == 2
    assert "no connection named 'hubspot'; connections: salesforce" in said(result.output)


def test_remove_forgets_the_connection(org: FakeSalesforce) -> None:
    assert runner.invoke(app, ["connections", "remove", "salesforce"]).exit_code == 0
    assert "no connections yet" in runner.invoke(app, ["connections", "list"]).stdout


def _rsa_pair(tmp_path: Path) -> tuple[Path, str]:
    """A connected app's private key (PEM file) and the public key of its certificate."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    (tmp_path / "server.key").write_bytes(pem)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return tmp_path / "server.key", public.decode()


def _connect_jwt(key: Path, url: str) -> None:
    result = runner.invoke(app, ["connect", "salesforce", "--name", "server", "--instance-url", url,
                                 "--client-id", "app-key", "--token-url", f"{url}/services/oauth2/token",
                                 "--username", "sync@acme.example", "--private-key", str(key)])
    assert result.exit_code == 0, result.output


def test_a_server_signs_in_with_the_jwt_bearer_flow_and_the_key_stays_sealed(
        served: tuple[FakeSalesforce, str], tmp_path: Path) -> None:
    (org, url), (key, public) = served, _rsa_pair(tmp_path)
    org.jwt_user, org.jwt_public_key = ("app-key", "sync@acme.example"), public
    _connect_jwt(key, url)
    listed = runner.invoke(app, ["connections", "list"]).stdout
    assert "jwt_bearer" in listed and "PRIVATE KEY" not in listed
    org.tokens.clear()
    pulled = runner.invoke(app, ["sync", "salesforce", "--name", "server"])
    assert pulled.exit_code == 0, pulled.output
    assert "pull server: finished" in said(pulled.stdout)


def test_a_jwt_bearer_assertion_the_org_refuses_fails_the_run_naming_why(
        served: tuple[FakeSalesforce, str], tmp_path: Path) -> None:
    (org, url), (key, public) = served, _rsa_pair(tmp_path)
    org.jwt_user, org.jwt_public_key = ("app-key", "someone-else@acme.example"), public
    _connect_jwt(key, url)
    org.tokens.clear()
    pulled = runner.invoke(app, ["sync", "salesforce", "--name", "server"])
    assert pulled.exit_code == 1
    assert "refresh refused: HTTP 400 invalid_client_id or user" in said(pulled.stdout)


def test_a_private_key_that_cannot_sign_is_refused_when_connecting(org: FakeSalesforce, tmp_path: Path) -> None:
    (tmp_path / "bad.key").write_text("not a key\n")
    result = runner.invoke(app, ["connect", "salesforce", "--name", "server", "--instance-url", "http://crm.test",
                                 "--client-id", "app-key", "--username", "u@acme.example",
                                 "--private-key", str(tmp_path / "bad.key")])
    assert result.exit_code == 2
    assert "cannot sign a JWT bearer assertion" in said(result.output)


def test_a_mapping_is_tried_with_a_dry_run_then_adopted(org: FakeSalesforce, tmp_path: Path) -> None:
    from partnerops.sync.mapping import default_mapping_path

    trial = tmp_path / "v2.yaml"
    trial.write_text(default_mapping_path("salesforce").read_text().replace("version: 1", "version: 2"))
    refused = runner.invoke(app, ["sync", "salesforce", "--mapping", str(trial)])
    assert refused.exit_code == 2
    assert "partnerops connections set-mapping salesforce" in said(refused.output)
    tried = runner.invoke(app, ["sync", "salesforce", "--dry-run", "--mapping", str(trial)])
    assert tried.exit_code == 0, tried.output
    assert "pull salesforce: dry_run" in said(tried.stdout)
    adopted = runner.invoke(app, ["connections", "set-mapping", "salesforce", str(trial)])
    assert adopted.exit_code == 0, adopted.output
    assert "(version 2) from its next sync" in said(adopted.stdout)
    assert "v2.yaml" in runner.invoke(app, ["connections", "list"]).stdout

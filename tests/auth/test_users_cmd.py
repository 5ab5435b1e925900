"""`partnerops users`: add, list, and print an API token once."""

from __future__ import annotations

import typer
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from partnerops.auth.tokens import list_tokens, principal_for_token
from partnerops.cli import users_cmd
from partnerops.store.tables import partners

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(users_cmd.app, name="users")
    return app


def test_add_list_and_token(cli_engine: Engine) -> None:
    with cli_engine.begin() as c:
        c.execute(insert(partners).values(source_system="csv", external_id="P1", name="Acme Cloud", type="si"))
    added = runner.invoke(
        _app(), ["users", "add", "ann@acme.example", "--role", "partner_user", "--partner", "P1", "--password-stdin"],
        input="a long enough secret\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "added ann@acme.example (partner_user of Acme Cloud)" in added.output
    assert "ann@acme.example" in runner.invoke(_app(), ["users", "list"]).output
    token = runner.invoke(_app(), ["users", "token", "ann@acme.example", "--name", "laptop"]).output.strip()
    with cli_engine.connect() as c:
        assert principal_for_token(c, token).partner_id is not None  # type: ignore[union-attr]


def test_partner_user_without_partner_is_a_clear_error(cli_engine: Engine) -> None:
    result = runner.invoke(_app(), ["users", "add", "bob@example.com", "--role", "partner_user"])
    assert result.exit_code == 2


def test_a_revoked_token_is_refused_and_listed_as_revoked(cli_engine: Engine) -> None:
    runner.invoke(_app(), ["users", "add", "fin@example.com", "--role", "finance"])
    token = runner.invoke(_app(), ["users", "token", "fin@example.com", "--name", "ci"]).output.strip()
    kept = runner.invoke(_app(), ["users", "token", "fin@example.com", "--name", "laptop"]).output.strip()
    revoked = runner.invoke(_app(), ["users", "revoke", token[:12]])
    assert revoked.exit_code == 0, revoked.output
    assert f"revoked {token[:12]}… (ci) of fin@example.com" in revoked.output
    with cli_engine.connect() as c:
        assert principal_for_token(c, token) is None
        assert principal_for_token(c, kept) is not None
    listed = runner.invoke(_app(), ["users", "tokens", "fin@example.com"]).output
    assert token[:12] in listed and kept[:12] in listed
    with cli_engine.connect() as c:
        listed_state = {(t.prefix, t.revoked_at is not None) for t in list_tokens(c)}
    assert listed_state == {(token[:12], True), (kept[:12], False)}
    again = runner.invoke(_app(), ["users", "revoke", token[:12]])
    assert again.exit_code == 2 and "no live token starts with" in again.output


def test_a_token_can_be_limited_to_the_private_overlap_exchange(cli_engine: Engine) -> None:
    runner.invoke(_app(), ["users", "add", "pm@example.com", "--role", "partner_manager"])
    made = runner.invoke(_app(), ["users", "token", "pm@example.com", "--name", "bravo", "--scope", "psi"])
    assert made.exit_code == 0, made.output
    with cli_engine.connect() as c:
        assert [(t.name, t.scope) for t in list_tokens(c, "pm@example.com")] == [("bravo", "psi")]
    assert "psi" in runner.invoke(_app(), ["users", "tokens", "pm@example.com"]).output

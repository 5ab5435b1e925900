"""`partnerops users`: add, list, and print an API token once."""

from __future__ import annotations

import typer
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from partnerops.auth.tokens import principal_for_token
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

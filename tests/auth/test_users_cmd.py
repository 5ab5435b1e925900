"""`partnerops users`: add, list, print an API token once; invite, change a role, disable, enable, delete and
reset a password, each audited."""

from __future__ import annotations

import pytest
import typer
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from partnerops.auth.tokens import list_tokens, principal_for_token
from partnerops.auth.users import authenticate
from partnerops.cli import users_cmd
from partnerops.mail.queue import list_messages
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


def _audit_fields(engine: Engine, email: str) -> list[tuple[str, str | None, str | None, str]]:
    from sqlalchemy import select

    from partnerops.store.tables import audit_log, users

    with engine.connect() as c:
        user_id = c.execute(select(users.c.id).where(users.c.email == email)).scalar_one()
        rows = c.execute(select(audit_log.c.actor, audit_log.c.field, audit_log.c.new_value).where(
            audit_log.c.entity == "user", audit_log.c.entity_id == user_id).order_by(audit_log.c.id))  # fmt: skip
        return [tuple(row) for row in rows]  # type: ignore[misc]


def test_disable_enable_and_delete_from_the_command_line(cli_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNEROPS_ACTOR", "ops@example.com")
    runner.invoke(_app(), ["users", "add", "fin@example.com", "--role", "finance"])
    token = runner.invoke(_app(), ["users", "token", "fin@example.com"]).output.strip()
    disabled = runner.invoke(_app(), ["users", "disable", "fin@example.com"])
    assert disabled.exit_code == 0 and "signed out everywhere, its API tokens revoked" in disabled.output
    with cli_engine.connect() as c:
        assert principal_for_token(c, token) is None
    assert "disabled" in runner.invoke(_app(), ["users", "list"]).output
    again = runner.invoke(_app(), ["users", "disable", "fin@example.com"])
    assert again.exit_code == 2 and "fin@example.com is disabled: it cannot be disabled" in again.output
    assert runner.invoke(_app(), ["users", "enable", "fin@example.com"]).exit_code == 0
    assert ("ops@example.com", "status", "active") in _audit_fields(cli_engine, "fin@example.com")
    assert runner.invoke(_app(), ["users", "delete", "fin@example.com"], input="n\n").exit_code == 1
    deleted = runner.invoke(_app(), ["users", "delete", "fin@example.com", "--yes"])
    assert deleted.exit_code == 0 and "its audit trail kept" in deleted.output
    assert "fin@example.com" not in runner.invoke(_app(), ["users", "list"]).output
    assert "deleted-user-" in runner.invoke(_app(), ["users", "list", "--deleted"]).output
    gone = runner.invoke(_app(), ["users", "disable", "fin@example.com"])
    assert gone.exit_code == 2 and "no user with email 'fin@example.com'" in gone.output


def test_weak_passwords_are_refused_on_the_command_line_naming_the_rule(cli_engine: Engine) -> None:
    for password, says in (("short", "at least 12 characters"), ("   " * 5, "empty or only spaces"),
                           ("Password1234", "common passwords"), ("Ann@Example.com", "cannot be the email")):
        added = runner.invoke(_app(), ["users", "add", "ann@example.com", "--role", "sales", "--password-stdin"],
                              input=password + "\n")  # fmt: skip
        assert added.exit_code == 2 and says in added.output, (password, added.output)
    runner.invoke(_app(), ["users", "add", "ann@example.com", "--role", "sales"])
    weak = runner.invoke(_app(), ["users", "reset-password", "ann@example.com", "--password-stdin"],
                         input="qwertyuiop123\n")  # fmt: skip
    assert weak.exit_code == 2 and "common passwords" in weak.output
    done = runner.invoke(_app(), ["users", "reset-password", "ann@example.com", "--password-stdin"],
                         input="violet kettle harbour\n")  # fmt: skip
    assert done.exit_code == 0, done.output
    with cli_engine.connect() as c:
        assert authenticate(c, "ann@example.com", "violet kettle harbour") is not None


def test_invite_role_and_reset_queue_mail_and_are_audited(cli_engine: Engine) -> None:
    with cli_engine.begin() as c:
        c.execute(insert(partners).values(source_system="csv", external_id="P1", name="Acme Cloud", type="si"))
    invite = ["users", "invite", "nia@acme.example", "--role", "partner_user", "--partner", "P1"]
    invited = runner.invoke(_app(), invite)
    assert invited.exit_code == 0 and "invited nia@acme.example (partner_user)" in invited.output
    moved = runner.invoke(_app(), ["users", "role", "nia@acme.example", "--role", "sales"])
    assert moved.exit_code == 0 and "nia@acme.example is now sales" in moved.output
    assert runner.invoke(_app(), ["users", "reset-password", "nia@acme.example"]).exit_code == 0
    subjects = [m.subject for m in list_messages(cli_engine)]
    assert subjects == ["You are invited to PartnerOps", "Reset your PartnerOps password"]
    fields = [field for _, field, _ in _audit_fields(cli_engine, "nia@acme.example")]
    assert fields[:3] == ["email", "role", "partner_id"] and "password_link" in fields and fields.count("role") == 2

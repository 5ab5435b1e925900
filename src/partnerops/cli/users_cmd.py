"""`partnerops users`: add local users, list them, make API tokens; invitations, roles, disabling, deleting and
password resets are in `users_lifecycle_cmd`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from partnerops.cli import choices, users_lifecycle_cmd
from partnerops.cli.context import actor, console, open_engine, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option
from partnerops.domain.roles import Role

app = typer.Typer(no_args_is_help=True)


@app.command("add")
def add(
    email: str = typer.Argument(..., help="The user's email; it is the sign-in name."),
    role: Role = typer.Option(..., "--role", help="What the user may do; a partner_user sees only its partner."),
    partner: str | None = typer.Option(None, "--partner", metavar="PARTNER",
                                       help="A partner user's partner, by its external id."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (without it the user cannot sign in "
        "to the pages until one is set, but can still use API tokens)."
    ),  # fmt: skip
) -> None:
    """Add a user. A partner_user must name its partner with --partner; other roles must not."""
    from partnerops.auth.passwords import WeakPassword
    from partnerops.auth.users import DuplicateUser, InvalidEmail, UnknownPartner, add_user
    from partnerops.domain.roles import ScopeError

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with user_errors(DuplicateUser, UnknownPartner, ScopeError, WeakPassword, InvalidEmail):
        engine = open_engine()
        with engine.begin() as connection:
            user = add_user(connection, email, role, partner_external_id=partner, password=password, actor=actor())
    scope = f" of {user.partner_name}" if user.partner_name else ""
    console.print(f"added {user.email} ({user.role.value}{scope})", highlight=False)


USER_COLUMNS = (Column("email", keep=10), Column("role", keep=9), Column("partner", keep=7), Column("status", keep=8),
                Column("password", keep=3))  # fmt: skip


@app.command("list")
def list_command(
    deleted: bool = typer.Option(False, "--deleted", help="Also list deleted users (by their anonymised email)."),
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List every user with its role, partner, status and whether it has a password."""
    from partnerops.auth.users import list_users

    with open_engine().connect() as connection:
        users = list_users(connection, include_deleted=deleted)
    rows = [(u.email, u.role.value, u.partner_name, u.status.value, "set" if u.has_password else "none")
            for u in users]  # fmt: skip
    emit(Listing(USER_COLUMNS, rows, empty="no users yet: `partnerops users add`"), output)


@app.command("token")
def token(
    email: str = typer.Argument(..., help="The user the token acts as."),
    name: str = typer.Option("cli", "--name", metavar="LABEL", help="A label to recognise the token by."),
    scope: choices.TokenScope | None = typer.Option(
        None, "--scope", help="Limit the token: psi = only a partner instance's private-overlap exchange (give this "
        "one to the partner's server, not a full token)."
    ),  # fmt: skip
) -> None:
    """Make an API token and print it once: only its SHA-256 is stored, so copy it now."""
    from partnerops.auth.tokens import TokenScope, create_token
    from partnerops.auth.users import UnknownUser, find_user

    with user_errors(UnknownUser):
        engine = open_engine()
        with engine.begin() as connection:
            secret = create_token(connection, find_user(connection, email).id, name,
                                  TokenScope(scope.value) if scope else None, actor=actor())
    typer.echo(secret)


TOKEN_COLUMNS = (Column("prefix", keep=10), Column("user", keep=9), Column("name", keep=6), Column("scope", keep=5),
                 Column("created", keep=4), Column("last used", keep=7), Column("revoked", keep=8))  # fmt: skip


@app.command("tokens")
def tokens_command(
    email: str | None = typer.Argument(None, help="Only this user's tokens."),
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List API tokens by their first characters, with when each was last used and whether it is revoked."""
    from partnerops.auth.tokens import list_tokens

    with open_engine().connect() as connection:
        found = list_tokens(connection, email)
    rows = [(t.prefix, t.email, t.name, t.scope or "all", f"{t.created_at:%Y-%m-%d %H:%M}",
             f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
             f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else None) for t in found]  # fmt: skip
    emit(Listing(TOKEN_COLUMNS, rows, empty="no tokens: `partnerops users token EMAIL` makes one"), output)


@app.command("revoke")
def revoke_command(
    prefix: str = typer.Argument(..., help="The token's first characters as `users tokens` shows them (po_...)."),
) -> None:
    """Revoke an API token at once: requests presenting it are refused from now on."""
    from partnerops.auth.tokens import UnknownToken, revoke_token

    with user_errors(UnknownToken):
        engine = open_engine()
        with engine.begin() as connection:
            revoked = revoke_token(connection, prefix, actor=actor())
    console.print(f"revoked {revoked.prefix}… ({revoked.name}) of {revoked.email}", highlight=False)


# After add, list and the token commands, so `--help` lists them first.
for _name, _command in users_lifecycle_cmd.COMMANDS.items():
    app.command(_name)(_command)

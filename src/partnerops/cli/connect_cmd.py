"""`partnerops connect salesforce|hubspot` stores a CRM connection with its secrets sealed under
PARTNEROPS_SECRET_KEY; `partnerops connections list|test|remove|new-key` manage them. Secrets are read from the
environment or a hidden prompt, never from the command line, and never printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.context import console, errors, open_engine, user_errors
from partnerops.cli.output import NEEDED, Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.sync.connections import CrmConnection

connect_app = typer.Typer(rich_markup_mode="rich", no_args_is_help=True)
connections_app = typer.Typer(rich_markup_mode="rich", no_args_is_help=True)

SALESFORCE_TOKEN_URL = "https://login.salesforce.com/services/oauth2/token"
HUBSPOT_API = "https://api.hubapi.com"

NameOption = Annotated[str | None, typer.Option("--name", help="The connection's name (default: the CRM's).")]
MappingOption = Annotated[Path | None, typer.Option("--mapping", exists=True, dir_okay=False,
                          help="Field-mapping YAML (default: the one shipped for the CRM; copy it to change it).")]


def _secret(value: str | None, label: str) -> str:
    return value if value else typer.prompt(label, hide_input=True)


@connect_app.command("salesforce")
def connect_salesforce(
    instance_url: Annotated[str, typer.Option(help="The org's instance URL, e.g. https://acme.my.salesforce.com.")],
    client_id: Annotated[str, typer.Option(help="The connected app's consumer key.")],
    token_url: Annotated[str, typer.Option(help="OAuth token endpoint (test.salesforce.com for a sandbox).")]
    = SALESFORCE_TOKEN_URL,
    client_secret: Annotated[str | None, typer.Option(envvar="PARTNEROPS_CRM_CLIENT_SECRET", show_envvar=True,
                             hidden=True)] = None,
    refresh_token: Annotated[str | None, typer.Option(envvar="PARTNEROPS_CRM_REFRESH_TOKEN", show_envvar=True,
                             hidden=True)] = None,
    username: Annotated[str | None, typer.Option(help="Sign in with the JWT bearer flow as this Salesforce user "
                        "(with --private-key) instead of a refresh token.")] = None,
    private_key: Annotated[Path | None, typer.Option(exists=True, dir_okay=False, help="The connected app's "
                           "private key (PEM) for the JWT bearer flow; its content is sealed, the file not needed "
                           "after.")] = None,
    name: NameOption = None,
    mapping: MappingOption = None,
) -> None:
    """Store a Salesforce connection. A server signs in with the JWT bearer flow (--username and --private-key);
    otherwise with an OAuth 2.0 refresh token: the client secret and refresh token come from
    PARTNEROPS_CRM_CLIENT_SECRET and PARTNEROPS_CRM_REFRESH_TOKEN, or are asked for."""
    from partnerops.sync.connections import CrmConnection

    where = str(mapping.resolve()) if mapping else None
    if (username is None) != (private_key is None):
        errors.print("the JWT bearer flow needs both --username and --private-key", highlight=False)
        raise typer.Exit(2)
    if username is not None and private_key is not None:
        jwt = {"client_id": client_id, "username": username, "private_key": private_key.read_text(encoding="utf-8")}
        _store(CrmConnection(name or "salesforce", "salesforce", "jwt_bearer", instance_url, token_url, where, jwt))
        return
    secrets = {"client_id": client_id, "client_secret": _secret(client_secret, "Client secret"),
               "refresh_token": _secret(refresh_token, "Refresh token")}
    _store(CrmConnection(name or "salesforce", "salesforce", "refresh_token", instance_url, token_url, where,
                         secrets))


@connect_app.command("hubspot")
def connect_hubspot(
    oauth_client_id: Annotated[str | None, typer.Option(help="Sign in with OAuth (this app's client id) instead "
                               "of a private app token.")] = None,
    token: Annotated[str | None, typer.Option(envvar="PARTNEROPS_CRM_ACCESS_TOKEN", show_envvar=True,
                     hidden=True)] = None,
    client_secret: Annotated[str | None, typer.Option(envvar="PARTNEROPS_CRM_CLIENT_SECRET", hidden=True)] = None,
    refresh_token: Annotated[str | None, typer.Option(envvar="PARTNEROPS_CRM_REFRESH_TOKEN", hidden=True)] = None,
    api_url: Annotated[str, typer.Option(help="HubSpot's API base URL.")] = HUBSPOT_API,
    name: NameOption = None,
    mapping: MappingOption = None,
) -> None:
    """Store a HubSpot connection: a private app token (PARTNEROPS_CRM_ACCESS_TOKEN, or asked for), or with
    --oauth-client-id an OAuth app's secret and refresh token (PARTNEROPS_CRM_CLIENT_SECRET,
    PARTNEROPS_CRM_REFRESH_TOKEN)."""
    from partnerops.sync.connections import CrmConnection

    where = str(mapping.resolve()) if mapping else None
    if oauth_client_id is None:
        secrets = {"access_token": _secret(token, "Private app token")}
        _store(CrmConnection(name or "hubspot", "hubspot", "private_app", api_url, None, where, secrets))
        return
    secrets = {"client_id": oauth_client_id, "client_secret": _secret(client_secret, "Client secret"),
               "refresh_token": _secret(refresh_token, "Refresh token")}
    _store(CrmConnection(name or "hubspot", "hubspot", "refresh_token", api_url, f"{api_url}/oauth/v1/token",
                         where, secrets))


def _store(connection: CrmConnection) -> None:
    from partnerops.sync.connections import add_connection
    from partnerops.sync.errors import SyncError

    with user_errors(SyncError):
        add_connection(open_engine(), connection, secret_key())
    console.print(f"connection {connection.name!r} stored; check it with `partnerops connections test "
                  f"{connection.name}`", highlight=False)


def secret_key() -> bytes:
    """PARTNEROPS_SECRET_KEY as bytes, or a clear error and exit 2."""
    from partnerops.settings import get_settings
    from partnerops.sync.errors import SyncError
    from partnerops.sync.sealing import secret_key as read_key

    with user_errors(SyncError):
        key = read_key(get_settings().secret_key)
    return key


CONNECTION_COLUMNS = (Column("name", keep=NEEDED), Column("crm", keep=8), Column("sign-in", keep=5),
                      Column("URL", keep=7), Column("mapping", keep=4), Column("since", keep=3))


@connections_app.command("list")
def list_command(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """List connections: name, CRM, sign-in, where it answers and the mapping file (never a secret)."""
    from partnerops.sync.connections import list_connections

    found = [(row["name"], row["crm"], row["auth"], row["base_url"], row["mapping_path"] or "(shipped)",
              row["created_at"].strftime("%Y-%m-%d %H:%M")) for row in list_connections(open_engine())]
    emit(Listing(CONNECTION_COLUMNS, found,
                 empty="no connections yet; add one with `partnerops connect salesforce|hubspot`"), output)


@connections_app.command("test")
def test_command(name: Annotated[str, typer.Argument(help="The connection's name.")]) -> None:
    """Sign in and read one record of every mapped object with every mapped field: a wrong URL, a refused token,
    or a field missing or hidden by field-level security shows here, before the first sync."""
    from partnerops.sync.errors import SyncError
    from partnerops.sync.live_check import check_live

    with user_errors(SyncError):
        lines = check_live(open_engine(), name, secret_key())
    for line in lines:
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    if any(not line.endswith(": ok") for line in lines):
        raise typer.Exit(1)


@connections_app.command("remove")
def remove_command(name: Annotated[str, typer.Argument(help="The connection's name.")]) -> None:
    """Forget a connection with its cursors, runs and push records (the records it pulled stay)."""
    from partnerops.sync.connections import remove_connection
    from partnerops.sync.errors import SyncError

    with user_errors(SyncError):
        remove_connection(open_engine(), name)
    console.print(f"connection {name!r} removed", highlight=False)


@connections_app.command("set-mapping")
def set_mapping_command(
    name: Annotated[str, typer.Argument(help="The connection's name.")],
    mapping: Annotated[Path | None, typer.Argument(exists=True, dir_okay=False, help="The field-mapping YAML "
                       "(leave out to go back to the shipped one).")] = None,
) -> None:
    """Read the connection with another mapping file from its next sync; try it first with `partnerops sync
    salesforce|hubspot --dry-run --mapping FILE`. A new `version:` makes the next sync read everything again."""
    from partnerops.sync.connections import set_mapping
    from partnerops.sync.errors import SyncError
    from partnerops.sync.mapping import load_mapping

    with user_errors(SyncError):
        checked = load_mapping(mapping.resolve()) if mapping else None
        set_mapping(open_engine(), name, checked.path if checked else None)
    shown = f"{checked.path} (version {checked.version})" if checked else "the shipped mapping"
    console.print(f"connection {name!r} reads with {shown} from its next sync", highlight=False)


@connections_app.command("new-key")
def new_key_command() -> None:
    """Print a fresh random key for PARTNEROPS_SECRET_KEY. Keep it beside the database's backups: without it
    the stored secrets cannot be opened and each connection has to be made again."""
    from partnerops.sync.sealing import new_key

    typer.echo(new_key())
    errors.print("set it as PARTNEROPS_SECRET_KEY before `partnerops connect`", highlight=False)

"""The `partnerops` command: one sub-command group per capability.

Command modules import their heavy libraries (Polars, DuckDB, SciPy, SQLAlchemy, the feature packages) inside the
commands that use them, so `partnerops --help` and every `COMMAND --help` answer at once.
"""

from __future__ import annotations

from typing import Annotated

import typer

import partnerops
from partnerops.cli import (
    accounts_cmd,
    alerts_cmd,
    assistant_cmd,
    attribution_cmd,
    backup_cmd,
    commissions_cmd,
    conflicts_cmd,
    connect_cmd,
    db_cmd,
    deals_cmd,
    demo_cmd,
    export_cmd,
    import_cmd,
    imports_cmd,
    mail_cmd,
    mapping_cmd,
    mcp_cmd,
    partners_cmd,
    policy_cmd,
    program_cmd,
    quarantine_cmd,
    recruiting_cmd,
    registrations_cmd,
    report_attribution_cmd,
    report_cmd,
    report_ecosystem_cmd,
    report_forecast_cmd,
    routing_cmd,
    serve_cmd,
    signals_cmd,
    sync_cmd,
    trackers_cmd,
    users_cmd,
    worker_cmd,
)
from partnerops.cli.command_tree import RootGroup, build_lazily

app = typer.Typer(
    name="partnerops",
    cls=RootGroup,
    help="Partner operations beside your CRM: import deals, attribute them to partners, prove the impact.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"partnerops {partnerops.__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Partner operations beside your CRM: import deals, attribute them to partners, prove the impact."""


app.command("import", help=import_cmd.app.info.help)(import_cmd.import_command)
app.add_typer(partners_cmd.app, name="partners")
app.add_typer(accounts_cmd.app, name="accounts")
app.add_typer(deals_cmd.app, name="deals")
app.add_typer(quarantine_cmd.app, name="quarantine")
app.add_typer(imports_cmd.app, name="imports")
app.add_typer(conflicts_cmd.app, name="conflicts")
app.add_typer(policy_cmd.app, name="policy")
app.add_typer(attribution_cmd.app, name="attribution")
report_cmd.app.command("attribution")(report_attribution_cmd.command)
report_cmd.app.command("forecast")(report_forecast_cmd.command)
report_cmd.app.command("ecosystem")(report_ecosystem_cmd.command)
app.add_typer(report_cmd.app, name="report")
app.add_typer(registrations_cmd.app, name="registrations")
app.add_typer(mail_cmd.app, name="mail")
app.add_typer(trackers_cmd.app, name="trackers")
app.add_typer(signals_cmd.app, name="signals")
app.add_typer(alerts_cmd.app, name="alerts")
app.add_typer(mapping_cmd.app, name="mapping")
app.add_typer(recruiting_cmd.app, name="recruiting")
app.add_typer(routing_cmd.app, name="routing")
app.add_typer(commissions_cmd.app, name="commissions")
for _name, _group in program_cmd.GROUPS + assistant_cmd.GROUPS:
    app.add_typer(_group, name=_name)
app.add_typer(users_cmd.app, name="users")
app.add_typer(connect_cmd.connect_app, name="connect")
app.add_typer(connect_cmd.connections_app, name="connections")
app.add_typer(sync_cmd.app, name="sync")
app.command("serve", short_help="Serve the pages and the JSON API (/api/v1) on PARTNEROPS_DATABASE_URL.")(
    serve_cmd.serve
)
app.command("mcp", short_help="Serve the tools to an MCP client on stdio, as the owner of PARTNEROPS_MCP_TOKEN.")(
    mcp_cmd.mcp
)
app.command("worker", short_help="Run the scheduled jobs (mail, expiry, reminders, alerts, attribution).")(
    worker_cmd.worker
)
app.add_typer(db_cmd.app, name="db")
app.command("demo", short_help="Generate a seeded partner program, import it, attribute it and print the impact "
            "report.")(demo_cmd.demo)
app.command("export", short_help="Every record as documented JSON Lines: export --all DIR.")(export_cmd.export)
app.command("restore", short_help="Load an export into a new, empty database.")(export_cmd.restore)
app.command("backup", short_help="A consistent copy of the live SQLite or PostgreSQL database.")(backup_cmd.backup)
build_lazily(app)

"""The `partnerops` command: one sub-command group per capability.

Command modules import their heavy libraries (Polars, DuckDB, SciPy, SQLAlchemy, the feature packages) inside the
commands that use them, so `partnerops --help` and every `COMMAND --help` answer at once.
"""

from __future__ import annotations

from typing import Annotated

import typer

import partnerops
from partnerops.cli.command_tree import Mounted, RootGroup, mount_lazily

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


def _command(name: str, target: str, short_help: str) -> Mounted:
    return Mounted(name, target, short_help, group=False)


# Every command and group, in the order the help lists them: its name, where it lives and what the root's help
# says of it. Each module is loaded only when its command runs or shows its help.
MOUNTED = (
    _command("import", "import_cmd:import_command", "Import partners, accounts, opportunities, touches or currency "
             "rates from a CSV/JSON export (generic, Salesforce or HubSpot)."),
    _command("serve", "serve_cmd:serve", "Serve the pages and the JSON API (/api/v1) on PARTNEROPS_DATABASE_URL."),
    _command("mcp", "mcp_cmd:mcp", "Serve the tools to an MCP client on stdio, as the owner of "
             "PARTNEROPS_MCP_TOKEN."),
    _command("worker", "worker_cmd:worker", "Run the scheduled jobs (mail, expiry, reminders, alerts, attribution)."),
    _command("demo", "demo_cmd:demo", "Generate a seeded partner program, import it, attribute it and print the "
             "impact report."),
    _command("export", "export_cmd:export", "Every record as documented JSON Lines: export --all DIR."),
    _command("restore", "export_cmd:restore", "Load an export into a new, empty database."),
    _command("backup", "backup_cmd:backup", "A consistent copy of the live SQLite or PostgreSQL database."),
    Mounted("partners", "partners_cmd:app", "Partners as imported from your CRM: list, search and show them by "
            "their external id."),
    Mounted("accounts", "accounts_cmd:app", "Customer and prospect accounts: list, search and show them by their "
            "external id."),
    Mounted("deals", "deals_cmd:app", "Opportunities (deals): list, search and show them by their external id."),
    Mounted("quarantine", "quarantine_cmd:app", "Rows an import kept back (errors) or landed with an optional "
            "field left empty (warnings): see why, fix, retry or discard them, one by one or a whole class at once."),
    Mounted("imports", "imports_cmd:app", "Past imports: file, kind, when, who, counts and status (running, "
            "finished, interrupted, failed, refused, dry_run), newest first."),
    Mounted("conflicts", "conflicts_cmd:app", "Fields a re-import and a decision made in PartnerOps both changed: "
            "see them and decide which value stays."),
    Mounted("policy", "policy_cmd:app", "Attribution policies: which touches count, thresholds, the window."),
    Mounted("attribution", "attribution_cmd:app", "Attribution tiers: who sourced, co-sold or influenced each "
            "deal."),
    Mounted("report", "report_cmd:app", "Reports that prove partner impact to finance and leadership."),
    Mounted("registrations", "registrations_cmd:app", "Deal registrations: the queue, decisions, expiry, and what "
            "other rules would change."),
    Mounted("mail", "mail_cmd:app", "Outbound mail (registration decisions, alerts): delivered over "
            "PARTNEROPS_SMTP_*, retried with backoff, kept as dead mail after the last attempt."),
    Mounted("trackers", "trackers_cmd:app", "Trackers: named phrase sets (aliases, exclusions) for a partner or a "
            "theme, scanned over call transcripts and email by `partnerops signals scan`. Every edit is a new "
            "version."),
    Mounted("signals", "signals_cmd:app", "Partner signals: mentions of partners and themes in call transcripts "
            "(Gong JSON and JSON turn lists, Zoom and Teams WebVTT, SRT, YouTube SBV, text, Zoom chat), email "
            "(.eml, .mbox) and saved list-archive pages (.html), linked to the deal and proposed as touches."),
    Mounted("alerts", "alerts_cmd:app", "Alert rules on partner mentions: webhook (Slack-compatible JSON) and mail "
            "deliveries, retried with backoff, dead letters and replay."),
    Mounted("mapping", "mapping_cmd:app", "Account mapping: import partner account lists, match, review, overlap "
            "and co-sell targets."),
    Mounted("recruiting", "recruiting_cmd:app", "Candidate partners: list, rank with reasons, and move to "
            "recruited. Import them with `partnerops import candidates FILE` (and their customers with "
            "`partnerops import candidate_customers FILE`)."),
    Mounted("routing", "routing_cmd:app", "Route leads and open deals to partners: rank candidates with reasons, "
            "offer, record answers, expire offers past their SLA, and simulate other rules."),
    Mounted("commissions", "commissions_cmd:app", "Commissions: plans, accruals, the ledger, statements, payouts "
            "and disputes."),
    Mounted("mdf", "mdf_cmd:app", "Market development funds: allocations, requests, claims, return."),
    Mounted("program", "program_lifecycle_cmd:app", "Lifecycle stages, the onboarding checklist and tier reviews."),
    Mounted("enablement", "enablement_cmd:app", "Courses and certifications partners completed."),
    Mounted("health", "health_cmd:app", "The partner health score, its history and what moved it."),
    Mounted("experiments", "experiments_cmd:app", "Partner experiments: cohort vs control, judged."),
    Mounted("docs", "assistant_cmd:docs_app", "Program documents (Markdown, HTML, PDF) the assistant answers from."),
    Mounted("assistant", "assistant_cmd:assistant_app", "Ask the partner assistant, recommend partners for a deal, "
            "review what it said."),
    Mounted("users", "users_cmd:app", "Users who sign in to the web app and the API, and their API tokens."),
    Mounted("connect", "connect_cmd:connect_app", "Connect PartnerOps to Salesforce or HubSpot (credentials sealed "
            "at rest)."),
    Mounted("connections", "connect_cmd:connections_app", "CRM connections: list, test, remove, and make the key "
            "that seals their secrets."),
    Mounted("sync", "sync_cmd:app", "Sync with Salesforce or HubSpot: pull changes since the last sync, push "
            "attribution back."),
    Mounted("db", "db_cmd:app", "Create or upgrade the database (PARTNEROPS_DATABASE_URL)."),
)  # fmt: skip
mount_lazily(app, MOUNTED)

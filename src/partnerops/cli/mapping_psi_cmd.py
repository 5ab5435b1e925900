"""Private overlap: a private set intersection over ristretto255, by file exchange or over HTTP."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli.context import console, errors, open_engine, user_errors

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from partnerops.mapping.psi_state import SharedResult

app = typer.Typer(
    help="Private overlap: a private set intersection over ristretto255, by file exchange or over HTTP.",
    no_args_is_help=True,
)

Partner = Annotated[str, typer.Option(metavar="PARTNER", help="The partner you exchange with, by its external id.")]
StateDir = Annotated[Path | None, typer.Option(metavar="DIR",
    help="Where open sessions keep their secret (owner-only files). [env: PARTNEROPS_PSI_STATE_DIR]",
    show_default=".partnerops/psi")]  # fmt: skip
Workers = Annotated[int | None, typer.Option(min=1, help="Threads for the group arithmetic (default: every core).")]
Save = Annotated[Path | None, typer.Option(metavar="FILE", help="Also write the shared domains and our accounts "
                                           "there (CSV).")]


@app.callback()
def _group() -> None:
    """Private overlap: a private set intersection over ristretto255, by file exchange or over HTTP."""


def _state_dir(given: Path | None) -> Path:
    from partnerops.mapping.psi_state import PsiSettings

    return given or PsiSettings().state_dir


@app.command("start")
def start_command(
    partner: Partner,
    out: Annotated[Path, typer.Option(metavar="FILE", help="The request file to send to the partner.")],
    state_dir: StateDir = None,
    workers: Workers = None,
) -> None:
    """Open a session: blind our accounts' domains under a fresh secret and write the request for the partner."""
    from partnerops.mapping.psi_accounts import partner_label
    from partnerops.mapping.psi_errors import PsiError
    from partnerops.mapping.psi_files import write_message
    from partnerops.mapping.psi_service import open_session

    engine = open_engine()
    with user_errors(PsiError), console.status("blinding our domains"):
        message = open_session(engine, _state_dir(state_dir), partner_label(engine, partner), workers)
    write_message(out, message)
    console.print(f"session {message.session}: {len(message.points)} blinded domains written to {out}; send it to "
                  "the partner, who runs `partnerops mapping psi respond`", highlight=False)  # fmt: skip


@app.command("respond")
def respond_command(
    partner: Partner,
    in_: Annotated[Path, typer.Option("--in", metavar="FILE", help="The partner's request file.")],
    out: Annotated[Path, typer.Option(metavar="FILE", help="The reply file to send back.")],
    state_dir: StateDir = None,
    workers: Workers = None,
) -> None:
    """Answer a partner's request: blind their points again and ours once, and write the reply for them."""
    from partnerops.mapping.psi_accounts import partner_label
    from partnerops.mapping.psi_errors import PsiError
    from partnerops.mapping.psi_files import read_message, write_message
    from partnerops.mapping.psi_service import answer_request

    engine = open_engine()
    with user_errors(PsiError), console.status("blinding both sets"):
        message = read_message(in_)
        reply = answer_request(engine, _state_dir(state_dir), message, partner_label(engine, partner), str(in_),
                               workers)  # fmt: skip
    write_message(out, reply)
    console.print(f"session {reply.session}: reply written to {out}; the partner runs `partnerops mapping psi "
                  "finish` and sends you the completion to finish with", highlight=False)  # fmt: skip


@app.command("finish")
def finish_command(
    in_: Annotated[Path, typer.Option("--in", metavar="FILE", help="The partner's reply (to a start) or completion "
                                      "(to a respond).")],
    out: Annotated[Path | None, typer.Option(metavar="FILE",
        help="Finishing a reply: where to write the completion the partner needs to learn the overlap.")] = None,
    save: Save = None,
    state_dir: StateDir = None,
    workers: Workers = None,
) -> None:
    """Compute the overlap of a session and print the shared domains with our accounts behind them."""
    from partnerops.mapping.psi_errors import PsiError
    from partnerops.mapping.psi_files import read_message, write_message
    from partnerops.mapping.psi_service import close_session

    with user_errors(PsiError):
        message = read_message(in_)
        if message.kind == "reply" and out is None:
            raise typer.BadParameter("finishing a reply needs --out FILE for the completion the partner needs")
        closed = close_session(_state_dir(state_dir), message, str(in_), workers)
    if closed.completion is not None and out is not None:
        write_message(out, closed.completion)
        console.print(f"completion written to {out}: send it to the partner", highlight=False)
    _report(open_engine(), closed.result, save)


@app.command("exchange")
def exchange_command(
    with_: Annotated[str, typer.Option("--with", metavar="URL", help="The other PartnerOps server, e.g. "
                                       "https://partnerops.partner.example")],
    token: Annotated[str, typer.Option(envvar="PARTNEROPS_PSI_TOKEN", metavar="TOKEN",
                                       help="An API token of that server: an admin's or partner manager's, "
                                            "best one limited by `users token EMAIL --scope psi`.")],
    partner: Partner,
    save: Save = None,
    state_dir: StateDir = None,
    workers: Workers = None,
) -> None:
    """Run a whole session against another PartnerOps server over HTTP; both sides learn the overlap."""
    from partnerops.mapping.psi_accounts import partner_label
    from partnerops.mapping.psi_errors import PsiError
    from partnerops.mapping.psi_http import exchange

    engine = open_engine()
    with user_errors(PsiError), console.status(f"exchanging with {with_}"):
        result = exchange(engine, _state_dir(state_dir), with_, token, partner_label(engine, partner), workers)
    _report(engine, result, save)


@app.command("results")
def results_command(state_dir: StateDir = None) -> None:
    """List finished sessions: with whom, when, and how many domains were shared."""
    from partnerops.mapping.psi_state import list_results

    found = list_results(_state_dir(state_dir))
    table = Table("session", "with", "role", "finished", "ours", "theirs", "shared")
    for r in found:
        table.add_row(r.session, r.counterpart, r.role, f"{r.finished_at:%Y-%m-%d %H:%M}", str(r.our_count),
                      str(r.their_count), str(len(r.shared)))  # fmt: skip
    console.print(table if found else "no finished private-overlap sessions")


def _report(engine: Engine, result: SharedResult, save: Path | None) -> None:
    from partnerops.mapping.psi_accounts import accounts_by_domain

    owners = accounts_by_domain(engine)
    rows = [(domain, account.id, account.name) for domain in result.shared for account in owners.get(domain, [])]
    table = Table("shared domain", "account id", "account")
    for domain, account_id, name in rows:
        table.add_row(domain, str(account_id), name)
    if rows:
        console.print(table)
    console.print(f"{len(result.shared)} shared domains with {result.counterpart} (we have {result.our_count}, "
                  f"they have {result.their_count})", highlight=False)  # fmt: skip
    if save is not None:
        with save.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["domain", "account_id", "account_name"])
            writer.writerows(rows)
        errors.print(f"shared accounts saved to {save}", highlight=False)

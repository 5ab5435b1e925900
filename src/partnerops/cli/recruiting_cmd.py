"""`partnerops recruiting`: candidate partners, ranked with their reasons, and moved through recruiting."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli.context import console, open_engine, operator, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, emit_record, format_option
from partnerops.domain.enums import PartnerType

if TYPE_CHECKING:
    from partnerops.recruiting.candidates import Candidate
    from partnerops.recruiting.ranking import RankedCandidate



class CandidateStatus(StrEnum):
    """partnerops.recruiting.statuses.CandidateStatus, mirrored: a feature package is too heavy to load for `--help`
    (tests/recruiting/test_recruiting_cmd.py fails when they drift)."""

    CANDIDATE = "candidate"
    CONTACTED = "contacted"
    RECRUITED = "recruited"
    DECLINED = "declined"


app = typer.Typer(no_args_is_help=True)  # fmt: skip

CANDIDATE_COLUMNS = (Column("id", keep=10), Column("name", keep=9), Column("type", keep=7), Column("segment", keep=4),
                     Column("region", keep=4), Column("status", keep=8), Column("partner", keep=2))  # fmt: skip
RANK_COLUMNS = (Column("rank", numeric=True, keep=10), Column("id", keep=10), Column("name", keep=8),
                Column("type", keep=5), Column("status", keep=6), Column("score", numeric=True, keep=9),
                Column("overlap", numeric=True, keep=7), Column("fit", numeric=True, keep=7),
                Column("similar", numeric=True, keep=7), Column("reasons", keep=3))  # fmt: skip
CandidateRef = Annotated[str, typer.Argument(help="The candidate's id, as imported.")]
Currency = Annotated[str, typer.Option("--currency", help="Currency similar partners' deal figures are read in.")]


def _problems() -> tuple[type[Exception], ...]:
    from partnerops.program.errors import ProgramForbidden
    from partnerops.recruiting.errors import RecruitingError

    return RecruitingError, ProgramForbidden


def _candidate_row(c: Candidate) -> tuple[object, ...]:
    return c.external_id, c.name, c.type, c.segment, c.region, c.status, c.external_id if c.partner_id else None


def _rank_row(r: RankedCandidate) -> tuple[object, ...]:
    shares = {p.name: round(p.share, 4) for p in r.parts}
    c = r.candidate
    return (r.rank, c.external_id, c.name, c.type, c.status, r.score, shares["overlap"], shares["fit"],
            shares["similar"], "; ".join(r.reasons))  # fmt: skip


@app.command("list")
def list_command(
    status: Annotated[CandidateStatus | None, typer.Option("--status", help="Only candidates in this status.")]
    = None,
    output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    """List candidate partners with their status (and the partner a recruited one became)."""
    from partnerops.recruiting.candidates import all_candidates

    with open_engine().connect() as conn:
        rows = [_candidate_row(c) for c in all_candidates(conn) if status is None or c.status == status.value]
    emit(Listing(CANDIDATE_COLUMNS, rows, empty="no candidates: `partnerops import candidates FILE`"), output)


@app.command("rank")
def rank_command(currency: Currency = "USD", output: Annotated[OutputFormat, format_option()] = OutputFormat.table,
                 ) -> None:  # fmt: skip
    """Rank the candidates still open (candidate, contacted) by overlap, pipeline fit and similar partners."""
    from partnerops.recruiting.ranking import WEIGHTS, rank_candidates

    with open_engine().connect() as conn:
        rows = [_rank_row(r) for r in rank_candidates(conn, currency.upper())]
    weights = ", ".join(f"{name} {weight:g}" for name, weight in WEIGHTS.items())
    emit(Listing(RANK_COLUMNS, rows, empty="no open candidates to rank", notes=[f"score = weighted sum: {weights}"]),
         output)  # fmt: skip


@app.command("show")
def show_command(candidate: CandidateRef, currency: Currency = "USD",
                 output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:  # fmt: skip
    """Show one candidate: its fields, and its rank with the reasons while it is still open."""
    from partnerops.recruiting.candidates import find_candidate
    from partnerops.recruiting.ranking import rank_candidates

    with user_errors(*_problems()), open_engine().connect() as conn:
        found = find_candidate(conn, candidate)
        ranked = [r for r in rank_candidates(conn, currency.upper()) if r.candidate.id == found.id]
    if ranked:
        emit_record((*CANDIDATE_COLUMNS, *RANK_COLUMNS[5:]), (*_candidate_row(found), *_rank_row(ranked[0])[5:]),
                    output)  # fmt: skip
    else:
        emit_record(CANDIDATE_COLUMNS, _candidate_row(found), output)


@app.command("flag")
def flag_command(
    account: Annotated[str, typer.Argument(help="The account's id, SYSTEM:ID, or exact name.")],
    partner_type: Annotated[PartnerType, typer.Option("--type", help="The kind of partner it would be.")],
) -> None:
    """Flag one of our accounts as a potential partner: it becomes a candidate (flagging again changes nothing)."""
    from partnerops.domain.enums import PartnerType as Kind
    from partnerops.recruiting.flagging import flag_account
    from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord

    with user_errors(*_problems(), UnknownRecord, AmbiguousRecord), open_engine().begin() as conn:
        flagged = flag_account(conn, operator(), account, Kind(partner_type.value))
    console.print(f"candidate {flagged.external_id} ({flagged.name}, {flagged.type}): {flagged.status}",
                  highlight=False)


@app.command("move")
def move_command(
    candidate: CandidateRef,
    status: Annotated[CandidateStatus, typer.Argument(help="contacted, recruited or declined.")],
    expected: Annotated[CandidateStatus | None, typer.Option(
        "--from", help="Refuse unless the candidate is still in this status (what you last saw).")] = None,
) -> None:
    """Move a candidate on: candidate -> contacted -> recruited (creating the partner, in onboarding) or declined."""
    from partnerops.recruiting.lifecycle import move_candidate
    from partnerops.recruiting.statuses import CandidateStatus as Status

    since = Status(expected.value) if expected else None
    with user_errors(*_problems()), open_engine().begin() as conn:
        moved = move_candidate(conn, operator(), candidate, Status(status.value), since)
    console.print(f"candidate {moved.candidate}: {moved.before} -> {moved.after}", highlight=False)
    if moved.partner:
        console.print(f"partner {moved.partner} created, in onboarding: `partnerops program checklist "
                      f"{moved.partner}`", highlight=False)  # fmt: skip

"""The partner assistant and program documents: import documents, ask questions, recommend partners."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from partnerops.cli.context import console, errors, open_engine, operator, reporting_currency, user_errors
from partnerops.cli.output import Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from partnerops.assistant.answers import Answer
    from partnerops.domain.roles import Principal

docs_app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")
assistant_app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")


@docs_app.command("import")
def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Files to import: .md, .html or .pdf.")],
) -> None:
    """Import program documents, cut into passages under their headings. Importing the same file again changes
    nothing; a file that cannot be read is quarantined with the reason (see `partnerops quarantine list`)."""
    from partnerops.assistant.document_import import import_documents

    result = import_documents(open_engine(), paths)
    console.print(f"{len(result.inserted)} imported, {len(result.updated)} updated, {len(result.unchanged)} unchanged, "
                  f"{len(result.quarantined)} quarantined", highlight=False)  # fmt: skip
    for problem in result.quarantined:
        errors.print(f"[bold red]quarantined:[/] {problem}", highlight=False, soft_wrap=True)
    if result.quarantined:
        raise typer.Exit(1)


DOCUMENT_COLUMNS = (Column("id", numeric=True, keep=10), Column("document", keep=9), Column("title", keep=8),
                    Column("format", keep=4), Column("passages", numeric=True, keep=5), Column("imported", keep=3))


@docs_app.command("list")
def list_command(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """List the imported documents with their passage counts."""
    from partnerops.assistant.document_store import list_documents

    with open_engine().connect() as conn:
        found = list_documents(conn)
    rows = [(d.id, d.name, d.title, d.format, d.passages, f"{d.imported_at:%Y-%m-%d %H:%M}") for d in found]
    emit(Listing(DOCUMENT_COLUMNS, rows, empty="no documents: import some with `partnerops docs import`"), output)


@assistant_app.command("ask")
def ask_command(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    as_user: Annotated[str | None, typer.Option("--as", metavar="EMAIL", help="Ask as this user: a partner user "
                                                "gets answers about its own partner only.")] = None,  # fmt: skip
) -> None:
    """Ask the assistant a question; the answer shows its sources and is logged."""
    from partnerops.assistant.service import EmptyQuestion, ask
    from partnerops.auth.users import UnknownUser
    from partnerops.settings import get_settings

    engine = open_engine()
    with user_errors(UnknownUser, EmptyQuestion):
        principal = operator() if as_user is None else _principal(engine, as_user)
        answer = ask(engine, principal, question, get_settings())
    _print_answer(answer)


@assistant_app.command("recommend")
def recommend_command(
    opportunity: Annotated[str, typer.Argument(help="The open opportunity: its id or its CRM id.")],
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many partners.")] = 5,
) -> None:
    """Which partners to bring into an open opportunity, ranked from similar won deals, with the reasons."""
    from partnerops.assistant.recommend import OpportunityNotOpen, opportunity_by_reference, recommend_partners
    from partnerops.assistant.recommend_answers import recommendation_answer

    engine = open_engine()
    with user_errors(OpportunityNotOpen):
        opportunity_id = opportunity_by_reference(engine, opportunity)
        found = recommend_partners(engine, operator(), opportunity_id, reporting_currency(), limit)
    _print_answer(recommendation_answer(engine, opportunity_id, found))


@assistant_app.command("log")
def log_command(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="How many exchanges, newest first.")] = 20,
    unanswered: Annotated[bool, typer.Option("--unanswered", help="Only \"I don't know\" answers.")] = False,
) -> None:
    """The assistant's exchanges for review: who asked what, the intent, the answer and its sources."""
    from partnerops.assistant.exchange_log import list_exchanges

    with open_engine().connect() as conn:
        found = list_exchanges(conn, operator(), limit, ungrounded_only=unanswered)
    table = Table("id", "at", "user", "intent", "question", "answer", "sources")
    for e in found:
        sources = ", ".join(s.label for s in e.sources) or "-"
        table.add_row(str(e.id), f"{e.at:%Y-%m-%d %H:%M}", e.user_email, e.intent, e.question,
                      e.answer if e.grounded else f"(not answered) {e.answer}", sources)  # fmt: skip
    console.print(table if found else "no exchanges yet")


def _principal(engine: Engine, email: str) -> Principal:
    from partnerops.auth.users import find_user

    with engine.connect() as conn:
        return find_user(conn, email).principal


def _print_answer(answer: Answer) -> None:
    console.print(answer.text, highlight=False, soft_wrap=True)
    console.print(f"\n[dim]intent: {answer.intent.value}; phrased by: {answer.phrased_by}[/]", highlight=False)
    for source in answer.sources:
        link = f" {source.link}" if source.link else ""
        console.print(f"[dim]source:[/] {source.kind.value}: {source.label}{link}", highlight=False)


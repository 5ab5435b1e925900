"""`partnerops trackers`: the phrase sets scanned over calls and email — list, show, add, edit, seed, load."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnerops.cli import choices
from partnerops.cli.context import actor, console, open_engine, user_errors
from partnerops.cli.output import NAMING, Column, Listing, OutputFormat, emit, format_option

if TYPE_CHECKING:
    from partnerops.signals.trackers import TrackerRules

app = typer.Typer(no_args_is_help=True, rich_markup_mode="rich")

Phrases = Annotated[list[str] | None, typer.Option("--alias", metavar="PHRASE", help="A phrase that counts (repeat "
                                                   "the option).")]
Exclusions = Annotated[list[str] | None, typer.Option("--exclude", metavar="PHRASE", help="A phrase in which an alias "
                                                      "does not count (e.g. 'snowflake storm'); repeat the option.")]


TRACKER_COLUMNS = (Column("name", keep=10), Column("kind", keep=8), Column("version", numeric=True, keep=6),
                   Column("partner", keep=7), Column("speaker", keep=4), Column("aliases", keep=NAMING),
                   Column("exclusions", keep=3))  # fmt: skip


@app.command("list")
def list_command(output: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    """Every tracker with its current version and aliases; a partner's tracker names the partner by its external
    id."""
    from partnerops.analytics.record_lists import external_ids
    from partnerops.signals.tracker_repo import all_trackers

    with open_engine().connect() as conn:
        found = all_trackers(conn)
        partners = external_ids(conn, "partner", (t.partner_id for t in found if t.partner_id is not None))
    rows = [(t.name, t.kind.value, t.version, partners.get(t.partner_id) if t.partner_id is not None else None,
             t.rules.speaker.value, ", ".join([*t.rules.aliases, *(f"{a} (exact case)" for a in t.rules.exact_case)]),
             ", ".join(t.rules.exclusions)) for t in found]  # fmt: skip
    emit(Listing(TRACKER_COLUMNS, rows, empty="no trackers yet: `partnerops trackers seed` makes one per partner"),
         output)


@app.command("show")
def show_command(name: Annotated[str, typer.Argument(help="The tracker's name.")]) -> None:
    """One tracker's rules and every version it has had."""
    from partnerops.signals.tracker_repo import TrackerNotFound, get_tracker, tracker_history

    with user_errors(TrackerNotFound), open_engine().connect() as conn:
        tracker, versions = get_tracker(conn, name), tracker_history(conn, name)
    console.print(f"{tracker.name} ({tracker.kind.value}), version {tracker.version}", highlight=False)
    for version in versions:
        console.print(f"  v{version['version']} by {version['created_by']}: {version['rules']}", highlight=False)


@app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="A name for the tracker, e.g. 'Acme Cloud' or 'Marketplace'.")],
    alias: Phrases = None,
    exclude: Exclusions = None,
    kind: Annotated[choices.TrackerKind, typer.Option(help="What it tracks.")] = choices.TrackerKind.THEME,
    partner: Annotated[str | None, typer.Option(metavar="PARTNER", help="The partner's name or external id, for a "
                                                "partner tracker.")] = None,
    speaker: Annotated[choices.SpeakerFilter, typer.Option(help="Whose words count.")] = choices.SpeakerFilter.ANYONE,
    whole_word: Annotated[bool, typer.Option(help="Only whole words ('Acme' not in 'Acmeville').")] = True,
    case_sensitive: Annotated[bool, typer.Option(help="Match the aliases' case exactly.")] = False,
) -> None:
    """Create a tracker (or a new version of one with the same name)."""
    from partnerops.signals.seeding import PartnerNotFound, partner_id
    from partnerops.signals.tracker_repo import save_tracker
    from partnerops.signals.trackers import TrackerKind, TrackerRuleError, rules_from_json

    values = {"aliases": alias or [], "exclusions": exclude or [], "whole_word": whole_word,
              "case_sensitive": case_sensitive, "speaker": speaker.value}
    engine = open_engine()
    with user_errors(TrackerRuleError, PartnerNotFound), engine.begin() as conn:
        partner_ref = partner_id(conn, partner) if partner else None
        saved = save_tracker(conn, name, TrackerKind(kind.value), rules_from_json(values), actor(), datetime.now(UTC),
                             partner_ref)
    console.print(f"{saved.name}: version {saved.version}", highlight=False)


@app.command("edit")
def edit_command(
    name: Annotated[str, typer.Argument(help="The tracker's name.")],
    alias: Phrases = None,
    exclude: Exclusions = None,
    remove: Annotated[list[str] | None, typer.Option(metavar="PHRASE", help="Drop this alias or exclusion.")] = None,
    speaker: Annotated[choices.SpeakerFilter | None, typer.Option(help="Whose words count.")] = None,
    whole_word: Annotated[bool | None, typer.Option(help="Only whole words.")] = None,
    case_sensitive: Annotated[bool | None, typer.Option(help="Match case exactly.")] = None,
) -> None:
    """Change a tracker: add aliases or exclusions, remove phrases, change its rules. Saves a new version."""
    from partnerops.signals.tracker_repo import TrackerNotFound, get_tracker, save_tracker
    from partnerops.signals.trackers import TrackerRuleError

    engine = open_engine()
    with user_errors(TrackerNotFound, TrackerRuleError), engine.begin() as conn:
        current = get_tracker(conn, name)
        saved = save_tracker(conn, name, current.kind, _edited(current.rules, alias, exclude, remove, speaker,
                                                               whole_word, case_sensitive),
                             actor(), datetime.now(UTC), current.partner_id)
    console.print(f"{saved.name}: version {saved.version}", highlight=False)


def _edited(rules: TrackerRules, alias: list[str] | None, exclude: list[str] | None, remove: list[str] | None,
            speaker: choices.SpeakerFilter | None, whole_word: bool | None, case_sensitive: bool | None
            ) -> TrackerRules:
    from partnerops.signals.trackers import rules_from_json

    gone = {r.lower() for r in remove or []}
    values = rules.as_json()
    values["aliases"] = [a for a in [*rules.aliases, *(alias or [])] if a.lower() not in gone]
    values["exclusions"] = [x for x in [*rules.exclusions, *(exclude or [])] if x.lower() not in gone]
    values["exact_case"] = [a for a in rules.exact_case if a.lower() not in gone]
    changed = (("speaker", speaker.value if speaker else None), ("whole_word", whole_word),
               ("case_sensitive", case_sensitive))
    for key, value in changed:
        if value is not None:
            values[key] = value
    return rules_from_json(values)


@app.command("seed")
def seed_command() -> None:
    """A tracker for every partner that has none, with aliases from its name and domain."""
    from partnerops.signals.seeding import seed_partner_trackers

    with open_engine().begin() as conn:
        created = seed_partner_trackers(conn, actor(), datetime.now(UTC))
    console.print(f"{created} partner trackers created", highlight=False)


@app.command("load")
def load_command(path: Annotated[Path, typer.Argument(help="A YAML file with a `trackers:` list.")]) -> None:
    """Create or update trackers from a YAML file; changed trackers get a new version."""
    from partnerops.signals.seeding import PartnerNotFound
    from partnerops.signals.tracker_file import TrackerFileError, load_tracker_file

    engine = open_engine()
    with user_errors(TrackerFileError, PartnerNotFound), engine.begin() as conn:
        saved = load_tracker_file(conn, path, actor(), datetime.now(UTC))
    for tracker in saved:
        console.print(f"{tracker.name}: version {tracker.version}", highlight=False)

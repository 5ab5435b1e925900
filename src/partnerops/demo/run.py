"""The demo end to end: generate the exports, import them, attribute the deals and report the impact."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine, func, select

from partnerops.analytics.impact import ImpactOptions, ImpactReport, impact_report
from partnerops.attribution.service import RunSummary, run_attribution
from partnerops.demo.bad_rows import BadRow
from partnerops.demo.generate import FILES, DemoDataset, generate_dataset, write_dataset
from partnerops.demo.partner_accounts import PARTNER_LIST_FILE
from partnerops.demo.plan import DemoPlan
from partnerops.domain.enums import Tier
from partnerops.ingest.service import ImportOptions, ImportSummary, import_file
from partnerops.mapping.matching import run_matching
from partnerops.mapping.overlap import overlap
from partnerops.mapping.partner_lists import find_partner, import_partner_list
from partnerops.reports.html import write_impact_html
from partnerops.reports.terminal import print_impact
from partnerops.store.tables import quarantine

# Touches name partners by their id in partners.csv and deals by their Salesforce id.
TOUCH_REFERENCES = {"partners": "csv", "opportunities": "salesforce"}
DEMO_ACTOR = "demo"


@dataclass(frozen=True)
class DemoResult:
    dataset: DemoDataset
    files: dict[str, Path]
    imports: tuple[ImportSummary, ...]
    quarantined: int
    attribution: RunSummary
    report: ImpactReport
    html: Path

    @property
    def bad_rows(self) -> tuple[BadRow, ...]:
        return self.dataset.bad_rows

    @property
    def changed(self) -> int:
        """Records the import inserted or updated; 0 when the same data was already there."""
        return sum(s.inserted + s.updated for s in self.imports)


def run_demo(
    engine: Engine,
    directory: Path,
    seed: int,
    opportunities: int | None,
    html_path: Path,
    console: Console,
    today: date | None = None,
) -> DemoResult:
    """Generate the demo program into `directory`, load it into `engine`'s database and report on it."""
    dataset = generate_dataset(seed, opportunities, today)
    files = write_dataset(dataset, directory)
    _print_generated(console, dataset, directory)
    imports = _import_all(engine, files, dataset, console)
    quarantined = _open_quarantine(engine, files.values())
    _print_imports(console, imports, quarantined)
    attribution = run_attribution(engine)
    _print_attribution(console, attribution)
    _print_mapping(console, engine, dataset.partner_list_owner)
    report = impact_report(engine, ImpactOptions(currency="USD", as_of=dataset.today))
    print_impact(report, console)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    write_impact_html(report, html_path)
    console.print(f"\nHTML report written to [bold]{html_path}[/]")
    return DemoResult(dataset, files, imports, quarantined, attribution, report, html_path)


def _import_all(
    engine: Engine, files: dict[str, Path], dataset: DemoDataset, console: Console
) -> tuple[ImportSummary, ...]:
    """Import every file in dependency order through the real importers, with a progress bar each."""
    columns = (TextColumn("{task.description:<32}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    summaries = []
    with Progress(*columns, console=console, transient=False) as progress:
        for name, kind, fmt in FILES:
            task = progress.add_task(f"importing {name}", total=dataset.files[name].height)
            options = ImportOptions(refs=TOUCH_REFERENCES if kind == "touches" else {}, actor=DEMO_ACTOR)
            summaries.append(import_file(engine, files[name], kind, fmt, options, _advancer(progress, task)))
        task = progress.add_task(f"importing {PARTNER_LIST_FILE}", total=dataset.partner_list.height)
        summaries.append(import_partner_list(engine, files[PARTNER_LIST_FILE], dataset.partner_list_owner,
                                             DEMO_ACTOR, _advancer(progress, task)))
    return tuple(summaries)


def _advancer(progress: Progress, task: TaskID) -> Callable[[int], None]:
    def advance(rows: int) -> None:
        progress.advance(task, rows)

    return advance


def _open_quarantine(engine: Engine, paths: Iterable[Path]) -> int:
    """Open quarantine entries kept from the demo's files (by any run): rows that did not land, not warnings."""
    names = [str(path.resolve()) for path in paths]
    query = select(func.count()).select_from(quarantine).where(
        quarantine.c.file.in_(names), quarantine.c.status == "open", quarantine.c.severity == "error"
    )
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def _print_generated(console: Console, dataset: DemoDataset, directory: Path) -> None:
    sizes = {
        "partners": dataset.partners.height, "accounts": dataset.accounts.height,
        "opportunities": dataset.deals.height, "touches": dataset.touches.height,
    }
    listed = ", ".join(f"{count:,} {name}" for name, count in sizes.items())
    console.print(
        f"[bold]PartnerOps demo[/]: a partner program up to {dataset.today.isoformat()} with {listed}, "
        f"exported as {len(dataset.files)} files into [bold]{directory}[/] "
        f"(with {len(dataset.bad_rows)} broken rows mixed in, as real exports have)."
    )
    console.print(f"Planted, for the report to find: {_planted_effects(dataset.plan)}.")


def _planted_effects(plan: DemoPlan) -> str:
    tiers = plan.tiers
    larger = tiers[Tier.SOURCED].median_amount_usd / tiers[Tier.DIRECT].median_amount_usd
    faster = 1 - tiers[Tier.CO_SELL].median_cycle_days / tiers[Tier.DIRECT].median_cycle_days
    return (
        f"partner-attached deals win {plan.attached_win_rate:.0%} against {plan.direct_win_rate:.0%} direct "
        f"({plan.uplift:.1f}x), sourced deals are {larger:.1f}x the size of direct ones and co-sell cycles "
        f"{faster:.0%} shorter"
    )


def _print_imports(console: Console, imports: Sequence[ImportSummary], quarantined: int) -> None:
    table = Table(title="Import", box=box.SIMPLE_HEAD, collapse_padding=True, pad_edge=False)
    table.add_column("file", no_wrap=True)
    for header in ("rows", "inserted", "updated", "unchanged", "quarantined"):
        table.add_column(header, justify="right", no_wrap=True)
    for s in imports:
        counts = (s.rows_read, s.inserted, s.updated, s.unchanged, s.quarantined)
        table.add_row(s.file.name, *(f"{n:,}" for n in counts))
    console.print(table)
    if sum(s.inserted + s.updated for s in imports) == 0:
        console.print("Nothing changed: every row was already imported (importing the same export twice "
                      "changes nothing).")
    console.print(f"{quarantined} rows are in quarantine: see why with [bold]partnerops quarantine list[/].")


def _print_mapping(console: Console, engine: Engine, owner: str) -> None:
    """Match the mapped partner's list (decisions from earlier runs are kept) and say what overlaps."""
    with engine.connect() as connection:
        partner = find_partner(connection, owner)
    matched = run_matching(engine, partner.id)
    with engine.connect() as connection:
        counts = overlap(connection, partner.id).counts
    listed = ", ".join(f"{n:,} {category.label}" for category, n in counts.items())
    tiers = ", ".join(f"{n:,} by {tier}" for tier, n in matched.by_tier.items())
    console.print(f"Account mapping with {partner.name} ({owner}): {listed}; matched {tiers}, "
                  f"{matched.pending:,} to review with [bold]partnerops mapping review[/].")


def _print_attribution(console: Console, run: RunSummary) -> None:
    counts = ", ".join(
        f"{tier.value.replace('_', '-')} {run.opportunities_by_tier.get(tier, 0):,}" for tier in Tier
    )
    console.print(
        f"Attribution run {run.run_id} with policy {run.policy_version} ({run.policy_digest}): "
        f"{run.opportunities:,} opportunities: {counts}."
    )

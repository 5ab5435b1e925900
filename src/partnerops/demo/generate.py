"""A seeded, realistic partner program with planted effects, and the export files it is imported from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from partnerops.demo.accounts import draw_accounts
from partnerops.demo.attachments import draw_attachments
from partnerops.demo.bad_rows import BadRow, plant_bad_rows
from partnerops.demo.generic_export import name_touches, partner_export, rate_export, touch_export
from partnerops.demo.opportunities import draw_opportunities
from partnerops.demo.partner_accounts import PARTNER_LIST_FILE, draw_partner_list, mapping_partner
from partnerops.demo.partners import draw_partners
from partnerops.demo.plan import DemoPlan
from partnerops.demo.rates import draw_rates
from partnerops.demo.salesforce_export import account_export, opportunity_export, price_deals
from partnerops.demo.touches import draw_touches

DEFAULT_SEED = 2026
# Import order: what a file refers to is imported before it.
FILES: tuple[tuple[str, str, str], ...] = (
    ("rates.csv", "rates", "generic"),
    ("partners.csv", "partners", "generic"),
    ("accounts-salesforce.csv", "accounts", "salesforce"),
    ("opportunities-salesforce.csv", "opportunities", "salesforce"),
    ("touches.csv", "touches", "generic"),
)
# How many accounts the mapped partner's list holds.
PARTNER_LIST_ROWS = 400
# Origination touches reach this far back before a deal, so rates start earlier than the first deal.
RATE_LEAD_DAYS = 200


@dataclass(frozen=True)
class DemoDataset:
    """The generated program. `deals` is the ground truth: each deal's designated tier and outcome.

    `attachments` lists each deal's partners and the tier each was planted to earn; `files` holds the
    export files (every column as text) with the broken rows listed in `bad_rows` mixed in.
    """

    plan: DemoPlan
    today: date
    partners: pl.DataFrame
    accounts: pl.DataFrame
    deals: pl.DataFrame
    attachments: pl.DataFrame
    touches: pl.DataFrame
    rates: pl.DataFrame
    files: dict[str, pl.DataFrame]
    bad_rows: tuple[BadRow, ...]
    # One partner's own account list for account mapping (with `truth`, our account behind each row, which the
    # export leaves out), and that partner's id in partners.csv.
    partner_list: pl.DataFrame
    partner_list_owner: str


def generate_dataset(
    seed: int = DEFAULT_SEED, opportunities: int | None = None, today: date | None = None
) -> DemoDataset:
    """Draw the whole program from `seed`; the same seed and day always give the same data."""
    today = today or date.today()
    plan = DemoPlan() if opportunities is None else DemoPlan().scaled(opportunities)
    rng = np.random.default_rng(seed)
    partners = draw_partners(rng, plan.partners, today, plan.days)
    accounts = draw_accounts(rng, plan.accounts)
    rates = draw_rates(today - timedelta(days=plan.days + RATE_LEAD_DAYS), today)
    deals = price_deals(rng, draw_opportunities(rng, plan, accounts, today), accounts, rates)
    attachments = draw_attachments(rng, plan, deals, partners)
    touches = name_touches(rng, draw_touches(rng, deals, attachments, partners, today), partners)
    files = {
        "rates.csv": rate_export(rates),
        "partners.csv": partner_export(partners),
        "accounts-salesforce.csv": account_export(accounts),
        "opportunities-salesforce.csv": opportunity_export(rng, deals, accounts, today),
        "touches.csv": touch_export(touches, deals, partners),
    }
    texts = {name: frame.select(pl.all().cast(pl.String)) for name, frame in files.items()}
    planted, bad_rows = plant_bad_rows(rng, texts)
    # A generator of its own, so that the list leaves the rest of the program as it was.
    listed = draw_partner_list(np.random.default_rng([seed, 1]), accounts, deals, PARTNER_LIST_ROWS)
    owner = str(mapping_partner(partners)["id"])
    return DemoDataset(plan, today, partners, accounts, deals, attachments, touches, rates, planted, bad_rows,
                       listed, owner)


def write_dataset(dataset: DemoDataset, directory: Path) -> dict[str, Path]:
    """Write the export files into `directory` (created if needed); returns each file's path by name."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, frame in dataset.files.items():
        paths[name] = directory / name
        frame.write_csv(paths[name], null_value="")
    paths[PARTNER_LIST_FILE] = directory / PARTNER_LIST_FILE
    dataset.partner_list.drop("truth").write_csv(paths[PARTNER_LIST_FILE], null_value="")
    return paths

"""A partner's own account list, as a partner sends it for account mapping: some of our customers and open
deals written its own way (another legal form, no domain, a typo), and companies we have never met."""

from __future__ import annotations

import numpy as np
import polars as pl

from partnerops.demo.geography import COUNTRIES
from partnerops.demo.names import company_stems

PARTNER_LIST_FILE = "partner-accounts.csv"
# How the partner writes an account we also have: with its website (the domain tier finds it), by name
# only in its own legal form (the name tier), or by name only with a typo (a fuzzy match to review).
SPELLINGS = {"website": 0.6, "name": 0.3, "typo": 0.1}
STATUS_WEIGHTS = {"customer": 0.6, "prospect": 0.25, "open_opportunity": 0.15}
OTHER_FORMS = ("Inc", "Corporation", "Ltd.", "LLC", "GmbH", "")


def mapping_partner(partners: pl.DataFrame) -> dict[str, object]:
    """The partner whose list the demo maps: the most active one."""
    return partners.sort("activity", descending=True).row(0, named=True)


def draw_partner_list(rng: np.random.Generator, accounts: pl.DataFrame, deals: pl.DataFrame,
                      size: int) -> pl.DataFrame:
    """`size` rows: half our accounts with deals (as the partner spells them), half companies of its own.
    `truth` is our account's id behind a row (null for the partner's own companies); it is not exported."""
    dealt = np.unique(deals.get_column("account_index").to_numpy())
    ours = accounts[rng.choice(dealt, size=min(size // 2, dealt.size), replace=False).tolist()]
    names, labels = company_stems(np.random.default_rng(rng.integers(2**32)), size - ours.height)
    theirs = pl.DataFrame({
        "name": [f"{name} {OTHER_FORMS[i]}".strip() for name, i in
                 zip(names, rng.integers(0, len(OTHER_FORMS), len(names)), strict=True)],
        "domain": [f"{label}.io" for label in labels],
        "region": rng.choice(["NA", "EMEA", "APAC", "LATAM"], len(names)).tolist(),
        "segment": rng.choice(["enterprise", "mid_market", "smb"], len(names)).tolist(),
        "truth": pl.Series([None] * len(names), dtype=pl.String),
    })
    listed = pl.concat([_as_they_spell(rng, ours), theirs])
    statuses = rng.choice(list(STATUS_WEIGHTS), listed.height, p=list(STATUS_WEIGHTS.values()))
    owners = rng.choice(["Avery Stone", "Jordan Lee", "Casey Park"], listed.height)
    return listed.with_columns(pl.Series("status", statuses), pl.Series("owner", owners)).select(
        "name", "domain", "status", "owner", "region", "segment", "truth")


def _as_they_spell(rng: np.random.Generator, ours: pl.DataFrame) -> pl.DataFrame:
    spelling = rng.choice(list(SPELLINGS), ours.height, p=list(SPELLINGS.values()))
    forms_by_country = {country.code: country.legal_form for country in COUNTRIES}
    stems = [name.removesuffix(f" {forms_by_country[code]}")
             for name, code in zip(ours.get_column("name"), ours.get_column("country"), strict=True)]
    forms = rng.integers(0, len(OTHER_FORMS), ours.height)
    names = [
        original if how == "website"
        else f"{stem} {OTHER_FORMS[form]}".strip() if how == "name"
        else _typo(rng, stem)
        for original, stem, how, form in zip(ours.get_column("name"), stems, spelling, forms, strict=True)
    ]
    domains = [f"https://www.{domain}/" if how == "website" else None
               for domain, how in zip(ours.get_column("domain"), spelling, strict=True)]
    return pl.DataFrame({"name": names, "domain": domains, "region": ours.get_column("region"),
                         "segment": ours.get_column("segment"), "truth": ours.get_column("id")},
                        schema_overrides={"domain": pl.String})


def _typo(rng: np.random.Generator, stem: str) -> str:
    """Two neighbouring letters of the first word swapped: "Northpeak Logistics" -> "Nortpheak Logistics"."""
    first, _, rest = stem.partition(" ")
    at = int(rng.integers(1, max(len(first) - 2, 2)))
    swapped = first[:at] + first[at + 1] + first[at] + first[at + 2:] if len(first) > 3 else first + first[-1]
    return f"{swapped} {rest}".strip()

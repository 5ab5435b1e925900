"""A small world for the mapping tests: two partners, our accounts with deals, and partner list files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, insert

from partnerops.mapping.overlap import OverlapCategory, OverlapFilter, overlap
from partnerops.store.tables import accounts, opportunities, partners, touches

PARTNER_LIST_HEADER = "id,name,domain,status,owner,region,segment"


def seed_world(engine: Engine) -> None:
    """Partners P1 (technology) and P2 (si); our accounts: Globex (customer), Initech (open deal),
    Umbrella Corporation and Hooli (lost deals only: prospects we worked), Soylent (customer) and Stark Industries
    (no opportunity at all)."""
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": 1, "source_system": "csv", "external_id": "P1", "name": "Acme Cloud", "type": "technology"},
            {"id": 2, "source_system": "csv", "external_id": "P2", "name": "Bolt SI", "type": "si"},
        ])
        c.execute(insert(accounts), [
            _account(1, "Globex Corporation", "globex.com", "enterprise", "EMEA"),
            _account(2, "Initech GmbH", "initech.de", "mid_market", "EMEA"),
            _account(3, "Umbrella Corporation", None, "enterprise", "AMER"),
            _account(4, "Soylent Ltd", "soylent.co.uk", "smb", "EMEA"),
            _account(5, "Hooli", "hooli.com", "enterprise", "AMER"),
            _account(6, "Stark Industries", "stark.example", "enterprise", "AMER"),
        ])
        c.execute(insert(opportunities), [
            _deal(1, 1, "won", 120_000_00), _deal(2, 2, "open", 40_000_00), _deal(3, 4, "won", 8_000_00),
            _deal(4, 5, "lost", 300_000_00), _deal(5, 3, "lost", 90_000_00),
        ])
        c.execute(insert(touches), [
            {"id": 1, "source_system": "csv", "external_id": "T1", "partner_id": 1, "opportunity_id": 1,
             "type": "poc", "touched_on": date(2026, 2, 1), "status": "confirmed"},
        ])


def _account(id_: int, name: str, domain: str | None, segment: str, region: str) -> dict[str, object]:
    return {"id": id_, "source_system": "csv", "external_id": f"A{id_}", "name": name, "domain": domain,
            "segment": segment, "region": region}


def _deal(id_: int, account_id: int, outcome: str, amount_minor: int) -> dict[str, object]:
    closed = None if outcome == "open" else date(2026, 3, 1)
    return {"id": id_, "source_system": "csv", "external_id": f"O{id_}", "account_id": account_id,
            "name": f"Deal {id_}", "amount_minor": amount_minor, "currency": "EUR", "stage": outcome,
            "outcome": outcome, "created_on": date(2026, 1, 1), "closed_on": closed}


def write_csv(path: Path, rows: list[str], header: str = PARTNER_LIST_HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def write_json(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


# Acme Cloud's list: Globex by its shop subdomain, Initech by name, Umbrela with a typo (fuzzy), a
# white-space customer, a free-mail account, our customer Soylent as their prospect, and Stark, an account of ours
# without any opportunity (white space for us too).
ACME_LIST = [
    "C1,Globex Corp.,https://shop.globex.com,customer,Ann,EMEA,enterprise",
    "C2,Initech,,customer,Ann,EMEA,mid_market",
    "C3,Umbrela Corp,,customer,Bob,AMER,enterprise",
    "C4,Vandelay Industries,vandelay.com,customer,Bob,AMER,smb",
    "C5,Jane Doe Bakery,gmail.com,customer,Bob,AMER,smb",
    "C6,Soylent,soylent.co.uk,prospect,Ann,EMEA,smb",
    "C7,Stark Industries Inc.,stark.example,customer,Ann,AMER,enterprise",
]


def mapped_world(engine: Engine, folder: Path) -> Engine:
    """The world with partner P1's list imported and matched."""
    from partnerops.mapping.matching import run_matching
    from partnerops.mapping.partner_lists import import_partner_list

    seed_world(engine)
    import_partner_list(engine, write_csv(folder / "acme.csv", ACME_LIST), "P1")
    run_matching(engine, 1)
    return engine


def overlap_names(engine: Engine, category: OverlapCategory) -> list[str]:
    """Their names of the accounts of P1's overlap in `category`."""
    with engine.connect() as conn:
        return overlap(conn, 1, OverlapFilter(category)).rows.get_column("their_name").to_list()

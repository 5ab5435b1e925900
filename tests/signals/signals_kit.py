"""A small CRM (one partner, two accounts, their deals) and the conversation fixtures to scan against it."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine

from partnerops.ingest.conversations.model import SideRule, side_rule
from partnerops.signals.catalog import TrackerCatalog, compile_catalog
from partnerops.signals.matcher import Engine as MatchEngine
from partnerops.signals.seeding import seed_partner_trackers
from partnerops.signals.tracker_repo import all_trackers
from partnerops.store.tables import accounts, opportunities, partners

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "conversations"
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
RULE: SideRule = side_rule(["ourco.com"], ["Dana Rep"])


def seed_crm(engine: Engine) -> dict[str, int]:
    """Acme Cloud (partner), Globex with an open deal (CRM ids as in the Gong fixture), Initech with none open."""
    with engine.begin() as conn:
        ids = {"acme": conn.execute(partners.insert().values(
            source_system="csv", external_id="P-1", name="Acme Cloud", type="reseller", domain="acme-cloud.com",
        ).returning(partners.c.id)).scalar_one()}
        for key, external_id, name, domain in (("globex", "0015g00000GLOBEX", "Globex", "globex.com"),
                                               ("initech", "0015g00000INITECH", "Initech", "initech.io")):
            ids[key] = conn.execute(accounts.insert().values(
                source_system="salesforce", external_id=external_id, name=name, domain=domain,
            ).returning(accounts.c.id)).scalar_one()
        ids["globex_open"] = _deal(conn, ids["globex"], "0065g00000GLOBEXOPP", "open", date(2026, 1, 5))
        ids["globex_won"] = _deal(conn, ids["globex"], "0065g00000GLOBEXOLD", "won", date(2025, 1, 5))
        seed_partner_trackers(conn, "test", NOW)
    return ids


def _deal(conn: object, account_id: int, external_id: str, outcome: str, created_on: date) -> int:
    values = {"source_system": "salesforce", "external_id": external_id, "account_id": account_id,
              "name": external_id, "amount_minor": 12_000_000, "currency": "USD", "stage": outcome,
              "outcome": outcome, "created_on": created_on}
    return int(conn.execute(opportunities.insert().values(values).returning(opportunities.c.id)).scalar_one())  # type: ignore[attr-defined]


def catalog(engine: Engine, match_engine: MatchEngine = "auto") -> TrackerCatalog:
    with engine.connect() as conn:
        return compile_catalog(all_trackers(conn), match_engine)


def fixture_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "conversations"
    # The shapes and the measured corpus have tests of their own.
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("shapes", "corpus", "corpus-*"))
    return folder

"""Import test kit: sample exports and a database (SQLite and PostgreSQL via `engine`) with files in tmp_path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from partnerops.ingest.options import ImportOptions, ImportSummary
from partnerops.ingest.service import import_file
from partnerops.store.tables import quarantine

ACCOUNTS = ("id,name,domain,segment,region,country\n"
            "A1,Acme,acme.com,Enterprise,EMEA,DE\nA2,Beta,beta.io,SMB,NA,US\n")
DEALS = "id,account_id,name,amount,currency,stage,created_on,closed_on,expected_close_on,lead_source\n"
PARTNERS = ("id,name,type,tier,stage,domain,owner,joined_on\n"
            "P1,Cloudy,technology,gold,co_sell,cloudy.io,Ann,2025-01-02\n")


@dataclass
class ImportBench:
    engine: Engine
    folder: Path

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def load(self, path: Path, kind: str, fmt: str = "generic", **options: Any) -> ImportSummary:
        return import_file(self.engine, path, kind, fmt, ImportOptions(**options))

    def load_text(self, name: str, content: str | bytes, kind: str, fmt: str = "generic",
                  **options: Any) -> ImportSummary:
        return self.load(self.write(name, content), kind, fmt, **options)

    def rows(self, table: str, order: str = "id") -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(text(f"select * from {table} order by {order}"))]

    def quarantined(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            query = select(quarantine).order_by(quarantine.c.id)
            return [dict(r._mapping) for r in conn.execute(query)]

    def with_accounts(self) -> ImportBench:
        self.load_text("accounts.csv", ACCOUNTS, "accounts")
        return self



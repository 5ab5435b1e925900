"""A partner's account list uploaded from the portal, imported exactly as `partnerops mapping import` imports a
file (same validation, quarantine and messages) and matched against our accounts afterwards.

The upload is written under its own name in a private temporary folder for the import, so every message names
the file the partner chose; the folder is gone when the import ends."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from partnerops.domain.roles import Principal
from partnerops.ingest.errors import ImportFailed
from partnerops.ingest.options import ImportSummary
from partnerops.mapping.errors import MappingError
from partnerops.mapping.matching import MatchRun, run_matching
from partnerops.mapping.partner_lists import import_partner_list, partner_by_id
from partnerops.store.tables import quarantine
from partnerops.web.upload_files import Upload

__all__ = ["LIST_LIMIT", "ListUpload", "import_uploaded_list"]

# Under the app's 10 MB bound on any request body (api.hardening); a larger list goes through the CLI.
LIST_LIMIT = 9 * 1024 * 1024
# The quarantined rows listed on the page; the rest are counted.
SHOWN_ROWS = 200


@dataclass(frozen=True)
class ListUpload:
    status: int
    filename: str
    error: str | None = None
    summary: ImportSummary | None = None
    quarantined: list[Any] = field(default_factory=list)
    matched: MatchRun | None = None


def import_uploaded_list(engine: Engine, principal: Principal, upload: Upload) -> ListUpload:
    assert principal.partner_id is not None, "only a partner's user uploads its list"
    name = _clean_name(upload.filename)
    if len(upload.content) > LIST_LIMIT:
        return ListUpload(413, name, f"{name} is larger than the limit of {LIST_LIMIT // 1_048_576} MB")
    with engine.connect() as conn:
        owner = partner_by_id(conn, principal.partner_id)
    with tempfile.TemporaryDirectory(prefix="partner-list-") as folder:
        path = Path(folder) / name
        path.write_bytes(upload.content)
        try:
            summary = import_partner_list(engine, path, f"{owner.source_system}:{owner.external_id}",
                                          actor=principal.email)  # fmt: skip
        except (ImportFailed, MappingError) as exc:
            return ListUpload(400, name, str(exc).replace(f"{folder}/", ""))
    summary.file = Path(name)
    rows = _quarantined(engine, summary.batch_id)
    if summary.rows_read == 0 or summary.all_quarantined:
        return ListUpload(400, name, _nothing_landed(summary), summary, rows)
    return ListUpload(200, name, None, summary, rows, run_matching(engine, principal.partner_id))


def _nothing_landed(summary: ImportSummary) -> str:
    if summary.rows_read == 0:
        return f"{summary.file}: no rows to import"
    return f"{summary.file}: every one of its {summary.rows_read} rows was quarantined, nothing was imported"


def _quarantined(engine: Engine, batch_id: int | None) -> list[Any]:
    """This upload's quarantined rows (the partner's own file), first rows first."""
    if batch_id is None:
        return []
    q = quarantine.c
    query = (select(q.row_number, q.field, q.value, q.reason, q.severity).where(q.batch_id == batch_id)
             .order_by(q.row_number, q.id).limit(SHOWN_ROWS))  # fmt: skip
    with engine.connect() as conn:
        return list(conn.execute(query))


def _clean_name(filename: str) -> str:
    """The file's own name without folders or characters a file name cannot hold."""
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = re.sub(r"[\x00-\x1f\x7f:*?\"<>|]", "", base).strip(" .")
    return cleaned[:120] or "accounts.csv"

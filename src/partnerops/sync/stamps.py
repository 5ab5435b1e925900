"""Modification stamps as each CRM writes them, and the window a sync reads from: the cursor less the overlap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def parse_stamp(text: str) -> datetime:
    """Salesforce `2026-03-02T10:15:00.000+0000`, HubSpot `2026-03-02T10:15:00.123Z`, or epoch milliseconds."""
    if text.isdigit():
        return EPOCH + timedelta(milliseconds=int(text))
    cleaned = text.replace("Z", "+00:00")
    if len(cleaned) > 5 and cleaned[-5] in "+-" and cleaned[-3] != ":":
        cleaned = f"{cleaned[:-2]}:{cleaned[-2:]}"
    return datetime.fromisoformat(cleaned).astimezone(UTC)


def window_start(cursor: str | None, overlap_seconds: int) -> datetime | None:
    """Where the next read starts: None (from the beginning) without a cursor."""
    if cursor is None:
        return None
    return parse_stamp(cursor) - timedelta(seconds=overlap_seconds)


def later(first: str | None, second: str | None) -> str | None:
    if first is None or second is None:
        return first or second
    return first if parse_stamp(first) >= parse_stamp(second) else second


def soql_datetime(moment: datetime) -> str:
    """A SOQL dateTime literal (no fraction, UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_ms(moment: datetime) -> int:
    return int((moment - EPOCH).total_seconds() * 1000)

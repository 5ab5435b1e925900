"""Recording a click on a partner's referral link (`/r/PARTNER`) and where the visitor goes next.

Nothing personal is kept in clear: the visitor's address and browser are stored as keyed hashes (HMAC-SHA256 with
the installation's key), the referring page without its query string or fragment (where e-mails and tokens hide).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Engine, insert

from partnerops.referrals.visitor_key import visitor_key
from partnerops.store.portal_tables import referral_clicks
from partnerops.store.record_refs import RecordRef, UnknownRecord, find_record

__all__ = ["CODE_PATTERN", "Click", "Visitor", "landing_url", "record_click"]

# A click's code as the referral site receives it and as a lead or deal carries it back (e.g. in its lead source).
CODE_PATTERN = re.compile(r"rc-[0-9a-f]{16}")
REFERER_LIMIT = 500


@dataclass(frozen=True)
class Visitor:
    """What the request says about the visitor: kept only hashed (address, browser) or trimmed (referer)."""

    address: str
    user_agent: str
    referer: str | None


@dataclass(frozen=True)
class Click:
    code: str
    partner: RecordRef
    clicked_at: datetime


def record_click(engine: Engine, partner_ref: str, visitor: Visitor, now: datetime | None = None) -> Click:
    """Store one click on the link of the partner named `partner_ref` (its external id). Raises UnknownRecord when
    no live partner answers to it."""
    now = now or datetime.now(UTC)
    code = f"rc-{secrets.token_hex(8)}"
    with engine.begin() as conn:
        partner = find_record(conn, "partner", partner_ref)
        if partner.deleted:
            raise UnknownRecord("partner", partner_ref)
        key = visitor_key(conn)
        conn.execute(insert(referral_clicks).values(
            code=code, partner_id=partner.id, clicked_at=now, visitor_hash=_keyed(key, visitor.address),
            user_agent_hash=_keyed(key, visitor.user_agent), referer=_trimmed(visitor.referer),
        ))  # fmt: skip
    return Click(code, partner, now)


def landing_url(site: str, click: Click) -> str:
    """`site` with the partner's external id and the click's code added to its query."""
    parts = urlsplit(site)
    query = [*parse_qsl(parts.query, keep_blank_values=True), ("partner", click.partner.external_id),
             ("click", click.code)]  # fmt: skip
    return urlunsplit(parts._replace(query=urlencode(query)))


def _keyed(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _trimmed(referer: str | None) -> str | None:
    """The referring page without query string, fragment or credentials, at most REFERER_LIMIT characters."""
    if not referer:
        return None
    try:
        parts = urlsplit(referer.strip())
        host = f"{parts.hostname}:{parts.port}" if parts.port else parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    return urlunsplit((parts.scheme, host, parts.path, "", ""))[:REFERER_LIMIT]

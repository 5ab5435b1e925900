"""A record's version as the API shows it (ETag) and checks it (If-Match): a digest of every stored column, so
any change by anyone (an import, a page, another call) makes an older version stale."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

__all__ = ["version_of"]


def version_of(row: Mapping[str, Any]) -> str:
    text = "\x1f".join(f"{name}={row[name]!s}" for name in sorted(row))
    return hashlib.sha256(text.encode()).hexdigest()[:32]

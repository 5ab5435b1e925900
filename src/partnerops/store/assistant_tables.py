"""Program documents, their passages and the assistant's exchange log."""

from __future__ import annotations

from partnerops.store.tables import metadata

__all__ = ["metadata"]

"""An offer's statuses and the moves between them."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["OPEN", "OfferStatus"]


class OfferStatus(StrEnum):
    PROPOSED = "proposed"  # made through an agent: a partner manager confirms it before the partner sees it
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


# Still waiting for someone (the partial unique index of routing_offers holds one of these per lead and partner).
OPEN = (OfferStatus.PROPOSED, OfferStatus.OFFERED)

"""Shared parameter types: ids fit the database's 32-bit integer keys, so a wild id is a 422, not a crash.
Partners, accounts and opportunities are named as users name them (external id, SYSTEM:ID or exact name)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query
from pydantic import Field

__all__ = [
    "MAX_ID",
    "MAX_REF",
    "AccountFilter",
    "IdFilter",
    "OpportunityFilter",
    "OpportunityRef",
    "PartnerFilter",
    "PartnerRef",
    "RecordId",
    "RefIn",
]

MAX_ID = 2**31 - 1
MAX_REF = 300

RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID)]

_NAMED = "external id ({example}), SYSTEM:ID, or exact name"
PartnerRef = Annotated[
    str, Path(min_length=1, max_length=MAX_REF, description="The partner's " + _NAMED.format(example="PRT-38099") + ".")
]
OpportunityRef = Annotated[
    str, Path(min_length=1, max_length=MAX_REF, description="The opportunity's " + _NAMED.format(example="006A1") + ".")
]
PartnerFilter = Annotated[str | None, Query(min_length=1, max_length=MAX_REF,
                                            description="Only this partner: its " + _NAMED.format(example="PRT-38099")
                                            + ".")]  # fmt: skip
AccountFilter = Annotated[str | None, Query(min_length=1, max_length=MAX_REF,
                                            description="Only this account: its " + _NAMED.format(example="001A1")
                                            + ".")]  # fmt: skip
OpportunityFilter = Annotated[str | None, Query(min_length=1, max_length=MAX_REF,
                                                description="Only this opportunity: its "
                                                + _NAMED.format(example="006A1") + ".")]  # fmt: skip
# A partner, account or opportunity named in a request body.
RefIn = Annotated[str, Field(min_length=1, max_length=MAX_REF, description=_NAMED.format(example="PRT-38099"))]

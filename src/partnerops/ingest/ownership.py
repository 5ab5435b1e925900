"""Who owns each field of an imported kind. The source system (the CRM) owns most: a re-import applies the file's
value. A shared field may be changed on both sides: a re-import applies the file's value only where the file
changed it since the last import, and records a conflict where PartnerOps changed it too (store/three_way.py).
Records made in PartnerOps (claimed touches, registrations) are PartnerOps's alone: no import writes them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from partnerops.ingest.kinds import KINDS, KindSpec
from partnerops.store.three_way import shared_fields

__all__ = ["PARTNEROPS_RECORDS", "FieldOwner", "Owner", "field_owners", "owner_of", "unbacked_shared_fields"]


class Owner(StrEnum):
    SOURCE = "source"
    SHARED = "shared"
    PARTNEROPS = "partnerops"


@dataclass(frozen=True)
class FieldOwner:
    kind: str
    field: str
    owner: Owner


# What no import touches: decisions and records made here.
PARTNEROPS_RECORDS = (
    FieldOwner("registrations", "every field (submissions, approvals, rejections, extensions)", Owner.PARTNEROPS),
    FieldOwner("touches", "every field of a touch claimed or proposed in PartnerOps", Owner.PARTNEROPS),
)


def owner_of(spec: KindSpec, field: str) -> Owner:
    return Owner.SHARED if field in spec.shared else Owner.SOURCE


def field_owners(kinds: Iterable[KindSpec] | None = None) -> list[FieldOwner]:
    """Every imported field of `kinds` (all kinds by default) with its owner, then the records PartnerOps owns."""
    specs = list(KINDS.values()) if kinds is None else list(kinds)
    imported = [FieldOwner(spec.name, f.name, owner_of(spec, f.name)) for spec in specs for f in spec.fields]
    named = {spec.name for spec in specs}
    return imported + [row for row in PARTNEROPS_RECORDS if kinds is None or row.kind in named]


def unbacked_shared_fields(specs: Iterable[KindSpec] | None = None) -> list[str]:
    """`kind.field` of each field a kind declares shared without the `_as_imported` column the merge needs, or
    with the column but not declared shared: either way the two sides would disagree on who owns it."""
    mismatched: list[str] = []
    for spec in KINDS.values() if specs is None else specs:
        columns = [spec.field(name).column for name in spec.field_names]
        backed = set(shared_fields(spec.table, columns))
        declared = {spec.field(name).column for name in spec.shared}
        mismatched += [f"{spec.name}.{name}" for name in sorted(backed ^ declared)]
    return mismatched

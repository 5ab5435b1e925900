"""A connection's field mapping: a versioned YAML file naming the CRM objects read into each kind of record, the
import settings they land with, and the CRM fields attribution is written to. Defaults ship in sync/mappings/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from partnerops.sync.errors import MappingInvalid

DEFAULTS = Path(__file__).parent / "mappings"
KINDS = ("accounts", "partners", "opportunities", "touches", "stage_history", "line_items", "rates")
PUSHED = ("tier", "sourcing_partner", "partners", "explanation")
IMPORT_SECTIONS = ("stages", "roles", "currency")
# sync_cursors.object holds at most this many characters.
CURSOR_NAME = 64


@dataclass(frozen=True)
class PulledObject:
    """One CRM object read into one kind of record; `where` (SOQL) or `filters` (HubSpot search) narrow it."""

    kind: str
    object: str
    fields: tuple[str, ...]
    where: str | None = None
    filters: tuple[dict[str, str], ...] = ()
    columns: dict[str, str] = field(default_factory=dict)
    associations: str | None = None
    # HubSpot deals: read each changed deal's stage history with it.
    stage_history: bool = False
    # Salesforce touches from a partner lookup on the opportunity (Partner__c), with the role they are typed by.
    partner_field: str | None = None
    role: str | None = None

    @property
    def cursor(self) -> str:
        """The name its cursor is kept under: its kind, or more where another object of the mapping reads the same
        kind (a partner field beside OpportunityPartner)."""
        return self.kind if self.partner_field is None else f"{self.kind}:{self.object}.{self.partner_field}"


@dataclass(frozen=True)
class PushFields:
    object: str
    fields: dict[str, str]


@dataclass(frozen=True)
class FieldMapping:
    path: str
    version: str
    objects: tuple[PulledObject, ...]
    overlap_seconds: int = 300
    bulk_threshold: int = 10_000
    settings: dict[str, Any] = field(default_factory=dict)
    push: PushFields | None = None
    # The stage approved registrations' deals are created in, in the CRM; None: they are not created there.
    create_registered_in_stage: str | None = None
    # The alert rule whose destinations hear when the connection's scheduled sync starts failing.
    alert_rule: str | None = None


def default_mapping_path(crm: str) -> Path:
    return DEFAULTS / f"{crm}.yaml"


def load_mapping(path: Path) -> FieldMapping:
    """Read and check a mapping file; MappingInvalid names the entry and what is wrong with it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MappingInvalid(str(path), "file", f"cannot read it: {exc}") from exc
    where = str(path)
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("objects"), list):
        raise MappingInvalid(where, "top level", "needs `version:` and a list of `objects:`")
    objects = tuple(_pulled(where, i, item) for i, item in enumerate(data["objects"], start=1))
    settings = data.get("import") or {}
    unknown = set(settings) - set(IMPORT_SECTIONS)
    if unknown:
        raise MappingInvalid(where, "import", f"unknown setting(s) {', '.join(sorted(unknown))}; "
                             f"known: {', '.join(IMPORT_SECTIONS)}")
    stage = (data.get("registrations") or {}).get("create_in_stage")
    return FieldMapping(where, str(data["version"]), objects, int(data.get("overlap_seconds", 300)),
                        int(data.get("bulk_threshold", 10_000)), dict(settings), _push(where, data.get("push")),
                        str(stage) if stage else None, str(data["alert_rule"]) if data.get("alert_rule") else None)


def _pulled(where: str, number: int, item: Any) -> PulledObject:
    place = f"objects[{number}]"
    if not isinstance(item, dict) or not item.get("object") or not item.get("fields"):
        raise MappingInvalid(where, place, "each object needs `kind:`, `object:` and `fields:`")
    if item.get("kind") not in KINDS:
        raise MappingInvalid(where, f"{place}.kind", f"{item.get('kind')!r} is not one of {', '.join(KINDS)}")
    if item.get("partner_field") and (item.get("kind") != "touches" or not item.get("role")):
        raise MappingInvalid(where, f"{place}.partner_field", "is read into touches and needs a `role:`")
    if len(f"touches:{item['object']}.{item.get('partner_field') or ''}:deleted") > CURSOR_NAME:
        raise MappingInvalid(where, f"{place}.partner_field", f"{item.get('partner_field')!r} with its object "
                             f"makes a cursor name over {CURSOR_NAME} characters")
    filters = tuple({str(k): str(v) for k, v in f.items()} for f in item.get("filters") or ())
    return PulledObject(item["kind"], str(item["object"]), tuple(str(f) for f in item["fields"]),
                        item.get("where"), filters, {str(k): str(v) for k, v in (item.get("columns") or {}).items()},
                        item.get("associations"), bool(item.get("stage_history")), item.get("partner_field"),
                        item.get("role"))


def _push(where: str, section: Any) -> PushFields | None:
    if not section:
        return None
    fields = section.get("fields") or {}
    unknown = set(fields) - set(PUSHED)
    if unknown or not section.get("object"):
        raise MappingInvalid(where, "push", f"needs `object:` and `fields:` among {', '.join(PUSHED)}")
    return PushFields(str(section["object"]), {str(k): str(v) for k, v in fields.items()})

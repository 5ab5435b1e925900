"""Which header holds which field: format defaults, a YAML mapping file and --map flags, checked
against the file's header before any row is read."""

from __future__ import annotations

from pathlib import Path

import yaml

from partnerops.domain.enums import Outcome, TouchType
from partnerops.ingest.errors import InvalidOption, MissingColumns
from partnerops.ingest.formats import PSEUDO_FIELDS, Format
from partnerops.ingest.kinds import DERIVABLE, KindSpec
from partnerops.ingest.options import ImportOptions


def parse_pairs(pairs: list[str], what: str) -> dict[str, str]:
    """`field=Header` flags as a dict; the header may itself contain '='."""
    result: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidOption(Path(pair), what, f"{what} expects NAME=VALUE, got {pair!r}")
        result[name.strip()] = value.strip()
    return result


def load_mapping_file(path: Path) -> dict[str, dict[str, str]]:
    """A YAML file with up to four sections: `columns:` (field: header), `stages:` (stage: outcome),
    `roles:` (Salesforce OpportunityPartner role: touch type) and `links:` (marketplace buyer or reseller: id)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidOption(path, "mapping", f"cannot read the mapping file: {exc}") from exc
    if not isinstance(data, dict) or set(data) - {"columns", "stages", "roles", "links"}:
        raise InvalidOption(path, "mapping", "a mapping file has only `columns:`, `stages:`, `roles:` and `links:`")
    sections = {name: {str(k): str(v) for k, v in (data.get(name) or {}).items()} for name in data}
    _check_values(path, sections.get("stages", {}), {o.value for o in Outcome}, "stages")
    _check_values(path, sections.get("roles", {}), {t.value for t in TouchType}, "roles")
    return sections


def _check_values(path: Path, section: dict[str, str], allowed: set[str], name: str) -> None:
    for key, value in section.items():
        if value not in allowed:
            raise InvalidOption(path, name, f"{name}: {key!r} maps to {value!r}, which is not one of "
                                f"{', '.join(sorted(allowed))}")


def resolve_columns(file: Path, header: list[str], spec: KindSpec, fmt: Format,
                    options: ImportOptions) -> dict[str, str]:
    """field -> header for every field found; raises MissingColumns naming each required one absent."""
    _check_mapped_fields(file, spec, fmt, options)
    by_folded = {name.strip().casefold(): name for name in header}
    found: dict[str, str] = {}
    missing: dict[str, str] = {}
    for field in (*spec.field_names, *_pseudo(fmt, spec.name)):
        wanted = (options.columns[field],) if field in options.columns else fmt.candidates(spec.name, field)
        hit = next((by_folded[w.strip().casefold()] for w in wanted if w.strip().casefold() in by_folded), None)
        if hit is not None:
            found[field] = hit
        elif field in options.columns or _needs_column(spec, field, options):
            missing[field] = wanted[0]
    for field in list(missing):
        if any(stand_in in found for stand_in in fmt.stand_ins(spec.name, field)):
            del missing[field]
    if missing:
        raise MissingColumns(file, spec.name, missing)
    return found


def _pseudo(fmt: Format, kind: str) -> tuple[str, ...]:
    return tuple(f for f in fmt.extra_fields(kind) if f in PSEUDO_FIELDS)


def _needs_column(spec: KindSpec, field: str, options: ImportOptions) -> bool:
    if field in PSEUDO_FIELDS or not spec.field(field).required:
        return False
    if field == "currency" and spec.name == "opportunities":
        return options.currency is None
    return field not in DERIVABLE.get(spec.name, frozenset())


def _check_mapped_fields(file: Path, spec: KindSpec, fmt: Format, options: ImportOptions) -> None:
    known = set(spec.field_names) | set(_pseudo(fmt, spec.name))
    for field in options.columns:
        if field not in known:
            raise InvalidOption(file, field, f"--map {field}=...: {spec.name} have no field {field!r}; "
                                f"fields are {', '.join(sorted(known))}")

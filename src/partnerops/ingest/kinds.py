"""The record kinds an import can load: their fields, how each is parsed, and where it is stored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from partnerops.domain.enums import LifecycleStage, Outcome, PartnerType, TouchStatus, TouchType
from partnerops.store import tables


@dataclass(frozen=True)
class Field:
    """One canonical field; `parse` names the validator: text, date, amount, currency, country, domain,
    rate, enum or ref (a reference to another kind's external id)."""

    name: str
    parse: str = "text"
    required: bool = False
    values: tuple[str, ...] = ()
    ref: str | None = None

    @property
    def column(self) -> str:
        return {"id": "external_id", "amount": "amount_minor"}.get(self.name, self.name)


@dataclass(frozen=True)
class KindSpec:
    name: str
    table: Table
    fields: tuple[Field, ...]
    key: tuple[str, ...] = ("source_system", "external_id")
    # Fields both the source and PartnerOps may change: a re-import applies the file's value only where the
    # file changed it since the last import (the table keeps `<field>_as_imported` for that).
    shared: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def keyed_by_source(self) -> bool:
        return self.key == ("source_system", "external_id")


def _enum(name: str, values: type, required: bool = False) -> Field:
    return Field(name, "enum", required, tuple(v.value for v in values))  # type: ignore[attr-defined]


KINDS: dict[str, KindSpec] = {
    "partners": KindSpec("partners", tables.partners, (
        Field("id", required=True), Field("name", required=True), _enum("type", PartnerType, True),
        Field("tier"), _enum("stage", LifecycleStage), Field("domain", "domain"), Field("owner"),
        Field("joined_on", "date"),
    ), shared=("type", "tier", "stage", "domain", "owner")),
    "accounts": KindSpec("accounts", tables.accounts, (
        Field("id", required=True), Field("name", required=True), Field("domain", "domain"),
        Field("segment"), Field("region"), Field("country", "country"), Field("parent_id"), Field("aliases"),
    )),
    "opportunities": KindSpec("opportunities", tables.opportunities, (
        Field("id", required=True), Field("account_id", "ref", True, ref="accounts"),
        Field("name", required=True), Field("amount", "amount"), Field("currency", "currency", True),
        Field("stage", required=True), _enum("outcome", Outcome, True), Field("created_on", "date", True),
        Field("closed_on", "date"), Field("expected_close_on", "date"), Field("lead_source"),
        Field("owner"), Field("owner_team"), Field("deal_type"),
    )),
    "touches": KindSpec("touches", tables.touches, (
        Field("id"), Field("partner_id", "ref", True, ref="partners"),
        Field("opportunity_id", "ref", True, ref="opportunities"), _enum("type", TouchType, True),
        Field("touched_on", "date", True), Field("actor"), Field("evidence"),
        _enum("status", TouchStatus, True),
    ), shared=("status",)),
    "rates": KindSpec("rates", tables.currency_rates, (
        Field("currency", "currency", True), Field("quote_currency", "currency", True),
        Field("valid_on", "date", True), Field("rate", "rate", True),
    ), key=("currency", "quote_currency", "valid_on")),
}

# Fields a file may leave out because the import fills them in (from the stage, an option or a hash).
DERIVABLE: dict[str, frozenset[str]] = {
    "opportunities": frozenset({"outcome", "currency"}),
    "touches": frozenset({"id", "status"}),
}


def _merge_feature_kinds() -> None:
    """The feature areas declare their own kinds beside these (imported here, after `KindSpec` exists)."""
    from partnerops.ingest import (
        kinds_commissions,
        kinds_crm,
        kinds_ecosystem,
        kinds_history,
        kinds_mapping,
        kinds_marketplaces,
        kinds_program,
        kinds_recruiting,
    )

    for feature in (kinds_mapping, kinds_commissions, kinds_program, kinds_crm, kinds_history, kinds_ecosystem,
                    kinds_marketplaces, kinds_recruiting):
        KINDS.update(feature.KINDS)
        DERIVABLE.update(feature.DERIVABLE)


_merge_feature_kinds()


def kind_spec(kind: str) -> KindSpec:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}") from None

"""Who owns each field: the CRM's fields, the shared fields both sides may change, and PartnerOps's records."""

from __future__ import annotations

from sqlalchemy import Column, MetaData, String, Table

from partnerops.ingest.kinds import KINDS, Field, KindSpec
from partnerops.ingest.ownership import Owner, field_owners, owner_of, unbacked_shared_fields


def test_the_documented_shared_fields_are_the_partner_profile_and_the_touch_status() -> None:
    shared = {(row.kind, row.field) for row in field_owners() if row.owner is Owner.SHARED}
    assert shared == {("partners", f) for f in ("type", "tier", "stage", "domain", "owner")} | {("touches", "status")}


def test_amounts_stages_and_dates_belong_to_the_crm() -> None:
    deals = KINDS["opportunities"]
    assert {owner_of(deals, f) for f in ("amount", "stage", "created_on", "closed_on", "outcome")} == {Owner.SOURCE}


def test_registrations_and_touches_made_here_are_partneropss_alone() -> None:
    mine = [row.kind for row in field_owners() if row.owner is Owner.PARTNEROPS]
    assert mine == ["registrations", "touches"]


def test_the_owners_of_one_kind_list_each_of_its_fields_once() -> None:
    rows = field_owners([KINDS["touches"]])
    imported = [row.field for row in rows if row.owner is not Owner.PARTNEROPS]
    assert imported == list(KINDS["touches"].field_names)


def test_every_shared_field_has_the_column_the_merge_needs_and_no_other_does() -> None:
    assert unbacked_shared_fields() == []


def test_a_shared_field_without_its_imported_value_column_is_named() -> None:
    table = Table("widgets", MetaData(), Column("id", String), Column("colour", String),
                  Column("size", String), Column("size_as_imported", String))  # fmt: skip
    spec = KindSpec("widgets", table, (Field("id"), Field("colour"), Field("size")), shared=("colour",))
    assert unbacked_shared_fields([spec]) == ["widgets.colour", "widgets.size"]

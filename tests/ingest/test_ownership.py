"""Who owns each field: the CRM's fields, the shared fields both sides may change, and PartnerOps's records; and
the rule at work: decisions made here survive any re-import of an unchanged export."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, select, update

from ingest.reimport_exports import import_whole_export
from partnerops.domain.roles import Principal, Role
from partnerops.ingest.kinds import KINDS, Field, KindSpec
from partnerops.ingest.ownership import Owner, field_owners, owner_of, unbacked_shared_fields
from partnerops.store.conflict_tables import import_conflicts
from partnerops.store.tables import audit_log, partners, touches
from partnerops.touches.errors import SameStatus
from partnerops.touches.review import confirm_touch, reject_touch


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


# Values a correction made here may give each shared partner field (type is required, so never emptied).
CORRECTIONS = {
    "type": ("technology", "si", "reseller"), "tier": ("gold", "platinum", None),
    "stage": ("enable", "co_sell", "review"), "domain": ("cloudy.io", "renamed.example", None),
    "owner": ("Ann Lee", "Cy Park", None),
}  # fmt: skip
SALES = Principal(user_id=1, email="sales@partnerops.test", role=Role.SALES)
touch_decisions = st.lists(st.tuples(st.sampled_from(["T1", "T2", "T3"]), st.sampled_from(["confirm", "reject"])))
partner_corrections = st.lists(st.tuples(
    st.sampled_from(["P1", "P2"]),
    st.sampled_from(sorted(CORRECTIONS)).flatmap(lambda f: st.tuples(st.just(f), st.sampled_from(CORRECTIONS[f]))),
))  # fmt: skip


@pytest.fixture
def imported(engine: Engine) -> Engine:
    import_whole_export(engine)
    return engine


def _decide(conn: Connection, external_id: str, decision: str) -> None:
    touch_id = conn.execute(select(touches.c.id).where(touches.c.external_id == external_id)).scalar_one()
    with contextlib.suppress(SameStatus):
        (confirm_touch if decision == "confirm" else reject_touch)(conn, SALES, touch_id, "property test")


def _records(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every stored value of partners and touches (their `_as_imported` too), the audit log and the conflicts."""
    with engine.connect() as conn:
        tables = {t.name: conn.execute(select(*(c for c in t.c if not c.name.endswith("_at"))).order_by(t.c.id))
                  for t in (partners, touches, audit_log, import_conflicts)}  # fmt: skip
        return {name: [tuple(row) for row in rows] for name, rows in tables.items()}


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(decisions=touch_decisions, corrections=partner_corrections)
def test_any_decisions_made_here_survive_a_reimport_of_the_unchanged_export(
    imported: Engine, decisions: list[tuple[str, str]], corrections: list[tuple[str, tuple[str, str | None]]]
) -> None:
    with imported.begin() as conn:
        for external_id, decision in decisions:
            _decide(conn, external_id, decision)
        for external_id, (field, value) in corrections:
            conn.execute(update(partners).where(partners.c.external_id == external_id).values({field: value}))
    before = _records(imported)
    summaries = import_whole_export(imported)
    assert _records(imported) == before
    assert [(s.inserted, s.updated, s.quarantined) for s in summaries] == [(0, 0, 0)] * len(summaries)

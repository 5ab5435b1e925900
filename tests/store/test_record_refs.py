from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, insert

from partnerops.store.record_refs import AmbiguousRecord, UnknownRecord, find_record, record_ref
from partnerops.store.tables import partners


def _partner(conn, system: str, external_id: str, name: str, deleted: bool = False) -> None:
    conn.execute(insert(partners).values(source_system=system, external_id=external_id, name=name, type="reseller",
                                         deleted_at=datetime(2026, 1, 1, tzinfo=UTC) if deleted else None))


def test_a_partner_is_found_by_external_id_system_id_or_exact_name(engine: Engine) -> None:
    with engine.begin() as conn:
        _partner(conn, "salesforce", "PRT-1", "Northwind Traders")
        found = [find_record(conn, "partner", ref).external_id
                 for ref in ("PRT-1", "salesforce:PRT-1", "northwind traders", " PRT-1 ")]
    assert found == ["PRT-1"] * 4


def test_an_id_in_two_systems_asks_for_system_id_and_lists_them(engine: Engine) -> None:
    with engine.begin() as conn:
        _partner(conn, "salesforce", "P1", "Acme")
        _partner(conn, "hubspot", "P1", "Acme Hub")
        with pytest.raises(AmbiguousRecord, match=r"salesforce:P1, hubspot:P1"):
            find_record(conn, "partner", "P1")
        assert find_record(conn, "partner", "hubspot:P1").name == "Acme Hub"


def test_a_live_record_wins_over_a_deleted_one_with_the_same_name(engine: Engine) -> None:
    with engine.begin() as conn:
        _partner(conn, "crm", "OLD", "Globex", deleted=True)
        _partner(conn, "crm", "NEW", "Globex")
        assert find_record(conn, "partner", "Globex").external_id == "NEW"


def test_an_unknown_name_says_where_valid_ones_are_listed(engine: Engine) -> None:
    with engine.begin() as conn:
        with pytest.raises(UnknownRecord, match="partnerops partners"):
            find_record(conn, "partner", "17")
        _partner(conn, "crm", "X", "Initech")
        rid = find_record(conn, "partner", "X").id
        assert record_ref(conn, "partner", rid).label == "Initech (X)"

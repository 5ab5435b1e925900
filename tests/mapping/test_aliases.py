"""Aliases on SQLite and PostgreSQL: our accounts' and partners' other names match, and a confirmed match teaches
the partner's name to every later run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from mapping.mapping_kit import ACME_LIST, seed_world, write_csv
from partnerops.ingest.service import import_file
from partnerops.mapping.matching import MatchStatus, run_matching
from partnerops.mapping.partner_lists import import_partner_list
from partnerops.mapping.review import Decision, decide_match, list_matches
from partnerops.store.mapping_tables import account_aliases
from partnerops.store.tables import accounts


def _matched(engine: Engine, partner_id: int) -> set[tuple[str, str, str]]:
    with engine.connect() as conn:
        return {(m.their_name, m.our_name, m.tier) for m in list_matches(conn, partner_id)}


def test_a_former_name_on_the_partners_list_matches_our_account(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_csv(tmp_path / "bolt.csv", ["B1,Hooli XYZ Holdings,,customer,Umbrella Corporation; UMB"],
                       header="id,name,domain,status,Former names")
    import_partner_list(engine, listed, "P2", columns={"aliases": "Former names"})
    run_matching(engine, 2)
    assert _matched(engine, 2) == {("Hooli XYZ Holdings", "Umbrella Corporation", "alias")}


def test_an_alias_imported_with_our_accounts_matches_the_partners_name(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    ours = tmp_path / "accounts.csv"
    ours.write_text("id,name,aliases\nA5,Hooli,Nucleus Inc.;HOOL\n", encoding="utf-8")
    import_file(engine, ours, "accounts")
    listed = write_csv(tmp_path / "bolt.csv", ["B1,Nucleus,,customer", "B2,HOOL,,prospect"],
                       header="id,name,domain,status")
    import_partner_list(engine, listed, "P2")
    run_matching(engine, 2)
    assert _matched(engine, 2) == {("Nucleus", "Hooli", "alias"), ("HOOL", "Hooli", "alias")}
    with engine.connect() as conn:
        assert conn.execute(select(accounts.c.aliases).where(accounts.c.id == 5)).scalar_one() == "Nucleus Inc.;HOOL"


def test_a_confirmed_match_teaches_its_name_to_the_next_partners_run(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    import_partner_list(engine, write_csv(tmp_path / "acme.csv", ACME_LIST), "P1")
    run_matching(engine, 1)
    with engine.connect() as conn:
        (pending,) = list_matches(conn, 1, MatchStatus.PENDING)
    decide_match(engine, pending.id, Decision.CONFIRM, "ann")
    import_partner_list(engine, write_csv(tmp_path / "bolt.csv", ["B1,Umbrela Corp.,,customer"],
                                          header="id,name,domain,status"), "P2")
    run = run_matching(engine, 2)
    assert (run.by_tier["alias"], run.pending) == (1, 0)
    assert _matched(engine, 2) == {("Umbrela Corp.", "Umbrella Corporation", "alias")}
    with engine.connect() as conn:
        taught = conn.execute(select(account_aliases.c.alias, account_aliases.c.taught_by)).all()
    assert [tuple(t) for t in taught] == [("Umbrela Corp", "ann")]


def test_a_former_name_never_takes_an_account_a_current_name_matched(engine: Engine, tmp_path: Path) -> None:
    seed_world(engine)
    listed = write_csv(tmp_path / "bolt.csv", ["B1,Initech,,customer,", "B2,Trane Technologies,,customer,Initech"],
                       header="id,name,domain,status,aliases")
    import_partner_list(engine, listed, "P2")
    run_matching(engine, 2)
    assert _matched(engine, 2) == {("Initech", "Initech GmbH", "name")}

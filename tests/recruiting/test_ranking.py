"""Candidates are ranked by overlap with our targets, pipeline fit and similar partners' win rates, each part
recounted from the planted world, with its reasons in words."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from partnerops.ingest.service import import_file
from partnerops.recruiting.ranking import rank_candidates
from partnerops.store.recruiting_tables import candidate_customers, recruiting_candidates
from recruiting.recruiting_kit import import_candidates, plant


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> Engine:
    plant(engine)
    import_candidates(engine, tmp_path)
    return engine


def test_candidates_rank_by_overlap_fit_and_similar_partners(world: Engine) -> None:
    with world.connect() as conn:
        ranked = rank_candidates(conn, draws=50)
    assert [(r.rank, r.candidate.external_id) for r in ranked] == [(1, "C-ALPHA"), (2, "C-BETA"), (3, "C-GAMMA")]
    alpha, beta, gamma = ({p.name: p.share for p in r.parts} for r in ranked)
    # Alpha: 3 of 4 targets; 3 of 4 open deals in its segment and 3 in its region; resellers win 3 of 4.
    assert alpha == {"overlap": 0.75, "fit": 0.75, "similar": 0.75}
    assert beta == {"overlap": 0.25, "fit": 0.25, "similar": 0.5}
    assert gamma == {"overlap": 0.0, "fit": 0.0, "similar": 0.0}
    assert [r.score for r in ranked] == [0.75, 0.25 * 0.5 + 0.25 * 0.25 + 0.5 * 0.25, 0.0]


def test_each_part_gives_its_reason_with_the_figures(world: Engine) -> None:
    with world.connect() as conn:
        alpha, _, gamma = rank_candidates(conn, draws=50)
    assert alpha.reasons == (
        "overlap: 3 of our 4 target accounts are among its 5 customers (4 of them are our accounts)",
        "fit: 3 of our 4 open deals are in its segment (enterprise), 3 in its region (emea)",
        "similar partners: the 1 existing reseller partner wins 75% of their closed deals on average",
    )
    assert gamma.reasons[0] == "overlap: no customer list imported (import candidate_customers)"
    assert gamma.reasons[2] == "similar partners: no existing agency partner has a closed deal"


def test_importing_the_candidate_files_twice_changes_nothing(world: Engine, tmp_path: Path) -> None:
    again = import_file(world, tmp_path / "candidates.csv", "candidates")
    assert (again.inserted, again.updated) == (0, 0)
    with world.connect() as conn:
        counts = [conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for t in (recruiting_candidates, candidate_customers)]
    assert counts == [3, 6]


def test_a_bad_candidate_row_is_quarantined_naming_the_field(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "candidates.csv"
    path.write_text("id,name,type\nC-1,Good Co,reseller\nC-2,Bad Co,wizard\n")
    summary = import_file(engine, path, "candidates")
    assert (summary.inserted, summary.quarantined) == (1, 1)
    assert any("type" in p and "wizard" in p for p in summary.problems), summary.problems

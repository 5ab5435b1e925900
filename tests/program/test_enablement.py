"""Importing course and certification completions and PSAT answers: good rows land, bad rows are quarantined."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from partnerops.program.enablement import import_completions, import_psat, partner_completions
from partnerops.store.tables import quarantine
from program.program_kit import ACME, ACME_USER, MANAGER, seed_partners

COMPLETIONS = ("id,partner_id,course,kind,person,completed_on,expires_on\n"
               "C1,P-ACME,Admin basics,course,Ann,2026-01-10,\n"
               "C2,P-ACME,Certified Architect,certification,Ann,2026-02-01,2028-02-01\n"
               "C3,P-NOBODY,Admin basics,course,Ben,2026-01-10,\n"
               "C4,P-ACME,Admin basics,webinar,Cy,2026-01-10,\n"
               "C5,P-ACME,Admin basics,course,Di,10/13/2026x,\n")  # fmt: skip


def test_good_completions_land_bad_ones_are_quarantined_with_the_field(engine: Engine, tmp_path: Path) -> None:
    seed_partners(engine)
    path = tmp_path / "completions.csv"
    path.write_text(COMPLETIONS, encoding="utf-8")
    summary = import_completions(engine, path)
    again = import_completions(engine, path)
    with engine.connect() as c:
        shown = partner_completions(c, ACME_USER, ACME)
        kept = c.execute(select(quarantine.c.row_number, quarantine.c.field, quarantine.c.value, quarantine.c.reason)
                         .order_by(quarantine.c.row_number)).all()  # fmt: skip
    assert (summary.inserted, summary.quarantined) == (2, 3)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    assert [(s.course, s.kind, s.current(date(2026, 6, 1))) for s in shown] == [
        ("Certified Architect", "certification", True), ("Admin basics", "course", True)]
    assert [(row, fld, value) for row, fld, value, _ in kept] == [
        (4, "partner_id", "P-NOBODY"), (5, "kind", "webinar"), (6, "completed_on", "10/13/2026x")]
    assert "expected one of: course, certification" in kept[1].reason
    assert len(kept) == 3  # the second import added nothing to the quarantine


def test_a_psat_score_off_the_scale_is_quarantined(engine: Engine, tmp_path: Path) -> None:
    seed_partners(engine)
    path = tmp_path / "psat.csv"
    path.write_text("id,partner_id,responded_on,score,comment\nS1,P-ACME,2026-03-01,9,great\n"
                    "S2,P-ACME,2026-03-02,11,off the scale\n", encoding="utf-8")  # fmt: skip
    summary = import_psat(engine, path)
    assert (summary.inserted, summary.quarantined) == (1, 1)
    assert "row 3: score: unknown score '11'" in summary.problems[0]
    with engine.connect() as c:
        assert partner_completions(c, MANAGER, ACME) == []

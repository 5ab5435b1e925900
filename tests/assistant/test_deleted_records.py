"""The assistant answers from live records only: a deal deleted in the CRM is neither summed nor found, and a deal
whose amount is not known yet is counted and said to be."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from assistant.program_world import NOW, TODAY, Program
from partnerops.assistant.answers import SourceKind
from partnerops.assistant.service import ask
from partnerops.settings import Settings
from partnerops.store.tables import opportunities

SETTINGS = Settings(database_url="sqlite://", base_url="https://partners.example.com")


def _ask(program: Program, question: str):  # type: ignore[no-untyped-def]
    return ask(program.engine, program.alpha, question, SETTINGS, today=TODAY, now=NOW)


def _set(program: Program, deal: int, **values: object) -> None:
    with program.engine.begin() as connection:
        connection.execute(update(opportunities).where(opportunities.c.id == deal).values(**values))


def test_a_deleted_won_deal_leaves_the_answers(program: Program) -> None:
    _set(program, 1, deleted_at=datetime(2026, 3, 5, tzinfo=UTC))
    answer = _ask(program, "show my attributed pipeline and wins")
    assert "Won: no deals." in answer.text
    assert {s.record_id for s in answer.sources if s.kind is SourceKind.OPPORTUNITY} == {7}
    assert "#1 " not in _ask(program, "deal 1 status").text


def test_an_open_deal_without_an_amount_is_counted_and_said_to_be(program: Program) -> None:
    _set(program, 7, amount_minor=None)
    answer = _ask(program, "show my attributed pipeline and wins")
    assert "Open pipeline: 1 deal, amount not known yet (1 influence)." in answer.text
    assert "amount unknown" in _ask(program, "deal 7 status").text

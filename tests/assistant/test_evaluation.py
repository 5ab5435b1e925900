"""The labelled questions keep the assistant's answer accuracy and retrieval recall@5 above the floors measured
when it was built (bench/README-assistant.md: 88.9% and 96.2% on this small program)."""

from __future__ import annotations

from assistant.program_world import TODAY, Program
from partnerops.assistant.evaluation import document_questions, evaluate, record_questions
from partnerops.settings import Settings

ACCURACY_FLOOR = 0.85
RECALL_FLOOR = 0.9


def test_answer_accuracy_and_recall_at_5_stay_above_their_floors(sqlite_program: Program) -> None:
    settings = Settings(database_url="sqlite://")
    engine = sqlite_program.engine
    questions = document_questions(sqlite_program.alpha)
    for asker in (sqlite_program.alpha, sqlite_program.bravo):
        questions += record_questions(engine, asker, settings.base_url)
    result = evaluate(engine, questions, settings, TODAY)
    assert result.answered == 36 and result.retrieval_questions == 26
    assert result.accuracy >= ACCURACY_FLOOR, result.failures
    assert result.recall_at_5 >= RECALL_FLOOR, result.failures


def test_unanswerable_questions_are_answered_i_dont_know(sqlite_program: Program) -> None:
    unanswerable = [q for q in document_questions(sqlite_program.alpha) if not q.expected]
    result = evaluate(sqlite_program.engine, unanswerable, Settings(database_url="sqlite://"), TODAY)
    assert result.correct == len(unanswerable) == 4

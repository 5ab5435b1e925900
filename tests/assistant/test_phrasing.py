"""An optional language model phrases answers: it is sent only the asker's question and the facts already
scoped to the asker, and when it is down the composed answer stands. Tested against a real HTTP server."""

from __future__ import annotations

from assistant.chat_server import chat_server
from assistant.program_world import BRAVO_SECRETS, INJECTION, NOW, TODAY, Program
from partnerops.assistant.service import ask
from partnerops.settings import Settings


def _settings(url: str) -> Settings:
    return Settings(database_url="sqlite://", assistant_llm_url=url, assistant_llm_model="local-test",
                    assistant_llm_api_key="test-key")  # fmt: skip


def test_the_model_phrases_a_grounded_answer_and_keeps_its_sources(sqlite_program: Program) -> None:
    with chat_server() as server:
        answer = ask(sqlite_program.engine, sqlite_program.alpha, "deal 7 status", _settings(server.base_url),
                     today=TODAY, now=NOW)  # fmt: skip
    request = server.received[0]
    assert request["path"] == "/v1/chat/completions" and request["model"] == "local-test"
    assert request["authorization"] == "Bearer test-key"
    assert request["messages"][-1] == {"role": "user", "content": "deal 7 status"}
    assert answer.text.startswith("Phrased by the model.") and answer.phrased_by == "local-test"
    assert [s.record_id for s in answer.sources] == [7]


def test_the_model_never_receives_another_partners_data(sqlite_program: Program) -> None:
    questions = ["What changed since last week?", "deal 7 status", "show my attributed pipeline and wins",
                 "What is the status of Alpha Known Prospect?", "What is the status of Umbrella - Platform?",
                 f"status of registration {sqlite_program.bravo_registration}", "Can I see other partners' deals?",
                 "What are Bravo Systems' commissions?", INJECTION]  # fmt: skip
    with chat_server() as server:
        answers = [ask(sqlite_program.engine, sqlite_program.alpha, q, _settings(server.base_url), today=TODAY,
                       now=NOW) for q in questions]  # fmt: skip
    # The asker's own words go to the model as they are; everything else sent is the scoped facts.
    facts = "\n".join(str(body["messages"][:2]) for body in server.received)
    assert len(server.received) >= 5
    assert not [secret for secret in BRAVO_SECRETS if secret in facts]
    assert not [secret for secret in BRAVO_SECRETS for answer in answers if secret in answer.text]


def test_the_own_registration_note_with_injected_text_is_never_sent(sqlite_program: Program) -> None:
    with chat_server() as server:
        ask(sqlite_program.engine, sqlite_program.alpha, "What is the status of Alpha Known Prospect?",
            _settings(server.base_url), today=TODAY, now=NOW)  # fmt: skip
    assert INJECTION not in server.sent_text()


def test_an_unreachable_model_leaves_the_composed_answer(sqlite_program: Program) -> None:
    with chat_server() as server:
        url = server.base_url
    answer = ask(sqlite_program.engine, sqlite_program.alpha, "deal 7 status", _settings(url), today=TODAY, now=NOW)
    assert answer.text.startswith("Deal O7 Initech - Seats") and answer.phrased_by.startswith("templates")


def test_i_dont_know_is_not_sent_to_the_model(sqlite_program: Program) -> None:
    with chat_server() as server:
        answer = ask(sqlite_program.engine, sqlite_program.alpha, "What is the capital of France?",
                     _settings(server.base_url), today=TODAY, now=NOW)  # fmt: skip
    assert server.received == [] and answer.text.startswith("I don't know")

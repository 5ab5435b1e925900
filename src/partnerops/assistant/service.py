"""Asking the assistant: route the question, answer it within the asker's scope, phrase it if a language model
is configured, and log the exchange. The surfaces (CLI, API, pages) call `ask` and `recommend` only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from partnerops.assistant import changes, pipeline, program_answers, record_status
from partnerops.assistant.answers import Answer, Intent, Question, not_known
from partnerops.assistant.asker import Asker, asker_for
from partnerops.assistant.document_answers import from_documents
from partnerops.assistant.exchange_log import log_exchange
from partnerops.assistant.intents import route
from partnerops.assistant.phrasing import LanguageModel, phrase
from partnerops.assistant.recommend_answers import recommend_for_question
from partnerops.domain.roles import Principal
from partnerops.settings import Settings

Answerer = Callable[[Engine, Asker, Question], Answer]
MAX_QUESTION = 2_000

ANSWERERS: dict[Intent, Answerer] = {
    Intent.RECORD_STATUS: record_status.record_status,
    Intent.ATTRIBUTED: pipeline.attributed_pipeline,
    Intent.QUARTER_PIPELINE: pipeline.quarter_pipeline,
    Intent.CHANGES: changes.changes_since_last_week,
    Intent.COMMISSIONS: program_answers.commissions,
    Intent.DISPUTES: program_answers.disputes,
    Intent.MDF_BALANCE: program_answers.mdf_balance,
    Intent.TIER: program_answers.tier,
    Intent.REFERRAL_LINK: program_answers.referral_link,
    Intent.RECOMMEND: recommend_for_question,
    Intent.DOCUMENTS: from_documents,
}
# Questions about one partner's own business: staff have no partner of their own to answer them for.
PARTNER_ONLY = frozenset({Intent.ATTRIBUTED, Intent.QUARTER_PIPELINE, Intent.COMMISSIONS, Intent.DISPUTES,
                          Intent.MDF_BALANCE, Intent.TIER, Intent.REFERRAL_LINK})  # fmt: skip


class EmptyQuestion(ValueError):
    def __init__(self) -> None:
        super().__init__(f"ask a question of 1 to {MAX_QUESTION} characters")


def ask(engine: Engine, principal: Principal, question: str, settings: Settings, *, today: date | None = None,
        now: datetime | None = None) -> Answer:  # fmt: skip
    """The answer for `principal`, from its own records and the program documents; always logged."""
    text = question.strip()
    if not text or len(text) > MAX_QUESTION:
        raise EmptyQuestion()
    moment = now or datetime.now(UTC)
    with engine.connect() as conn:
        asker = asker_for(conn, principal, settings.mail_from)
    asked = Question(text, today or moment.date(), settings.base_url, settings.reporting_currency)
    answer = answer_for(engine, asker, asked)
    model = language_model(settings)
    if model is not None and answer.grounded:
        answer = phrase(answer, text, model)
    with engine.begin() as conn:
        log_exchange(conn, principal, text, answer, moment)
    return answer


def answer_for(engine: Engine, asker: Asker, question: Question) -> Answer:
    """The composed answer (no language model): scope is the asker's, applied inside every answerer."""
    intent = route(question.text)
    if intent in PARTNER_ONLY and not asker.is_partner:
        reason = "this question is about a partner's own business; ask it as the partner's user."
        return not_known(intent, reason, asker.contact)
    return ANSWERERS[intent](engine, asker, question)


def language_model(settings: Settings) -> LanguageModel | None:
    if not settings.assistant_llm_url:
        return None
    return LanguageModel(settings.assistant_llm_url, settings.assistant_llm_model, settings.assistant_llm_api_key)

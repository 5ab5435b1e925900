"""A manager's "which partners should I bring into deal 42?" answered with ranked partners and their reasons."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind, not_known
from partnerops.assistant.asker import Asker
from partnerops.assistant.intents import DEAL_NUMBER
from partnerops.assistant.recommend import OpportunityNotOpen, Recommendation, recommend_partners
from partnerops.assistant.scoped_records import visible_deals


def recommend_for_question(engine: Engine, asker: Asker, question: Question) -> Answer:
    if asker.is_partner:
        return not_known(Intent.RECOMMEND, "partner recommendations are for partner managers.", asker.contact)
    opportunity_id = _named_opportunity(engine, asker, question.text)
    if opportunity_id is None:
        return not_known(Intent.RECOMMEND, "name the open deal by its number (\"deal 42\") or its name.",
                         asker.contact)  # fmt: skip
    try:
        found = recommend_partners(engine, asker.principal, opportunity_id, question.currency)
    except OpportunityNotOpen as exc:
        return not_known(Intent.RECOMMEND, f"{exc}.", asker.contact)
    return recommendation_answer(opportunity_id, found)


def recommendation_answer(opportunity_id: int, found: list[Recommendation]) -> Answer:
    if not found:
        lines = [f"No partner has won deals like deal #{opportunity_id} yet (same segment, size, region or product)."]
    else:
        lines = [f"Partners to bring into deal #{opportunity_id}, best first:"] + [
            f"{n}. {r.partner} ({r.partner_type}, score {r.score}): " + "; ".join(r.reasons)
            for n, r in enumerate(found, start=1)
        ]
    sources = [Source(SourceKind.OPPORTUNITY, opportunity_id, f"Deal #{opportunity_id}")] + [
        Source(SourceKind.OPPORTUNITY, deal, f"Similar won deal #{deal} ({r.partner})")
        for r in found for deal in r.evidence[:2]
    ]  # fmt: skip
    return Answer(Intent.RECOMMEND, "\n".join(lines), tuple(sources), grounded=bool(found), facts=tuple(lines))


def _named_opportunity(engine: Engine, asker: Asker, text: str) -> int | None:
    numbered = DEAL_NUMBER.search(text)
    if numbered:
        return int(numbered.group(1))
    lowered = text.lower()
    with engine.connect() as conn:
        open_deals = [d for d in visible_deals(conn, asker.principal) if d.outcome == "open"]
    named = [d for d in open_deals if len(d.name) >= 4 and d.name.lower() in lowered]
    return max(named, key=lambda d: len(d.name)).id if named else None

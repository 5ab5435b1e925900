"""A manager's "which partners should I bring into deal 006Qy00000Acme?" answered with ranked partners and
their reasons."""

from __future__ import annotations

from sqlalchemy import Engine

from partnerops.assistant.answers import Answer, Intent, Question, Source, SourceKind, not_known
from partnerops.assistant.asker import Asker
from partnerops.assistant.intents import DEAL_NUMBER
from partnerops.assistant.recommend import OpportunityNotOpen, Recommendation, recommend_partners
from partnerops.assistant.scoped_records import deal_link, deal_refs, named_deal, visible_deals


def recommend_for_question(engine: Engine, asker: Asker, question: Question) -> Answer:
    if asker.is_partner:
        return not_known(Intent.RECOMMEND, "partner recommendations are for partner managers.", asker.contact)
    opportunity_id = _named_opportunity(engine, asker, question.text)
    if opportunity_id is None:
        return not_known(Intent.RECOMMEND, "name the open deal by its CRM id (\"deal 0065g00000ACME\") or its name.",
                         asker.contact)  # fmt: skip
    try:
        found = recommend_partners(engine, asker.principal, opportunity_id, question.currency)
    except OpportunityNotOpen as exc:
        return not_known(Intent.RECOMMEND, f"{exc}.", asker.contact)
    return recommendation_answer(engine, opportunity_id, found)


def recommendation_answer(engine: Engine, opportunity_id: int, found: list[Recommendation]) -> Answer:
    """The ranking in words, each deal named by its CRM id."""
    with engine.connect() as conn:
        named = deal_refs(conn, [opportunity_id, *(deal for r in found for deal in r.evidence[:2])])
    deal = named.get(opportunity_id, "-")
    if not found:
        lines = [f"No partner has won deals like deal {deal} yet (same segment, size, region or product)."]
    else:
        lines = [f"Partners to bring into deal {deal}, best first:"] + [
            f"{n}. {r.partner} ({r.partner_type}, score {r.score}): " + "; ".join(r.reasons)
            for n, r in enumerate(found, start=1)
        ]
    sources = [Source(SourceKind.OPPORTUNITY, opportunity_id, f"Deal {deal}", deal_link(deal))] + [
        Source(SourceKind.OPPORTUNITY, won, f"Similar won deal {named.get(won, '-')} ({r.partner})",
               deal_link(named.get(won, "-")))
        for r in found for won in r.evidence[:2]
    ]  # fmt: skip
    return Answer(Intent.RECOMMEND, "\n".join(lines), tuple(sources), grounded=bool(found), facts=tuple(lines))


def _named_opportunity(engine: Engine, asker: Asker, text: str) -> int | None:
    """The deal TEXT names: by its CRM id first (whatever its outcome, so a closed one is said to be closed),
    then by a number, then by the longest open deal's name it contains."""
    with engine.connect() as conn:
        visible = visible_deals(conn, asker.principal)
    by_ref = named_deal(visible, text)
    if by_ref:
        return by_ref[0].id
    numbered = DEAL_NUMBER.search(text)
    if numbered:
        return int(numbered.group(1))
    lowered = text.lower()
    named = [d for d in visible if d.outcome == "open" and len(d.name) >= 4 and d.name.lower() in lowered]
    return max(named, key=lambda d: len(d.name)).id if named else None

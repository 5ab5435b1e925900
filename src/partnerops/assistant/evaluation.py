"""Measuring the assistant on labelled questions: answer accuracy (the expected facts are in the answer, or it
says "I don't know" when it should) and retrieval recall@5 (the passage that answers is among the top five).

Document questions are labelled against the sample program documents; record questions are built from the
store for each partner user, with the expected facts read by independent queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, select

from partnerops.assistant.retrieval import search_passages
from partnerops.assistant.service import ask
from partnerops.domain.roles import Principal
from partnerops.settings import Settings
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import partners

RECALL_AT = 5

# (question, facts the answer must contain, (document, heading) of the passage that answers it)
DOCUMENT_QUESTIONS: tuple[tuple[str, tuple[str, ...], tuple[str, str]], ...] = (
    ("When do I get my money for a closed deal?", ("15th of the following month",),
     ("program_guide.md", "When commissions are paid")),
    ("What percentage do referral partners earn?", ("20%",), ("program_guide.md", "Commission plan")),
    ("Does the rate go up once I bring more business?", ("40%",), ("program_guide.md", "Commission plan")),
    ("Is influence paid?", ("Influence earns no commission",), ("program_guide.md", "Commission plan")),
    ("What counts as a sourced deal?", ("originated",), ("program_guide.md", "How partners are credited")),
    ("How do I contest a wrong line on my statement?", ("60 days",), ("program_guide.md", "Disputes")),
    ("Can I use my tracking link in paid search ads?", ("paid search",), ("program_guide.md", "Your referral link")),
    ("How do I submit a new opportunity in the portal?", ("Register a deal",),
     ("faq.md", "How do I register a deal?")),
    ("How quickly will someone respond to my registration?", ("48 hours",),
     ("faq.md", "How long does a partner manager take to answer a registration?")),
    ("Why did my registration get a conflict flag?", ("open opportunity",),
     ("faq.md", "Why was my registration flagged?")),
    ("I forgot my password, what now?", ("reset",), ("faq.md", "How do I reset my password?")),
    ("What currencies are payouts made in?", ("euros",), ("faq.md", "Which currencies do you pay in?")),
    ("Who owns the renewal of the subscription?", ("renewal",), ("faq.md", "Who owns the customer relationship?")),
    ("How long is my deal protected before it lapses?", ("90 days",),
     ("deal_registration_rules.md", "Expiry and extensions")),
    ("How much extra time does an extension give?", ("30 days",),
     ("deal_registration_rules.md", "Expiry and extensions")),
    ("What happens when two partners claim the same prospect?", ("first complete registration wins",),
     ("deal_registration_rules.md", "Conflicts")),
    ("What information does a complete registration need?", ("named contact",),
     ("deal_registration_rules.md", "What makes a registration complete")),
    ("How much marketing money do Gold partners get each quarter?", ("5%", "$25,000"),
     ("mdf_policy.html", "How MDF is allocated")),
    ("Can I spend MDF on travel or gifts?", ("not eligible",), ("mdf_policy.html", "Eligible activities")),
    ("How far ahead must I ask for marketing funds?", ("30 days before",), ("mdf_policy.html", "Requesting funds")),
    ("What proof do I need to get reimbursed for an event?", ("proof of performance",),
     ("mdf_policy.html", "Claiming funds")),
    ("What do I need to reach Platinum?", ("$1,000,000",), ("tier_benefits.html", "Tier requirements")),
    ("How many certified consultants does Gold require?", ("3 certified consultants",),
     ("tier_benefits.html", "Tier requirements")),
    ("What extra benefits come with Platinum?", ("joint business planning",),
     ("tier_benefits.html", "Benefits by tier")),
    ("Does certification cost anything?", ("free",), ("tier_benefits.html", "Certification")),
    ("What if we drop below our tier's requirements?", ("grace period",), ("tier_benefits.html", "Tier reviews")),
)
# Questions nothing in the documents or records answers: the right answer is "I don't know".
UNANSWERABLE: tuple[str, ...] = (
    "What is the capital of France?",
    "What will the weather be like tomorrow?",
    "Who won the football match last night?",
    "Can you recommend a good pizza recipe?",
)


@dataclass(frozen=True)
class LabelledQuestion:
    asker: Principal
    question: str
    # Facts the answer must contain; empty means the answer must be "I don't know".
    expected: tuple[str, ...]
    passage: tuple[str, str] | None = None


@dataclass
class Evaluation:
    answered: int = 0
    correct: int = 0
    retrieval_questions: int = 0
    retrieved: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall_at_5(self) -> float:
        return self.retrieved / self.retrieval_questions if self.retrieval_questions else 0.0


def document_questions(asker: Principal) -> list[LabelledQuestion]:
    labelled = [LabelledQuestion(asker, q, facts, passage) for q, facts, passage in DOCUMENT_QUESTIONS]
    return labelled + [LabelledQuestion(asker, q, ()) for q in UNANSWERABLE]


def record_questions(engine: Engine, asker: Principal, base_url: str) -> list[LabelledQuestion]:
    """Questions about the asker's own partner, with facts read straight from the tables."""
    with engine.connect() as conn:
        external_id = conn.execute(select(partners.c.external_id).where(partners.c.id == asker.partner_id)).scalar_one()
        r = registrations.c
        own = conn.execute(select(r.id, r.company_name, r.status).where(r.partner_id == asker.partner_id)).all()
        other = conn.execute(select(r.id).where(r.partner_id != asker.partner_id).limit(1)).scalar_one_or_none()
    labelled = [LabelledQuestion(asker, "What is my referral link?", (f"{base_url.rstrip('/')}/r/{external_id}",))]
    labelled += [LabelledQuestion(asker, f"What is the status of {row.company_name}?", (f"#{row.id}", row.status))
                 for row in own]  # fmt: skip
    if other is not None:
        labelled.append(LabelledQuestion(asker, f"status of registration {other}", ()))
    return labelled


def evaluate(engine: Engine, questions: list[LabelledQuestion], settings: Settings, today: date) -> Evaluation:
    result = Evaluation()
    for item in questions:
        answer = ask(engine, item.asker, item.question, settings, today=today)
        right = all(fact in answer.text for fact in item.expected) if item.expected else not answer.grounded
        result.answered += 1
        result.correct += right
        if not right:
            result.failures.append(f"answer: {item.question!r} -> {answer.text[:120]!r}")
        if item.passage is not None:
            result.retrieval_questions += 1
            found = _retrieved(engine, item.question, item.passage)
            result.retrieved += found
            if not found:
                result.failures.append(f"recall@{RECALL_AT}: {item.question!r} missed {item.passage}")
    return result


def _retrieved(engine: Engine, question: str, passage: tuple[str, str]) -> bool:
    with engine.connect() as conn:
        hits = search_passages(conn, question, limit=RECALL_AT)
    return any((hit.document, hit.heading) == passage for hit in hits)

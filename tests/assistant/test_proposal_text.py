"""A labelled set of requests and questions: which ask for a registration or a touch, and what the filled form
says (amounts in k and m spelled out, months to their last day, the next one not yet past)."""

from __future__ import annotations

from datetime import date

import pytest

from partnerops.assistant.proposal_text import close_day, read_deal, read_touch, spelled_amount

TODAY = date(2026, 12, 7)

DEALS = [
    ("register Acme for 40k closing in March", ("Acme", "40000", None, "2027-03-31")),
    ("Please register Acme Corp for $1.5m USD closing on March 15 2027", ("Acme Corp", "1500000", "USD", "2027-03-15")),
    ("register Globex for 48,000 EUR, to close by 2027-06-30", ("Globex", "48,000", "EUR", "2027-06-30")),
    ("can you register Initech for £250k closing in December", ("Initech", "250000", "GBP", "2026-12-31")),
    ("register Hooli for 12.5K closing 15 April", ("Hooli", "12500", None, "2027-04-15")),
    ("register Vandelay for 90000", ("Vandelay", "90000", None, None)),
]
NOT_REQUESTS = ["How do I register a deal?", "What is my pipeline this quarter?", "Why was my registration flagged?",
                "Which partners should I bring into deal 42?", "When does registration 7 expire?"]


@pytest.mark.parametrize(("question", "expected"), DEALS)
def test_a_registration_request_fills_the_form(question: str, expected: tuple[str, ...]) -> None:
    asked = read_deal(question)
    assert asked is not None
    day = close_day(asked.close_text, TODAY) if asked.close_text else None
    found = (asked.company, spelled_amount(asked.amount_text), asked.currency, day.isoformat() if day else None)
    assert found == expected


@pytest.mark.parametrize("question", NOT_REQUESTS)
def test_a_question_is_not_taken_for_a_request(question: str) -> None:
    assert read_deal(question) is None and read_touch(question) is None


def test_a_touch_request_names_partner_deal_and_the_quoted_passage() -> None:
    asked = read_touch('this call mentions Northwind on the Globex deal: "Northwind set up the pilot" on 2026-11-02')
    assert asked is not None
    assert (asked.partner, asked.deal, asked.passage, asked.touched_text) == (
        "Northwind", "Globex", "Northwind set up the pilot", "2026-11-02")
    pasted = read_touch("The transcript mentioned Northwind in the Globex opportunity. Maria: Northwind's team ran it.")
    assert pasted is not None and pasted.passage == "Maria: Northwind's team ran it"


def test_words_that_name_no_day_give_none() -> None:
    assert close_day("soon", TODAY) is None and close_day("February 30", TODAY) is None

"""A question names a deal by its CRM id: as a whole word, whatever its case, a sentence's full stop after it."""

from __future__ import annotations

from datetime import date

import pytest

from partnerops.assistant.scoped_records import Deal, deal_link, named_deal

DEALS = [Deal(i, ref, f"deal {i}", "Acme", "open", "open", None, date(2026, 1, 1), None, None)
         for i, ref in ((1, "O7"), (2, "O77"), (3, "salesforce:006Qy00000Acme"))]  # fmt: skip


@pytest.mark.parametrize(("question", "named"), [
    ("What is the status of deal O7?", ["O7"]),
    ("status of o7.", ["O7"]),
    ("deal O77 please", ["O77"]),
    ("deal O777", []),
    ("bring partners into salesforce:006qy00000acme", ["salesforce:006Qy00000Acme"]),
])  # fmt: skip
def test_a_deal_is_found_by_its_crm_id_as_a_whole_word(question: str, named: list[str]) -> None:
    assert [d.ref for d in named_deal(DEALS, question)] == named


def test_a_deals_link_quotes_its_id() -> None:
    assert deal_link("salesforce:006/x y") == "/api/v1/opportunities/salesforce%3A006%2Fx%20y"

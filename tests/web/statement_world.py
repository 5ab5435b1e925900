"""Statement lines of two partners in one quarter for the statement list tests: Alpha's 130 (adjustments,
reversals and clawbacks in dollars and euros, on an Initech and a Hooli deal) and Bravo's 40 in yen on an Umbrella
deal, with words only Bravo's lines carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine

from partnerops.commissions.journal_repo import post_entry
from partnerops.commissions.ledger import EntryKind, JournalEntry, entry_lines
from partnerops.domain.money import Money
from web.web_world import ALPHA, BRAVO

PERIOD = "2026-Q3"
START = date(2026, 7, 1)
ALPHA_LINES, BRAVO_LINES = 130, 40
KINDS = (EntryKind.ADJUSTMENT, EntryKind.REVERSAL, EntryKind.CLAWBACK)
# Deals of the page tests' world: 1 "Initech platform" and 5 "Hooli direct" for Alpha, 3 "Umbrella rollout" for Bravo.
INITECH_DEAL, HOOLI_DEAL, UMBRELLA_DEAL = 1, 5, 3
# Only Bravo's lines carry these (its currency too): none may reach a page or export of Alpha's user.
BRAVO_WORDS = ("bravo-secret-line", "bravo-secret-reason", "Umbrella", "JPY")


@dataclass(frozen=True)
class SeededLine:
    """One of Alpha's lines as the tests expect to read it back."""

    index: int
    kind: EntryKind
    currency: str
    owed_minor: int
    deal: str

    @property
    def reason(self) -> str:
        return f"alpha reason {self.index:03d}"


def alpha_line(i: int) -> SeededLine:
    """Alpha's i-th line: kinds in turn, every fifth in euros, even ones on Initech and odd ones on Hooli; what
    it adds to what Alpha is owed is 10.00 + i cents, taken back by a reversal or clawback."""
    kind = KINDS[i % 3]
    sign = 1 if kind is EntryKind.ADJUSTMENT else -1
    return SeededLine(i, kind, "EUR" if i % 5 == 0 else "USD", sign * (1_000 + i),
                      "Initech platform" if i % 2 == 0 else "Hooli direct")  # fmt: skip


def seed_statement_lines(engine: Engine) -> list[SeededLine]:
    """Post Alpha's and Bravo's lines in PERIOD; return Alpha's."""
    alpha = [alpha_line(i) for i in range(ALPHA_LINES)]
    with engine.begin() as conn:
        for line in alpha:
            amount = Money.from_minor(line.owed_minor, line.currency)
            post_entry(conn, JournalEntry(
                key=f"statement-alpha-{line.index}", kind=line.kind, partner_id=ALPHA,
                booked_on=START + timedelta(days=line.index % 90), memo=f"alpha line {line.index:03d}",
                actor="seed", lines=entry_lines(line.kind, amount),
                opportunity_id=INITECH_DEAL if line.index % 2 == 0 else HOOLI_DEAL, reason=line.reason))  # fmt: skip
        for i in range(BRAVO_LINES):
            post_entry(conn, JournalEntry(
                key=f"statement-bravo-{i}", kind=KINDS[i % 3], partner_id=BRAVO, booked_on=START + timedelta(days=i),
                memo=f"bravo-secret-line {i:03d}", actor="seed",
                lines=entry_lines(KINDS[i % 3], Money.from_minor(50_000 + i, "JPY")), opportunity_id=UMBRELLA_DEAL,
                reason=f"bravo-secret-reason {i:03d}"))  # fmt: skip
    return alpha

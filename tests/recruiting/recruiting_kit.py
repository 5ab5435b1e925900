"""A planted world where the ranking is known: our accounts and open deals, two existing partners with known win
rates, and three candidates imported from files (two with customer lists)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert

from partnerops.domain.roles import Principal, Role
from partnerops.ingest.service import import_file
from partnerops.store.tables import accounts, opportunities, partners, touches

MANAGER = Principal(0, "manager@example.com", Role.PARTNER_MANAGER)
SALES = Principal(0, "sales@example.com", Role.SALES)

# Accounts 1-3 (enterprise, emea) and 5 (smb, na) have open deals: our four targets. 4 and 6 have closed deals.
ACCOUNTS = [(1, "enterprise", "emea"), (2, "enterprise", "emea"), (3, "enterprise", "emea"),
            (4, "enterprise", "emea"), (5, "smb", "na"), (6, "smb", "na")]
# Existing partners' closed deals, (partner, won): the reseller wins 3 of 4, the SI 1 of 2.
# Planted ids far above what a sequence hands out, so a partner created by recruiting gets a free one.
RESELLER, SI = 901, 902
CLOSED = [(RESELLER, True), (RESELLER, True), (RESELLER, True), (RESELLER, False), (SI, True), (SI, False)]

CANDIDATES = """id,name,domain,segment,region,type
C-ALPHA,Alpha Resellers,alpha.example,enterprise,emea,reseller
C-BETA,Beta Integrators,beta.example,smb,na,si
C-GAMMA,Gamma Agency,,,,agency
"""
# Alpha lists targets 1-3, account 4 (ours, no open deal) and a stranger; Beta lists target 5.
CUSTOMERS = """id,candidate_id,name,domain
CC1,C-ALPHA,Company One,one.example
CC2,C-ALPHA,Company Two,two.example
CC3,C-ALPHA,Company Three Inc,three.example
CC4,C-ALPHA,Company Four,four.example
CC5,C-ALPHA,Nobody We Know,stranger.example
CC6,C-BETA,Company Five,five.example
"""
WORDS = ["one", "two", "three", "four", "five", "six"]


def plant(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(insert(partners), [
            {"id": RESELLER, "source_system": "csv", "external_id": "P-RES", "name": "Resell Co", "type": "reseller"},
            {"id": SI, "source_system": "csv", "external_id": "P-SI", "name": "Systems Co", "type": "si"}])
        c.execute(insert(accounts), [
            {"id": i, "source_system": "csv", "external_id": f"A{i}", "name": f"Company {WORDS[i - 1].title()}",
             "domain": f"{WORDS[i - 1]}.example", "segment": seg, "region": reg} for i, seg, reg in ACCOUNTS])
        open_deals = [_deal(i, i, None) for i in (1, 2, 3, 5)]
        closed = [_deal(10 + n, 4 if partner == RESELLER else 6, won) for n, (partner, won) in enumerate(CLOSED)]
        c.execute(insert(opportunities), [*open_deals, *closed])
        c.execute(insert(touches), [
            {"source_system": "csv", "external_id": f"T{n}", "partner_id": partner, "opportunity_id": 10 + n,
             "type": "poc", "touched_on": date(2026, 3, 1), "status": "confirmed"}
            for n, (partner, _) in enumerate(CLOSED)])


def _deal(deal_id: int, account_id: int, won: bool | None) -> dict[str, object]:
    closed_on = None if won is None else date(2026, 4, 1) + timedelta(days=deal_id)
    return {"id": deal_id, "source_system": "csv", "external_id": f"O{deal_id}", "account_id": account_id,
            "name": f"Deal {deal_id}", "amount_minor": 1_000_000, "currency": "USD",
            "stage": "open" if won is None else "closed",
            "outcome": "open" if won is None else "won" if won else "lost",
            "created_on": date(2026, 1, 1), "closed_on": closed_on}


def import_candidates(engine: Engine, folder: Path) -> None:
    (folder / "candidates.csv").write_text(CANDIDATES)
    (folder / "customers.csv").write_text(CUSTOMERS)
    import_file(engine, folder / "candidates.csv", "candidates")
    import_file(engine, folder / "customers.csv", "candidate_customers")

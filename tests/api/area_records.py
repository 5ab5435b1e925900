"""Isolation probes of the record write routes and of reading one record by its external id: partner A's user
may read its own partner, none of partner B's records (by id or name, answered like an unknown one), and write
nothing."""

from __future__ import annotations

from api.api_world import World
from api.isolation_probes import HIDDEN, LISTED, Ask, probe

REFUSED = frozenset({403})
B_PARTNER = {"id": "PARTNER-BRAVO", "name": "Bravo Partners", "type": "si", "tier": "platinum"}


@probe("GET", "/api/v1/partners/{partner_id}")
def _partner(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/partners/PARTNER-BRAVO", HIDDEN), Ask("GET", "/api/v1/partners/Bravo%20Partners",
            HIDDEN), Ask("GET", "/api/v1/partners/csv:PARTNER-BRAVO", HIDDEN), Ask("GET", "/api/v1/partners/PA",
            LISTED)]  # fmt: skip


@probe("GET", "/api/v1/accounts/{account_id}")
def _account(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/accounts/ACCT-BANANA", HIDDEN), Ask("GET", "/api/v1/accounts/AA-1", LISTED)]


@probe("GET", "/api/v1/opportunities/{opportunity_id}")
def _opportunity(w: World) -> list[Ask]:
    return [Ask("GET", "/api/v1/opportunities/OPP-BANANA", HIDDEN), Ask("GET", "/api/v1/opportunities/OA-1", LISTED)]


@probe("POST", "/api/v1/partners")
def _create_partner(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/partners", REFUSED, json=B_PARTNER)]


@probe("PATCH", "/api/v1/partners/{partner_id}")
def _change_partner(w: World) -> list[Ask]:
    return [Ask("PATCH", f"/api/v1/partners/{ref}", REFUSED, json={"tier": "platinum"})
            for ref in ("PARTNER-BRAVO", "PA")]


@probe("POST", "/api/v1/partners/batch")
def _partner_batch(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/partners/batch", REFUSED, json={"records": [B_PARTNER]})]


@probe("POST", "/api/v1/accounts")
def _create_account(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/accounts", REFUSED, json={"id": "ACCT-BANANA", "name": "Banana Corp"})]


@probe("PATCH", "/api/v1/accounts/{account_id}")
def _change_account(w: World) -> list[Ask]:
    return [Ask("PATCH", "/api/v1/accounts/ACCT-BANANA", REFUSED, json={"segment": "x"})]


@probe("POST", "/api/v1/accounts/batch")
def _account_batch(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/accounts/batch", REFUSED, json={"records": [{"id": "A", "name": "Banana Corp"}]})]


@probe("POST", "/api/v1/opportunities")
def _create_opportunity(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/opportunities", REFUSED, json={"id": "OPP-BANANA", "name": "Banana renewal"})]


@probe("PATCH", "/api/v1/opportunities/{opportunity_id}")
def _change_opportunity(w: World) -> list[Ask]:
    return [Ask("PATCH", "/api/v1/opportunities/OPP-BANANA", REFUSED, json={"stage": "x"})]


@probe("POST", "/api/v1/opportunities/batch")
def _opportunity_batch(w: World) -> list[Ask]:
    return [Ask("POST", "/api/v1/opportunities/batch", REFUSED, json={"records": [{"id": "OPP-BANANA"}]})]


@probe("POST", "/api/v1/touches/batch")
def _touch_batch(w: World) -> list[Ask]:
    touch = {"partner_id": "PARTNER-BRAVO", "opportunity_id": "OPP-BANANA", "type": "poc", "touched_on": "2026-03-01"}
    return [Ask("POST", "/api/v1/touches/batch", REFUSED, json={"records": [touch]})]

"""Isolation probes for the payment providers' webhook: it takes no token and answers nothing about any partner;
a partner user's forged delivery is refused before anything is read."""

from __future__ import annotations

from api.api_world import World
from api.isolation_probes import Ask, probe

REFUSED = frozenset({400, 404, 503})


@probe("POST", "/api/v1/webhooks/payments/{provider}")
def _payment_webhook(w: World) -> list[Ask]:
    forged = {"id": "evt_forged", "type": "transfer.created", "data": {"object": {"transfer_group": "po-1-1-USD"}}}
    return [Ask("POST", f"/api/v1/webhooks/payments/{name}", REFUSED, json=forged,
                headers={"Stripe-Signature": "t=1,v1=00"}) for name in ("stripe", "paypal", "other")]  # fmt: skip

"""Payment providers' webhooks: POST /webhooks/payments/{provider} with the provider's own signature instead of a
token; each verified event is applied once (a repeated delivery answers 200 and changes nothing)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from partnerops.api.dependencies import DatabaseEngine
from partnerops.api.errors import ApiError

router = APIRouter(tags=["payments"])


@router.post("/webhooks/payments/{provider}", summary="A payment provider's webhook (signed by the provider)")
async def payment_webhook(provider: str, request: Request, engine: DatabaseEngine) -> dict[str, str]:
    body = await request.body()
    headers = dict(request.headers.items())
    return await run_in_threadpool(_apply, engine, provider, body, headers)


def _apply(engine: Engine, name: str, body: bytes, headers: dict[str, str]) -> dict[str, str]:
    from partnerops.payments.config import provider_named
    from partnerops.payments.errors import (
        ProviderNotConfigured,
        ProviderUnavailable,
        SignatureInvalid,
        UnknownProvider,
    )
    from partnerops.payments.reconcile import apply_event

    try:
        provider = provider_named(name)
        event = provider.parse_webhook(body, headers)
    except UnknownProvider as exc:
        raise ApiError(404, str(exc)) from exc
    except ProviderNotConfigured as exc:
        raise ApiError(503, str(exc)) from exc
    except ProviderUnavailable as exc:
        # The provider delivers again later: its verification could not be reached now.
        raise ApiError(503, f"the webhook could not be verified now: {exc}") from exc
    except (SignatureInvalid, ValueError, KeyError) as exc:
        raise ApiError(400, f"webhook refused: {exc}") from exc
    applied = apply_event(engine, name, event, datetime.now(UTC))
    return {"event": event.event_id, "outcome": applied.outcome}

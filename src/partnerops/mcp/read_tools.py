"""The read tools: each answers through the API's own scoped functions with the caller's principal, so a tool
sees exactly what the same token sees through /api/v1. Role checks the API makes in its dependencies are made
here with the same dependency functions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Engine

from partnerops.api.dependencies import INTERNAL_ROLES, require_roles
from partnerops.api.pagination import PageParams
from partnerops.api.routes import accounts as accounts_api
from partnerops.api.routes import opportunities as opportunities_api
from partnerops.api.routes import partners as partners_api
from partnerops.api.routes import reports as reports_api
from partnerops.domain.enums import Outcome
from partnerops.mapping.overlap import OverlapCategory
from partnerops.mcp import program_reads
from partnerops.mcp.callers import Caller
from partnerops.mcp.record_shapes import named_by_external_ids
from partnerops.mcp.refs import visible_id
from partnerops.settings import Settings
from partnerops.store.record_refs import RecordKind, record_ref

__all__ = ["co_sell_targets", "ecosystem_report", "explain_attribution", "find_accounts", "find_opportunities",
           "find_partners", "impact_report", "partner_money", "partner_pipeline", "resolve"]  # fmt: skip


def resolve(engine: Engine, caller: Caller, kind: RecordKind, ref: str) -> int:
    with engine.connect() as conn:
        return visible_id(conn, caller.principal, kind, ref)


def _own_or_named(engine: Engine, caller: Caller, partner: str) -> int:
    """The partner a question is about: a partner user's own when it names none, else the one named (in scope)."""
    principal = caller.principal
    if not partner.strip():
        if principal.partner_id is None:
            raise ValueError("partner: name the partner (its id or exact name)")
        return principal.partner_id
    return resolve(engine, caller, "partner", partner)


def _page(limit: int) -> PageParams:
    return PageParams(limit=limit, offset=0)


def find_partners(engine: Engine, caller: Caller, query: str, limit: int) -> dict[str, Any]:
    page = partners_api.list_partners(engine, caller.principal, _page(limit), q=query or None, type=None, stage=None)
    return named_by_external_ids(engine, page.model_dump(mode="json"))


def find_accounts(engine: Engine, caller: Caller, query: str, limit: int) -> dict[str, Any]:
    page = accounts_api.list_accounts(engine, caller.principal, _page(limit), q=query or None, segment=None,
                                      region=None, partner_id=None)  # fmt: skip
    return named_by_external_ids(engine, page.model_dump(mode="json"))


def find_opportunities(engine: Engine, caller: Caller, query: str, partner: str, outcome: Outcome | None,
                       limit: int) -> dict[str, Any]:  # fmt: skip
    if partner.strip():
        resolve(engine, caller, "partner", partner)  # within the caller's scope, in this server's words
    page = opportunities_api.list_opportunities(
        engine, caller.principal, _page(limit), q=query or None, partner_id=partner.strip() or None, account_id=None,
        outcome=outcome, stage=None, created_from=None, created_to=None, closed_from=None, closed_to=None,
    )  # fmt: skip
    return named_by_external_ids(engine, page.model_dump(mode="json"))


def explain_attribution(engine: Engine, caller: Caller, opportunity: str) -> dict[str, Any]:
    return program_reads.explain_attribution(engine, caller, opportunity)


def impact_report(engine: Engine, settings: Settings, caller: Caller, period: reports_api.Period,
                  since: date | None, until: date | None) -> dict[str, Any]:  # fmt: skip
    principal = require_roles(*INTERNAL_ROLES)(caller.grant)
    return reports_api.get_impact(engine, settings, principal, period=period, currency=None, since=since,
                                  until=until, policy_version=None)  # fmt: skip


def ecosystem_report(engine: Engine, settings: Settings, caller: Caller, as_of: date | None, months: int,
                     draws: int) -> dict[str, Any]:  # fmt: skip
    """Retention, lifetime value, time to first value and return on partner investment by partner, type, tier and
    source, each estimate with its 95% bootstrap interval; staff only, as the impact report."""
    from partnerops.ecosystem.report import EcosystemOptions
    from partnerops.ecosystem.report import ecosystem_report as build
    from partnerops.reports.ecosystem_tabular import ecosystem_json

    require_roles(*INTERNAL_ROLES)(caller.grant)
    options = EcosystemOptions(currency=settings.reporting_currency, as_of=as_of, months=months, draws=draws)
    tree: dict[str, Any] = json.loads(ecosystem_json(build(engine, options.checked())))
    return tree


def co_sell_targets(engine: Engine, caller: Caller, partner: str, category: OverlapCategory) -> dict[str, Any]:
    return program_reads.overlap(engine, caller, _own_or_named(engine, caller, partner), category)


def partner_pipeline(engine: Engine, caller: Caller, partner: str, limit: int) -> dict[str, Any]:
    """The partner's open deals (those it has a touch on), biggest first as the API orders them."""
    with engine.connect() as conn:
        named = record_ref(conn, "partner", _own_or_named(engine, caller, partner))
    page = opportunities_api.list_opportunities(
        engine, caller.principal, _page(limit), q=None, partner_id=f"{named.source_system}:{named.external_id}",
        account_id=None, outcome=Outcome.OPEN,
        stage=None, created_from=None, created_to=None, closed_from=None, closed_to=None,
    )  # fmt: skip
    return named_by_external_ids(engine, page.model_dump(mode="json"))


def partner_money(engine: Engine, caller: Caller, partner: str) -> dict[str, Any]:
    """Commissions at a glance, the MDF balance per currency and the MDF requests of one partner."""
    return program_reads.partner_money(engine, caller, _own_or_named(engine, caller, partner))

"""Registrations as lists: the internal queue (every partner's, pending first by default) and a partner's own list,
each searchable, filterable, sortable and paged in SQL, with the rows turned into the service's registrations."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Select, case, func, select

from partnerops.domain.registration_rules import RegistrationStatus
from partnerops.domain.roles import Principal
from partnerops.registrations.repository import to_registration, visible_to
from partnerops.store.registration_tables import registrations
from partnerops.store.tables import partners
from partnerops.web.listing import Column, Filter, Joined, ListQuery, ListSpec, matching, minor_amount
from partnerops.web.queries.registrations import RegistrationView

_STATUSES = tuple(s.value for s in RegistrationStatus)
_AMOUNT = minor_amount("estimated_amount_minor")
_EXPORTED = (
    Column("id", "Registration"), Column("company_name", "Company"), Column("domain", "Domain"),
    Column("partner", "Partner"), Column("partner_ref", "Partner id"),
    Column("estimated_amount_minor", "Estimate", cell=_AMOUNT), Column("currency", "Currency"),
    Column("estimated_close_on", "Expected close"), Column("status", "Status"), Column("conflict", "Conflicts"),
    Column("submitted_at", "Submitted"), Column("respond_by", "Response due"), Column("expires_on", "Expires"),
    Column("decision_reason", "Decision reason"),
)  # fmt: skip
REGISTRATION_QUEUE = ListSpec(
    noun="registrations",
    columns=(Column("company_name", "Company"), Column("partner", "Partner"),
             Column("estimated_amount_minor", "Estimate"), Column("submitted_at", "Submitted"),
             Column("respond_by", "Response due"), Column("conflict", "Conflicts")),
    default_sort="respond_by",
    search=("company_name", "domain", "partner", "contact_name"),
    filters=(Filter("status", "Status", _STATUSES, default=RegistrationStatus.PENDING.value),
             Filter("conflict", "Conflicts", ("conflict", "none"))),
    exported=_EXPORTED,
    joined=(Joined("partner", (registrations.c.partner_id, partners.c.name)),),
)
MY_REGISTRATIONS = ListSpec(
    noun="registrations",
    columns=(Column("company_name", "Company"), Column("estimated_amount_minor", "Estimate"),
             Column("submitted_at", "Submitted"), Column("status", "Status"), Column("expires_on", "Expires")),
    default_sort="-submitted_at",
    search=("company_name", "domain", "contact_name"),
    filters=(Filter("status", "Status", _STATUSES),),
    exported=tuple(c for c in _EXPORTED if c.key not in ("partner", "partner_ref", "conflict")),
)


def registration_list(principal: Principal) -> Select[Any]:
    """The registrations the principal may see (a partner's user: its partner's only), with the partner named and
    `conflict` saying whether any conflict was found on submission."""
    return (
        visible_to(principal)
        .add_columns(partners.c.name.label("partner"), partners.c.external_id.label("partner_ref"),
                     _flagged().label("conflict"))
        .join(partners, partners.c.id == registrations.c.partner_id)
    )  # fmt: skip


def registration_count_base(principal: Principal) -> Select[Any]:
    """The rows of `registration_list` without the partner's names (each registration has its partner, so the join
    keeps every row): what the queue's total, counts and page keys are read on."""
    r = registrations.c
    query = select(r.id, r.company_name, r.domain, r.contact_name, r.status, r.estimated_amount_minor,
                   r.submitted_at, r.respond_by, r.expires_on, _flagged().label("conflict"))  # fmt: skip
    return query.where(r.partner_id == principal.partner_id) if principal.is_partner else query


def _flagged() -> Any:
    return case((func.json_array_length(registrations.c.conflicts) > 0, "conflict"), else_="none")


def as_views(rows: list[dict[str, Any]], principal: Principal, now: datetime) -> list[RegistrationView]:
    """A page's rows as the service's registrations, as the principal may see them."""
    return [RegistrationView(to_registration(row, now).as_seen_by(principal), str(row["partner"])) for row in rows]


def queue_counts(conn: Connection, principal: Principal, wanted: ListQuery, now: datetime) -> Mapping[str, int]:
    """How many of the whole filtered view are overdue and how many carry a conflict (not only this page's)."""
    view = matching(registration_count_base(principal), REGISTRATION_QUEUE, wanted).subquery()
    overdue = (view.c.status == RegistrationStatus.PENDING.value) & (view.c.respond_by < now)
    query = select(func.count(case((overdue, 1))), func.count(case((view.c.conflict == "conflict", 1))))
    late, conflicted = conn.execute(query).one()
    return {"overdue": int(late), "conflicted": int(conflicted)}

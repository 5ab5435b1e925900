"""A draft the person confirmed lands through the same services a person's form and an agent's proposal tool go
through: a registration pending in the registration queue, a touch claimed in the touch queue. Nothing is ever
approved or confirmed here; that stays with a reviewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from partnerops.analytics.live import live_opportunity, live_partner
from partnerops.assistant.answers import Source, SourceKind
from partnerops.assistant.proposal_log import fill_place, give_back, take_place
from partnerops.auth.scope import opportunity_scope, partner_scope
from partnerops.domain.roles import Principal, Role
from partnerops.registrations.model import RegistrationInput
from partnerops.registrations.service import submit_registration_once
from partnerops.store.record_refs import RecordKind
from partnerops.store.tables import opportunities, partners
from partnerops.touches.review import ClaimedTouch, claim_touch

__all__ = ["NOT_A_CLAIMANT", "NotAClaimant", "NotYours", "TouchForm", "confirm_registration", "confirm_touch",
           "visible_record"]

WAITS = "Nothing changes until a partner manager approves it in the review queue."
# Who may claim a touch, as through the API: a partner's user for its own partner, admins and managers for any.
CLAIMANTS = frozenset({Role.ADMIN, Role.PARTNER_MANAGER, Role.PARTNER_USER})
NOT_A_CLAIMANT = "Touches are claimed by partner managers, admins and partners' users."


class NotAClaimant(PermissionError):
    def __init__(self) -> None:
        super().__init__(NOT_A_CLAIMANT)


class NotYours(LookupError):
    """A record the person may not see, or that does not exist: the two are not told apart."""

    def __init__(self, kind: RecordKind, ref: str) -> None:
        super().__init__(f"There is no {kind} {ref!r} that you may see.")
        self.kind, self.ref = kind, ref


def visible_record(engine: Engine, principal: Principal, kind: RecordKind, external_id: str) -> int:
    """The row id of the live partner or deal with that external id, when the principal may see it."""
    table, scope, live = ((partners, partner_scope(principal), live_partner()) if kind == "partner" else
                          (opportunities, opportunity_scope(principal), live_opportunity()))  # fmt: skip
    with engine.connect() as conn:
        found = conn.execute(select(table.c.id).where(table.c.external_id == external_id.strip(), scope, live)
                             .limit(2)).scalars().all()  # fmt: skip
    if len(found) != 1:
        raise NotYours(kind, external_id)
    return int(found[0])


def _proposed(engine: Engine, principal: Principal, question: str, per_day: int,
              create: Callable[[], tuple[Source, str, bool]]) -> tuple[int, str]:  # fmt: skip
    """Count the proposal against the person's day, create it and record it; a refused or repeated one costs no
    place."""
    place = take_place(engine, principal, question, per_day, datetime.now(UTC))
    try:
        source, answer, repeated = create()
    except BaseException:
        give_back(engine, place)
        raise
    if repeated:
        give_back(engine, place)
    else:
        fill_place(engine, place, source, answer)
    return int(source.record_id), answer


def confirm_registration(engine: Engine, principal: Principal, question: str, form: RegistrationInput,
                         key: str, per_day: int) -> tuple[int, str]:  # fmt: skip
    """The confirmed registration, pending; a second confirmation of the same draft (same KEY) creates nothing
    new and answers the registration the first made."""

    def create() -> tuple[Source, str, bool]:
        done = submit_registration_once(engine, principal, form, key)
        registration = done.registration
        text = f"Registered {registration.company_name}: {registration.status.value}. {WAITS}"
        return Source(SourceKind.REGISTRATION, registration.id, registration.company_name), text, done.replayed

    return _proposed(engine, principal, question, per_day, create)


@dataclass(frozen=True)
class TouchForm:
    """A confirmed touch draft: partner and deal by external id (as the person saw them) and the claim."""

    partner: str
    opportunity: str
    claim: ClaimedTouch


def confirm_touch(engine: Engine, principal: Principal, question: str, form: TouchForm,
                  per_day: int) -> tuple[int, str]:  # fmt: skip
    """The confirmed touch, claimed: it counts for nothing until a reviewer confirms it."""
    if principal.role not in CLAIMANTS:
        raise NotAClaimant()

    def create() -> tuple[Source, str, bool]:
        with engine.begin() as conn:
            touch_id = claim_touch(conn, principal, form.claim)
        text = f"Claimed a {form.claim.type.value} touch of {form.partner} on deal {form.opportunity}. {WAITS}"
        return Source(SourceKind.TOUCH, touch_id, f"touch on {form.opportunity}"), text, False

    return _proposed(engine, principal, question, per_day, create)

"""What can go wrong in routing, each error carrying what the user needs to fix it."""

from __future__ import annotations


class RoutingError(Exception):
    """Base of routing errors (a refusal the user can act on: the CLI exits 2, the API answers 400)."""


class UnknownLead(RoutingError):
    """Nothing routable answers to the name, or (for a partner's user) the lead is not offered or open to it."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"there is no lead {ref!r}: name an open deal or an account by its id, SYSTEM:ID or exact "
                         "name")  # fmt: skip
        self.ref = ref


class HiddenLead(RoutingError):
    """A partner's user named a lead not offered to its partner nor open to applications (or none at all): the
    same words either way, its input not echoed (HTTP 404)."""

    def __init__(self) -> None:
        super().__init__("no lead offered to your partner or open to applications answers to that id or name")


class AmbiguousLead(RoutingError):
    def __init__(self, ref: str) -> None:
        super().__init__(f"{ref!r} names both a deal and an account: say which with --kind deal or --kind account")
        self.ref = ref


class ClosedDeal(RoutingError):
    def __init__(self, ref: str, outcome: str) -> None:
        super().__init__(f"deal {ref} is {outcome}: only open deals are routed")


class NoOffer(RoutingError):
    """No open offer of the lead to the partner (HTTP 404)."""

    def __init__(self, lead: str, partner: str, wanted: str = "open") -> None:
        super().__init__(f"there is no {wanted} offer of {lead} to {partner}")


class NoApplication(RoutingError):
    """The partner has not applied for the lead (HTTP 404)."""

    def __init__(self, lead: str, partner: str) -> None:
        super().__init__(f"{partner} has not applied for {lead}")


class MissingReason(RoutingError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what} needs a reason: the partner reads it")


class RoutingConflict(RoutingError):
    """Someone else decided first, or the same thing exists already (HTTP 409)."""


class LeadTaken(RoutingConflict):
    def __init__(self, lead: str, partner: str) -> None:
        super().__init__(f"{lead} was already accepted by {partner}; it is no longer on offer")
        self.lead, self.partner = lead, partner


class OfferChanged(RoutingConflict):
    def __init__(self, lead: str, expected: str, current: str) -> None:
        super().__init__(f"the offer of {lead} was {expected} when read but is now {current}: someone else decided "
                         "it; read it again")  # fmt: skip


class OfferExists(RoutingConflict):
    def __init__(self, lead: str, partner: str) -> None:
        super().__init__(f"{lead} is already offered to {partner}: withdraw that offer first to make another")


class AlreadyApplied(RoutingConflict):
    def __init__(self, lead: str) -> None:
        super().__init__(f"your partner has already applied for {lead}")


class ApplicationDecided(RoutingConflict):
    def __init__(self, lead: str, partner: str, status: str) -> None:
        super().__init__(f"the application of {partner} for {lead} is already {status}: someone else decided it; "
                         "read it again")  # fmt: skip


class OfferExpired(RoutingConflict):
    def __init__(self, lead: str, respond_by: str) -> None:
        super().__init__(f"the offer of {lead} expired at {respond_by} UTC: ask your partner manager to offer it again")


class BadProfile(RoutingError):
    pass

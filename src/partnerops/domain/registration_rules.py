"""Rules of engagement for deal registrations: the versioned conflict rules, how a claimed company is matched to
known accounts (normalised domain; the name as `company_names` normalises it for mapping too), which conflicts a
claim raises, and its deadlines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from partnerops.domain.company_names import FREE_MAIL_DOMAINS, normalise_name

if TYPE_CHECKING:
    from partnerops.domain.registration_settings import RegistrationRules


class RulesError(ValueError):
    """Registration rules that cannot be used, with the reason a user can act on."""


class RegistrationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"


class ConflictRule(StrEnum):
    OPEN_OPPORTUNITY = "open_opportunity"
    LIVE_REGISTRATION = "live_registration"
    CUSTOMER_ACCOUNT = "customer_account"


PARTNER_FACING_DETAIL = {
    ConflictRule.OPEN_OPPORTUNITY: "we are already working an open opportunity with this company",
    ConflictRule.LIVE_REGISTRATION: "another partner has already registered this company",
    ConflictRule.CUSTOMER_ACCOUNT: "this company is already a customer",
}


def normalise_domain(text: str | None) -> str | None:
    """`https://WWW.Acme.com/about` -> `acme.com`; an e-mail address gives its domain; blank gives None."""
    if not text or not text.strip():
        return None
    host = text.strip().lower().rsplit("@", 1)[-1]
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host)
    host = re.split(r"[/?#:]", host, maxsplit=1)[0].rstrip(".")
    host = host.removeprefix("www.")
    return host or None


def company_domain(text: str | None, free_mail: frozenset[str] = FREE_MAIL_DOMAINS) -> str | None:
    """The normalised domain when it can identify a company; a free-mail domain identifies nobody."""
    domain = normalise_domain(text)
    return None if domain in free_mail else domain


@dataclass(frozen=True)
class Claim:
    """What a partner claims: a company, by name and optional domain."""

    partner_id: int
    company_name: str
    domain: str | None = None


@dataclass(frozen=True)
class KnownAccount:
    """An account as it stood at one moment: its open and won opportunities then."""

    id: int
    name: str
    domain: str | None
    open_opportunity_ids: tuple[int, ...] = ()
    won_opportunity_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LiveRegistration:
    """A pending or approved, unexpired registration at one moment."""

    id: int
    partner_id: int
    company_name: str
    domain: str | None
    account_id: int | None = None


@dataclass(frozen=True)
class Conflict:
    rule: ConflictRule
    detail: str
    account_id: int | None = None
    opportunity_ids: tuple[int, ...] = ()
    registration_ids: tuple[int, ...] = ()

    def as_seen_by_partner(self) -> Conflict:
        """What a partner may learn of a conflict: the rule, never our deals, accounts or another partner."""
        return Conflict(self.rule, PARTNER_FACING_DETAIL[self.rule])

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule.value, "detail": self.detail, "account_id": self.account_id,
                "opportunity_ids": list(self.opportunity_ids), "registration_ids": list(self.registration_ids)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Conflict:
        return cls(ConflictRule(data["rule"]), str(data["detail"]), data.get("account_id"),
                   tuple(data.get("opportunity_ids", ())), tuple(data.get("registration_ids", ())))


@dataclass(frozen=True)
class _Identity:
    name: str
    domain: str | None
    account_ids: frozenset[int] = field(default_factory=frozenset)

    def same_company(self, name: str, domain: str | None, free_mail: frozenset[str]) -> bool:
        other = company_domain(domain, free_mail)
        same_domain = self.domain is not None and other == self.domain
        return same_domain or (bool(self.name) and normalise_name(name) == self.name)


def matching_accounts(claim: Claim, accounts: Iterable[KnownAccount], rules: RegistrationRules) -> list[KnownAccount]:
    """Accounts that are the claimed company: same company domain or same normalised name; domain matches first."""
    me = _Identity(normalise_name(claim.company_name), company_domain(claim.domain, rules.free_mail_domains))
    found = [a for a in accounts if me.same_company(a.name, a.domain, rules.free_mail_domains)]
    return sorted(found, key=lambda a: (company_domain(a.domain, rules.free_mail_domains) != me.domain, a.id))


def find_conflicts(
    claim: Claim, accounts: Iterable[KnownAccount], live: Iterable[LiveRegistration], rules: RegistrationRules
) -> tuple[Conflict, ...]:
    """Every conflict the enabled rules raise for `claim`; none means the claim is clean."""
    matched = matching_accounts(claim, accounts, rules)
    me = _Identity(normalise_name(claim.company_name), company_domain(claim.domain, rules.free_mail_domains),
                   frozenset(a.id for a in matched))
    found: list[Conflict] = []
    if ConflictRule.OPEN_OPPORTUNITY in rules.conflict_rules:
        found += [Conflict(ConflictRule.OPEN_OPPORTUNITY, f"{a.name} has an open opportunity", a.id,
                           a.open_opportunity_ids) for a in matched if a.open_opportunity_ids]
    if ConflictRule.CUSTOMER_ACCOUNT in rules.conflict_rules:
        found += [Conflict(ConflictRule.CUSTOMER_ACCOUNT, f"{a.name} is already a customer", a.id,
                           a.won_opportunity_ids) for a in matched if a.won_opportunity_ids]
    if ConflictRule.LIVE_REGISTRATION in rules.conflict_rules:
        found += _registration_conflicts(claim, me, live, rules)
    return tuple(found)


def _registration_conflicts(
    claim: Claim, me: _Identity, live: Iterable[LiveRegistration], rules: RegistrationRules
) -> list[Conflict]:
    others = [r for r in live if r.partner_id != claim.partner_id and (
        r.account_id in me.account_ids or me.same_company(r.company_name, r.domain, rules.free_mail_domains))]
    return [Conflict(ConflictRule.LIVE_REGISTRATION, f"partner {r.partner_id} holds live registration {r.id} "
                     f"for {r.company_name}", r.account_id, (), (r.id,)) for r in others]


def is_overdue(status: RegistrationStatus, respond_by: datetime, now: datetime) -> bool:
    """A pending registration past its response deadline."""
    return status is RegistrationStatus.PENDING and now > respond_by


def is_live(status: RegistrationStatus, expires_on: date, today: date) -> bool:
    return status in (RegistrationStatus.PENDING, RegistrationStatus.APPROVED) and today <= expires_on

"""Our side of a private overlap: our accounts' registrable domains, and the accounts behind shared domains."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select

from partnerops.analytics.live import live_account
from partnerops.mapping.domains import registrable_domain
from partnerops.mapping.psi_errors import PsiError
from partnerops.store.tables import accounts, partners

__all__ = ["AccountRef", "UnknownPartner", "accounts_by_domain", "partner_label"]


class UnknownPartner(PsiError, LookupError):
    def __init__(self, external_id: str) -> None:
        super().__init__(f"no partner with external id {external_id!r}")


@dataclass(frozen=True)
class AccountRef:
    id: int
    name: str


def accounts_by_domain(engine: Engine) -> dict[str, list[AccountRef]]:
    """Our accounts under each registrable domain; free-mail and invalid domains are left out (they name no one)."""
    found: dict[str, list[AccountRef]] = defaultdict(list)
    a = accounts.c
    query = select(a.id, a.name, a.domain).where(a.domain.is_not(None), live_account())
    with engine.connect() as connection:
        for account_id, name, domain in connection.execute(query.order_by(accounts.c.id)):
            registrable = registrable_domain(domain)
            if registrable is not None:
                found[registrable].append(AccountRef(account_id, name))
    return dict(found)


def partner_label(engine: Engine, external_id: str) -> str:
    """How a session names the partner it is with: `Name (external id)`."""
    with engine.connect() as connection:
        names = connection.execute(select(partners.c.name).where(partners.c.external_id == external_id)).all()
    if len(names) != 1:
        raise UnknownPartner(external_id)
    return f"{names[0].name} ({external_id})"

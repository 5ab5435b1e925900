"""A partner's payment and tax details, sealed under PARTNEROPS_SECRET_KEY the way CRM secrets are."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select, update

from partnerops.store.payment_tables import partner_payment_details
from partnerops.sync.sealing import seal, unseal

__all__ = ["FIELDS", "PaymentDetails", "load_details", "masked", "save_details"]


@dataclass(frozen=True)
class PaymentDetails:
    legal_name: str = ""
    tax_country: str = ""
    tax_id: str = ""
    stripe_account: str = ""
    paypal_email: str = ""


FIELDS = tuple(PaymentDetails.__dataclass_fields__)


class InvalidDetails(ValueError):
    """A payment details form with a value that cannot be used; names the field."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(f"{field} {value!r}: {reason}")
        self.field = field


def checked(details: PaymentDetails) -> PaymentDetails:
    """The details with blanks trimmed; InvalidDetails for a value no provider would take."""
    trimmed = PaymentDetails(**{k: v.strip() for k, v in asdict(details).items()})
    if trimmed.stripe_account and not trimmed.stripe_account.startswith("acct_"):
        raise InvalidDetails("stripe_account", trimmed.stripe_account, "a Stripe connected account id starts acct_")
    if trimmed.paypal_email and "@" not in trimmed.paypal_email:
        raise InvalidDetails("paypal_email", trimmed.paypal_email, "not an email address")
    if trimmed.tax_country and (len(trimmed.tax_country) != 2 or not trimmed.tax_country.isalpha()):
        raise InvalidDetails("tax_country", trimmed.tax_country, "a two-letter ISO 3166 country code")
    return PaymentDetails(**{**asdict(trimmed), "tax_country": trimmed.tax_country.upper()})


def save_details(engine: Engine, partner_id: int, details: PaymentDetails, key: bytes, actor: str) -> None:
    """Seal and store the partner's details, replacing what it had."""
    sealed = seal(asdict(checked(details)), key)
    values = {"sealed": sealed, "updated_at": datetime.now(UTC), "updated_by": actor}
    table = partner_payment_details
    with engine.begin() as conn:
        changed = conn.execute(update(table).where(table.c.partner_id == partner_id).values(**values)).rowcount
        if not changed:
            conn.execute(insert(table).values(partner_id=partner_id, **values))


def load_details(conn: Connection, partner_id: int, key: bytes) -> PaymentDetails | None:
    table = partner_payment_details
    sealed = conn.execute(select(table.c.sealed).where(table.c.partner_id == partner_id)).scalar()
    if sealed is None:
        return None
    opened = unseal(sealed, key)
    return PaymentDetails(**{k: opened.get(k, "") for k in FIELDS})


def masked(value: str) -> str:
    """A stored identifier shown with all but its last four characters hidden."""
    return value if len(value) <= 4 else "•" * (len(value) - 4) + value[-4:]

"""The providers built from their PARTNEROPS_* settings (the environment, or the .env file)."""

from __future__ import annotations

from partnerops.payments.errors import ProviderNotConfigured, UnknownProvider
from partnerops.payments.paypal import PayPalPayouts
from partnerops.payments.providers import Provider
from partnerops.payments.stripe import StripeTransfers
from partnerops.settings import environment_values

__all__ = ["PROVIDERS", "provider_named"]

PROVIDERS = ("stripe", "paypal")
NEEDED = {
    "stripe": ("stripe_api_key", "stripe_webhook_secret"),
    "paypal": ("paypal_client_id", "paypal_client_secret", "paypal_webhook_id"),
}
BASES = {"stripe": "stripe_api_base", "paypal": "paypal_api_base"}


def provider_named(name: str) -> Provider:
    """The provider `name` with its credentials; a clear error naming the missing setting."""
    if name not in PROVIDERS:
        raise UnknownProvider(f"unknown payment provider {name!r}: use one of {', '.join(PROVIDERS)}")
    values = environment_values(dict.fromkeys((*NEEDED[name], BASES[name])))
    missing = [f"PARTNEROPS_{n.upper()}" for n in NEEDED[name] if not values.get(n)]
    if missing:
        raise ProviderNotConfigured(f"{name} is not configured: set {', '.join(missing)}")
    base = values.get(BASES[name], "").rstrip("/")
    if name == "stripe":
        return StripeTransfers(values["stripe_api_key"], values["stripe_webhook_secret"],
                               base_url=base or "https://api.stripe.com")  # fmt: skip
    return PayPalPayouts(values["paypal_client_id"], values["paypal_client_secret"], values["paypal_webhook_id"],
                         base_url=base or "https://api-m.paypal.com")  # fmt: skip

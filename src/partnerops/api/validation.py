"""What every API request body shares: unknown fields refused, and the field types that apply the input rules
of `domain` (names, free text, e-mail, web domain, days, amounts), so a bad value is a 422 naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from partnerops.api.errors import ApiError
from partnerops.domain.address_rules import checked_email, checked_web_domain
from partnerops.domain.amount_rules import Sign, checked_money
from partnerops.domain.date_rules import EARLIEST_DAY, LATEST_DAY, checked_day
from partnerops.domain.input_errors import InvalidValue
from partnerops.domain.money import Money
from partnerops.domain.registration_rules import normalise_domain
from partnerops.domain.text_rules import free_text, name_text

__all__ = ["AmountIn", "BlankIsNone", "CurrencyIn", "DayIn", "EmailIn", "NameIn", "StrictBody", "TextIn",
           "WebDomainIn", "money_in"]


class StrictBody(BaseModel):
    """Base of every request body: a field the API does not know is a 422 naming it, never silently dropped."""

    model_config = ConfigDict(extra="forbid")


def _rule(check: Callable[[str, str], str]) -> AfterValidator:
    """A domain rule as a pydantic validator; its reason becomes the 422's message (the field comes from loc)."""

    def validate(value: str) -> str:
        try:
            return check(value, "value")
        except InvalidValue as exc:
            raise PydanticCustomError("invalid_value", "{reason}", {"reason": exc.reason}) from exc

    return AfterValidator(validate)


def _day(value: date) -> date:
    try:
        return checked_day(value, "value")
    except InvalidValue as exc:
        raise PydanticCustomError("invalid_value", "{reason}", {"reason": exc.reason}) from exc


def _domain(value: str, field: str) -> str:
    return checked_web_domain(value, normalise_domain(value), field)


NameIn = Annotated[str, Field(min_length=1, max_length=200), _rule(name_text)]
TextIn = Annotated[str, Field(min_length=1, max_length=10_000), _rule(free_text)]
EmailIn = Annotated[str, Field(min_length=3, max_length=320, description="An e-mail address."), _rule(checked_email)]
WebDomainIn = Annotated[str, Field(min_length=1, max_length=253, description="A web domain, e.g. acme.com."),
                        _rule(_domain)]
DayIn = Annotated[date, Field(description=f"{EARLIEST_DAY.year}-01-01 to {LATEST_DAY.year}-12-31."),
                  AfterValidator(_day)]
AmountIn = Annotated[Decimal, Field(allow_inf_nan=False, description='An exact decimal, e.g. "25000.00".')]
CurrencyIn = Annotated[str, Field(pattern="^[A-Za-z]{3}$", description="ISO 4217 code.")]


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Value = TypeVar("Value")
# An optional field: absent, null and "" (or spaces) all mean "not given"; anything else must pass its rule.
BlankIsNone = Annotated[Value | None, BeforeValidator(_blank_is_none)]


def money_in(amount: Decimal, currency: str, field: str, sign: Sign = Sign.POSITIVE) -> Money:
    """The amount as Money, or a 422 naming `field`: its sign, its currency's decimals, what a BIGINT holds."""
    try:
        return checked_money(amount, currency.upper(), field, sign)
    except InvalidValue as exc:
        raise ApiError(422, f"{exc.value} {exc.reason}", field=exc.field) from exc

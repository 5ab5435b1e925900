"""The one error a value typed by a person raises when it cannot be accepted: which field, what value, why."""

from __future__ import annotations

__all__ = ["InvalidValue"]


class InvalidValue(ValueError):
    """`field`'s `value` is refused for `reason` (a phrase that reads after the value: "is not an amount")."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        super().__init__(f"{field}: {value!r} {reason}")
        self.field = field
        self.value = value
        self.reason = reason

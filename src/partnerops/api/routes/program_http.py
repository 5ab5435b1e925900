"""What the program routes share: program errors as HTTP statuses, and the reason a decision gives."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from pydantic import Field

from partnerops.api.errors import ApiError
from partnerops.api.validation import StrictBody, TextIn
from partnerops.domain.money import UnknownCurrency
from partnerops.program.errors import (
    InsufficientFunds,
    InvalidProgramInput,
    InvalidTransition,
    ProgramForbidden,
    ProgramNotFound,
)


class ReasonIn(StrictBody):
    reason: Annotated[TextIn, Field(max_length=2_000)]


@contextmanager
def program_answers() -> Iterator[None]:
    """Program refusals as statuses: unseen 404, a wrong role 403, a bad value 422, a wrong state 409."""
    try:
        yield
    except ProgramNotFound as exc:
        raise ApiError(404, str(exc)) from exc
    except ProgramForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except InvalidProgramInput as exc:
        raise ApiError(422, exc.message, field=exc.field) from exc
    except UnknownCurrency as exc:
        raise ApiError(422, f"{exc} is not an ISO 4217 currency", field="currency") from exc
    except (InvalidTransition, InsufficientFunds) as exc:
        raise ApiError(409, str(exc), code="invalid_transition") from exc
    except ValueError as exc:
        raise ApiError(422, str(exc)) from exc

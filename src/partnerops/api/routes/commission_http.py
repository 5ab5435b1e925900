"""What the commission routes share: commission errors as HTTP statuses, and the roles that see every partner."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends

from partnerops.api.dependencies import require_roles
from partnerops.api.errors import ApiError
from partnerops.commissions.access import COMMISSION_STAFF
from partnerops.commissions.errors import CommissionForbidden, CommissionNotFound, InvalidTransition, ReasonRequired
from partnerops.commissions.periods import InvalidPeriod
from partnerops.domain.money import UnknownCurrency
from partnerops.domain.roles import Principal

# The roles `commissions.access` admits to every partner's commission data: one rule for pages and API.
Finance = Annotated[Principal, Depends(require_roles(*COMMISSION_STAFF))]


@contextmanager
def commission_answers() -> Iterator[None]:
    """Commission refusals as statuses: unseen 404, a wrong role 403, a bad value 422, a wrong state 409."""
    try:
        yield
    except CommissionNotFound as exc:
        raise ApiError(404, str(exc)) from exc
    except CommissionForbidden as exc:
        raise ApiError(403, str(exc)) from exc
    except (ReasonRequired, InvalidPeriod, UnknownCurrency) as exc:
        raise ApiError(422, str(exc)) from exc
    except InvalidTransition as exc:
        raise ApiError(409, str(exc), code="invalid_transition") from exc

"""Pages for commissions: statements, payouts and disputes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

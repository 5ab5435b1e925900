"""API for account mapping: overlap with each partner, co-sell targets, match review."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

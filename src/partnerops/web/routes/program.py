"""Pages for the program: MDF, lifecycle and tiers, enablement, health and experiments."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

"""API for signal review: mentions found in calls and emails, grouped by the touch they propose."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

"""API for private overlap: one party's blinded domains in, the doubly blinded set back (server to server)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

"""Deal registration endpoints (being built)."""

from fastapi import APIRouter

router = APIRouter()

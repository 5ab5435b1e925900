"""API for the partner assistant: questions answered from the asker's own data and the program's documents."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

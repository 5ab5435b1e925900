"""The partner assistant and program documents: import documents, ask questions, recommend partners."""

from __future__ import annotations

import typer

# (name, group) pairs the `partnerops` command mounts.
GROUPS: tuple[tuple[str, typer.Typer], ...] = ()

"""Running the program: MDF, lifecycle and tiers, enablement, partner health and experiments."""

from __future__ import annotations

import typer

# (name, group) pairs the `partnerops` command mounts.
GROUPS: tuple[tuple[str, typer.Typer], ...] = ()

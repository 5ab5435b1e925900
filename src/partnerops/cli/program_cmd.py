"""Running the program: MDF, lifecycle and tiers, enablement, partner health and experiments, as command groups."""

from __future__ import annotations

import typer

from partnerops.cli import enablement_cmd, experiments_cmd, health_cmd, mdf_cmd, program_lifecycle_cmd

# (name, group) pairs the `partnerops` command mounts.
GROUPS: tuple[tuple[str, typer.Typer], ...] = (
    ("mdf", mdf_cmd.app), ("program", program_lifecycle_cmd.app), ("enablement", enablement_cmd.app),
    ("health", health_cmd.app), ("experiments", experiments_cmd.app),
)  # fmt: skip

"""Running the program: MDF, lifecycle and tiers, enablement, partner health and experiments."""

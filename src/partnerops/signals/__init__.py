"""Partner signals from conversations: trackers, the matcher, scanning, linking to deals, proposing touches."""

"""Revenue after the deal: retention, lifetime value by source, time to first value, and the return on partner
investment, from imported revenue, value events and program costs beside attribution."""

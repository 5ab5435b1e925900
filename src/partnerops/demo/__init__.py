"""Generated, seeded demo data with planted effects, and the end-to-end demo run."""

"""Account mapping with partners: matching, overlap, sharing levels, co-sell targets and private set intersection."""

# The import kinds registry loads first: it merges `ingest.kinds_mapping`, which the mapping modules use.
import partnerops.ingest.kinds  # noqa: F401

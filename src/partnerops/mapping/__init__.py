"""Account mapping with partners: matching, overlap, sharing levels, co-sell targets and private set intersection."""

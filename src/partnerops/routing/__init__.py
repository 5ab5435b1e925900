"""Routing: leads and open deals offered to partners ranked by capability, region, tier and capacity, each offer
accepted, declined, withdrawn or expired after its response SLA, partners' applications, and a what-if."""

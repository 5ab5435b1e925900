"""Recruiting: candidate partners ranked by customer overlap, pipeline fit and similar partners' scores, and
their lifecycle from candidate to recruited partner."""

"""Touches claimed by partners and reviewed by sales: claiming, confirming and rejecting, each audited."""

"""Commissions: versioned plans, a double-entry ledger, statements, payouts and disputes."""

"""Paying partners through a payment provider: payout lines sent once, retried, reconciled from webhooks."""

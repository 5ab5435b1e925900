"""Outbound mail: a queue in the database, delivered over SMTP with retries and a dead-letter list."""

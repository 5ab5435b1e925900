"""Import from CRM exports and files: parse, validate, quarantine bad rows, upsert idempotently."""

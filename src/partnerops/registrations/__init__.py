"""Deal registration: rules of engagement, conflicts, expiry and approval SLA, decisions and notices."""

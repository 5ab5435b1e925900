"""The built-in scheduler: the periodic jobs (registration expiry, SLA reminders, the mail queue, alert deliveries,
attribution re-runs), run by `partnerops worker` or beside `partnerops serve`, one worker at a time per job."""

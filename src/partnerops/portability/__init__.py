"""No lock-in and no lost data: every table written out as documented JSON Lines, restored into an empty database,
and consistent backups of a live SQLite or PostgreSQL database."""

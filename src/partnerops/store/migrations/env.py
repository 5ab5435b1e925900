"""Alembic environment: the engine arrives through the config's attributes (see store.database)."""

from alembic import context

from partnerops.store import (  # noqa: F401  (their tables join `metadata`)
    alert_tables,
    assistant_tables,
    auth_tables,
    commission_tables,
    conflict_tables,
    crm_tables,
    ecosystem_tables,
    history_tables,
    idempotency_tables,
    job_tables,
    locks,
    mapping_tables,
    marketplace_tables,
    mcp_tables,
    password_link_tables,
    payment_tables,
    portal_tables,
    program_tables,
    recruiting_tables,
    registration_tables,
    routing_tables,
    setup_tables,
    signal_tables,
    sync_tables,
    write_key_tables,
)
from partnerops.store.tables import metadata

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()

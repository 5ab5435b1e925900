from sqlalchemy import Engine, inspect, select

from partnerops.store.database import migrate
from partnerops.store.tables import accounts


def test_migrated_database_holds_every_entity_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {"partners", "accounts", "opportunities", "touches", "users", "currency_rates", "audit_log"} <= tables


def test_migrating_twice_keeps_the_data(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(accounts.insert().values(source_system="csv", external_id="A1", name="Acme"))
    migrate(engine)
    with engine.connect() as connection:
        assert connection.execute(select(accounts.c.name)).scalars().all() == ["Acme"]

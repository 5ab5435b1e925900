"""The schema check every command makes: the head revision read from the migration files is Alembic's own, a
database at the head is left as it is, and one behind or new is migrated."""

from __future__ import annotations

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from partnerops.store.database import alembic_config, head_revision, make_engine, migrate, stored_revisions


def test_head_read_from_the_migration_files_is_alembics_head(engine: Engine) -> None:
    assert head_revision() == ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_a_migrated_database_stores_the_head(engine: Engine) -> None:
    assert stored_revisions(engine) == {head_revision()}


def test_a_database_one_revision_behind_is_migrated_to_the_head(engine: Engine) -> None:
    config = alembic_config(engine)
    command.downgrade(config, "-1")
    behind = ScriptDirectory.from_config(config).get_revision(head_revision()).down_revision
    assert stored_revisions(engine) == {behind}
    migrate(engine)
    assert stored_revisions(engine) == {head_revision()}


def test_a_new_database_has_no_revision_and_is_created(tmp_path: object) -> None:
    new = make_engine(f"sqlite:///{tmp_path}/new.db")
    assert stored_revisions(new) == set()
    migrate(new)
    assert stored_revisions(new) == {head_revision()}
    new.dispose()

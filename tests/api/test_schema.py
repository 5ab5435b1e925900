"""Property tests against the published OpenAPI schema, in-process, as an admin: no 5xx, responses match."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import Engine

from api.api_world import build_world
from partnerops.api.app import create_app
from partnerops.settings import Settings

SETTINGS = Settings(database_url="sqlite://", secure_cookies=False)


def _operations(schema: schemathesis.BaseSchema) -> dict[str, object]:
    return {result.ok().label: result.ok() for result in schema.get_all_operations()}


LABELS = sorted(_operations(schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(settings=SETTINGS))))


@pytest.mark.parametrize("label", LABELS)
def test_api_honours_its_schema(sqlite_engine: Engine, label: str) -> None:
    world = build_world(sqlite_engine)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(sqlite_engine, SETTINGS))
    operation = _operations(schema)[label]

    @given(data=st.data())
    @settings(max_examples=10, suppress_health_check=list(HealthCheck), deadline=None, database=None)
    def check(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy())  # type: ignore[attr-defined]
        case.call_and_validate(headers=world.headers("admin"), checks=[not_a_server_error, response_schema_conformance])

    check()

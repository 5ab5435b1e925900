"""The API's seeded world and signed-in client, for the routing routes' tests."""

from api.conftest import app, client, world  # noqa: F401  (fixtures)

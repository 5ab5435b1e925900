"""The API's seeded world and signed-in client, for the recruiting route's test."""

from api.conftest import app, client, world  # noqa: F401  (fixtures)

"""The HTTP API (FastAPI) over the service functions, versioned under /api/v1."""

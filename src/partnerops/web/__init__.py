"""Pages for partner managers and the partner portal (Jinja2 + htmx, assets vendored)."""

"""The web pages: the internal partner-ops screens and the partner portal, server-rendered with Jinja2 and htmx."""

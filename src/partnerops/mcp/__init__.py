"""The Model Context Protocol server: scoped read tools and proposal tools for agents, over stdio and HTTP."""

"""Users, passwords, API tokens, web sessions and login rate limiting."""

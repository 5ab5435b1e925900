"""The partner assistant: scoped answers from a partner's own data and the program's documents, with sources."""

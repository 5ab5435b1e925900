"""Entities, value objects and the pure rules of partner operations. No I/O lives here."""

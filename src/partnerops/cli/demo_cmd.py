"""`partnerops demo` (being built)."""


def demo() -> None:
    """Generate demo data, import it, attribute it and print the impact report."""

"""Word lists and the realistic company and person names the demo builds from them."""

from __future__ import annotations

import numpy as np

ROOTS = (
    "North", "Blue", "Silver", "Iron", "Red", "Bright", "Clear", "Deep", "First", "Green", "High", "Cedar",
    "Pine", "Oak", "Maple", "Harbor", "River", "Summit", "Stone", "Swift", "True", "Wide", "West", "East",
    "Star", "Sun", "Moon", "Cloud", "Frost", "Golden", "Granite", "Bold", "Lake", "Lumen", "Nova", "Orbit",
    "Polar", "Prime", "Quartz", "Rapid", "Sage", "Sky", "Solid", "Spark", "Terra", "Tide", "Vast", "Vertex",
    "Atlas", "Beacon", "Copper", "Delta", "Echo", "Falcon", "Glacier", "Horizon", "Keystone", "Lantern",
    "Meridian", "Nimbus", "Onyx", "Pioneer", "Radiant", "Sierra", "Tundra", "Union", "Vector", "Willow",
    "Zenith", "Amber", "Birch", "Coral", "Dune", "Ember", "Fern", "Grove", "Haven", "Indigo", "Juniper",
)
SECONDS = (
    "peak", "field", "bridge", "gate", "wave", "line", "point", "path", "crest", "forge", "works", "stone",
    "light", "ridge", "brook", "haven", "port", "mark", "view", "wood", "dale", "shore", "wind", "rock",
    "fall", "ford", "grid", "hub", "loop", "mill", "nest", "pulse", "rise", "scape", "span", "stack", "stream",
    "tree", "vale", "well", "yard", "beam", "bay", "core", "dock", "flow", "glen", "key", "lane", "leaf",
    "mesa", "north", "quay", "reach", "sail", "shift", "spring", "trail", "vista", "way",
)
INDUSTRIES = (
    "Logistics", "Health", "Energy", "Foods", "Bank", "Insurance", "Retail", "Media", "Pharma", "Motors",
    "Telecom", "Airlines", "Capital", "Dairy", "Manufacturing", "Textiles", "Chemicals", "Mining", "Realty",
    "Hospitality", "Labs", "Biotech", "Robotics", "Semiconductors", "Shipping", "Apparel", "Education",
    "Utilities", "Steel", "Brewing", "Games", "Publishing", "Travel", "Agritech", "Clinics", "Outdoors",
    "Furniture", "Security", "Water", "Aerospace",
)
FIRST_NAMES = (
    "Dana", "Alex", "Priya", "Jonas", "Maria", "Kenji", "Fatima", "Liam", "Sofia", "Mateo", "Aisha", "Noah",
    "Chloe", "Ravi", "Elena", "Tom", "Yuki", "Hannah", "Diego", "Nora", "Omar", "Lena", "Sam", "Ingrid",
)
LAST_NAMES = (
    "Whitfield", "Okafor", "Brennan", "Nakamura", "Lindqvist", "Moreau", "Castillo", "Shah", "Keller",
    "Osei", "Fischer", "Ramos", "Byrne", "Tanaka", "Novak", "Haddad", "Costa", "Müller", "Walsh", "Ito",
)


def company_stems(rng: np.random.Generator, count: int) -> tuple[list[str], list[str]]:
    """`count` distinct company names without legal form, and the matching domain labels."""
    sizes = (len(ROOTS), len(SECONDS), len(INDUSTRIES))
    capacity = sizes[0] * sizes[1] * sizes[2]
    if count > capacity:
        raise ValueError(f"at most {capacity} distinct company names, asked for {count}")
    picks = rng.choice(capacity, size=count, replace=False)
    roots, seconds, industries = np.unravel_index(picks, sizes)
    names = [f"{ROOTS[r]}{SECONDS[s]} {INDUSTRIES[i]}" for r, s, i in zip(roots, seconds, industries, strict=True)]
    labels = [name.lower().replace(" ", "") for name in names]
    return names, labels


def compound_words(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct invented brand words such as "Northpeak"."""
    picks = rng.choice(len(ROOTS) * len(SECONDS), size=count, replace=False)
    roots, seconds = np.divmod(picks, len(SECONDS))
    return [f"{ROOTS[r]}{SECONDS[s]}" for r, s in zip(roots, seconds, strict=True)]


def person_names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct full names."""
    picks = rng.choice(len(FIRST_NAMES) * len(LAST_NAMES), size=count, replace=False)
    firsts, lasts = np.divmod(picks, len(LAST_NAMES))
    return [f"{FIRST_NAMES[f]} {LAST_NAMES[last]}" for f, last in zip(firsts, lasts, strict=True)]

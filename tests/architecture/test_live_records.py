"""Every read of deals, accounts, partners and touches in the figure-producing code leaves deleted records out.

A function that names one of those tables (directly or through a module-level alias such as `o = opportunities.c`)
must apply the matching condition of `analytics.live` in the same function, or read `deleted_at` itself to say
why a record is gone. A new query that forgets the filter fails here before it can count a deleted deal.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "partnerops"
# The code that turns records into figures and the API's record reads. Feature packages and page queries compose
# queries across functions, which this function-local check cannot follow; their behaviour tests cover them.
CHECKED = ("analytics", "attribution", "reports", "api/routes", "web/dashboard.py")
# The conditions that leave each table's deleted records out (a live touch has a live deal, partner and account;
# a live deal a live account).
COVERED_BY = {
    "opportunities": {"live_opportunity", "live_touch"},
    "accounts": {"live_account", "live_opportunity", "live_touch"},
    "partners": {"live_partner", "live_touch"},
    "touches": {"live_touch"},
}
EXEMPT = {SRC / "analytics" / "live.py"}


def _modules() -> Iterator[Path]:
    for part in CHECKED:
        path = SRC / part
        yield from ([path] if path.is_file() else sorted(path.rglob("*.py")))


def _table_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> table, for the tables imported from the store and module-level aliases of them."""
    names = {
        alias.asname or alias.name: alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "partnerops.store.tables"
        for alias in node.names
        if alias.name in COVERED_BY
    }
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            base = node.value.value if isinstance(node.value, ast.Attribute) else node.value
            if isinstance(base, ast.Name) and base.id in names:
                names[node.targets[0].id] = names[base.id]
    return names


def _functions(tree: ast.Module) -> Iterator[ast.FunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            yield node


def _forgotten(tree: ast.Module, where: str) -> list[str]:
    """Each function of `tree` that reads a table without the condition that leaves its deleted records out."""
    tables = _table_names(tree)
    found = []
    for function in _functions(tree):
        used = {n.id for n in ast.walk(function) if isinstance(n, ast.Name)}
        reads_deleted = any(isinstance(n, ast.Attribute) and n.attr == "deleted_at" for n in ast.walk(function))
        for name in sorted(used & tables.keys()):
            if not reads_deleted and not used & COVERED_BY[tables[name]]:
                found.append(f"{where}:{function.lineno} {function.name}() reads {tables[name]}")
    return found


def test_every_read_of_crm_records_leaves_deleted_ones_out() -> None:
    forgotten = [
        line
        for path in _modules()
        if path not in EXEMPT
        for line in _forgotten(ast.parse(path.read_text(encoding="utf-8")), str(path.relative_to(SRC)))
    ]
    assert not forgotten, "add the analytics.live condition to:\n" + "\n".join(forgotten)


@pytest.mark.parametrize(
    ("source", "forgets"),
    [
        ("from partnerops.store.tables import opportunities\ndef f(c):\n    return select(opportunities.c.id)\n", True),
        ("from partnerops.store.tables import opportunities\no = opportunities.c\ndef f(c):\n    return select(o.id)\n",
         True),
        ("from partnerops.store.tables import opportunities\n"
         "def f(c):\n    return select(opportunities.c.id).where(live_opportunity())\n", False),
        ("from partnerops.store.tables import touches\n"
         "def f(c):\n    return select(touches.c.id).where(live_opportunity())\n", True),
    ],
)
def test_the_check_catches_a_read_without_the_condition(source: str, forgets: bool) -> None:
    assert bool(_forgotten(ast.parse(source), "probe.py")) is forgets

"""The command line starts at once: loading it pulls in no analytics, database or web library, every command
answers `--help`, flags show no placeholder and options say what they take, and `--version` prints the version."""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.main import get_command
from typer.testing import CliRunner

import partnerops
from partnerops.cli.command_tree import LazyCommand, LazyGroup, RootGroup
from partnerops.cli.main import MOUNTED, app

# Measured on `python -X importtime`: each of these costs from 60 ms (pydantic) to seconds (scipy, statsmodels), and
# no `--help` needs one. Commands import them inside the functions that use them.
HEAVY_LIBRARIES = (
    "scipy", "statsmodels", "matplotlib", "pandas", "numpy", "polars", "duckdb", "pyarrow", "pyspark", "ibis",
    "sqlglot", "hyperscan", "fastapi", "starlette", "uvicorn", "httpx", "jinja2", "fpdf", "sqlalchemy", "alembic",
    "psycopg", "pydantic", "pydantic_settings", "wordllama", "bm25s", "pypdf", "rapidfuzz", "pysodium", "babel",
)  # fmt: skip
# Of our own packages only the commands and the pure domain (no I/O, no heavy library) load at start.
LIGHT_PACKAGES = ("partnerops.cli", "partnerops.domain")

LOAD_CLI = "import json, sys; import partnerops.cli.main; print(json.dumps(sorted(sys.modules)))"
# Answering help goes through Typer's parsing and Rich's rendering too; sys.modules is printed as the process ends.
ANSWER_HELP = ("import atexit, json, sys; atexit.register(lambda: print(json.dumps(sorted(sys.modules)), "
               "file=sys.stderr)); from partnerops.cli.main import app; app(sys.argv[1:], prog_name='partnerops')")
# Flags take no value; an option's placeholder is a word in capitals (FILE, DATE, N, CODE) or its choices.
PLACEHOLDER = re.compile(r"[A-Z][A-Z_]*|\[[^\[\]<>]+\]")
# Typer's own type words, which no argument or option shows: its name or placeholder says what it takes.
TYPER_TYPES = re.compile(r"<(?:bool|str|int|float|path|file|dir|datetime|list\[\w+\])>")

runner = CliRunner()


def _load_cli() -> tuple[list[str], str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", LOAD_CLI], capture_output=True, text=True,
                          check=True)  # fmt: skip
    return json.loads(done.stdout), done.stderr


def _import_chain(importtime: str, module: str) -> str:
    """Who imported MODULE first, from `-X importtime` (children are listed before their parent, indented)."""
    rows = [line.split("|")[-1] for line in importtime.splitlines() if line.startswith("import time:")]
    names = [(len(row) - len(row.lstrip()), row.strip()) for row in rows]
    at = next((i for i, (_, name) in enumerate(names) if name == module), None)
    if at is None:
        return module
    chain = [module]
    depth = names[at][0]
    for indent, name in names[at + 1:]:
        if indent < depth:
            chain.append(name)
            depth = indent
    return " <- ".join(chain)


def test_loading_the_command_line_pulls_in_no_heavy_library_or_feature_package() -> None:
    loaded, importtime = _load_cli()
    heavy = [m for m in loaded if m in HEAVY_LIBRARIES]
    ours = [m for m in loaded if m.startswith("partnerops.") and m.count(".") == 1 and not m.startswith(LIGHT_PACKAGES)]
    culprits = "\n".join(_import_chain(importtime, m) for m in heavy + ours)
    if culprits:
        pytest.fail(f"imported at the top of a module that `--help` loads (import it in the command):\n{culprits}",
                    pytrace=False)


def test_answering_a_commands_help_loads_no_heavy_library() -> None:
    done = subprocess.run([sys.executable, "-c", ANSWER_HELP, "mail", "list", "--help"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert "Usage: partnerops mail list" in done.stdout
    loaded = json.loads(done.stderr.splitlines()[-1])
    assert [m for m in loaded if m in HEAVY_LIBRARIES] == []


# A database command, stopped as soon as it has opened the database: what it loaded before its own work.
TO_WORK = ("import atexit, json, sys; from partnerops.cli import context; _open = context.open_engine\n"
           "def _stop(*args, **kwargs): _open(*args, **kwargs); print(json.dumps(sorted(sys.modules)), "
           "file=sys.stderr); sys.exit(0)\n"
           "context.open_engine = _stop\n"
           "from partnerops.cli.main import app; app(sys.argv[1:], prog_name='partnerops')")
# What opening the database needs (and nothing a listing does not).
TO_WORK_NEEDS = frozenset({"sqlalchemy", "alembic"})


@pytest.mark.parametrize("words", [("users", "list"), ("partners", "list"), ("registrations", "list"),
                                   ("commissions", "ledger"), ("mail", "list")], ids=" ".join)
def test_a_listing_loads_no_analytics_or_validation_library_before_its_own_work(
        words: tuple[str, ...], tmp_path: Path) -> None:  # fmt: skip
    database = f"sqlite:///{tmp_path}/startup.db"
    env = {**os.environ, "PARTNEROPS_DATABASE_URL": database}
    subprocess.run([sys.executable, "-c", TO_WORK, "users", "list"], env=env, capture_output=True, check=True)
    done = subprocess.run([sys.executable, "-c", TO_WORK, *words], env=env, capture_output=True, text=True,
                          check=True)  # fmt: skip
    loaded = json.loads(done.stderr.splitlines()[-1])
    assert [m for m in loaded if m in HEAVY_LIBRARIES and m not in TO_WORK_NEEDS] == []


def _commands(group: TyperGroup, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in group.commands.items():
        yield (*path, name)
        if isinstance(command, TyperGroup):
            yield from _commands(command, (*path, name))


ROOT = get_command(app)
assert isinstance(ROOT, RootGroup)
ROOT.build_all()
COMMANDS = sorted(_commands(ROOT))


def _command(path: tuple[str, ...]) -> TyperCommand | TyperGroup:
    command: TyperCommand | TyperGroup = ROOT
    for name in path:
        assert isinstance(command, TyperGroup)
        command = command.commands[name]  # type: ignore[assignment]
    return command


def _help(path: tuple[str, ...]) -> tuple[int | str | None, str]:
    """`partnerops PATH --help` on the command tree built once (CliRunner.invoke would rebuild it every time)."""
    with runner.isolation() as (_, _, output):
        try:
            ROOT.main([*path, "--help"], prog_name="partnerops")
        except SystemExit as stop:
            return stop.code, output.getvalue().decode()
    return None, output.getvalue().decode()


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_answers_help(path: tuple[str, ...]) -> None:
    code, shown = _help(path)
    assert code == 0, shown
    assert f"partnerops {' '.join(path)}" in " ".join(shown.split())
    assert not TYPER_TYPES.findall(shown)


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda path: " ".join(path) or "partnerops")
def test_flags_show_no_placeholder_and_options_say_what_they_take(path: tuple[str, ...]) -> None:
    command = _command(path)
    context = typer.Context(command, info_name=path[-1] if path else "partnerops")
    options = [p for p in command.get_params(context) if isinstance(p, TyperOption)]
    shown = {p.opts[0]: p.display_type_rich(context) or "" for p in options}
    flags = {p.opts[0] for p in options if p.is_flag}
    assert {flag: shown[flag] for flag in flags} == dict.fromkeys(flags, "")
    unclear = {opt: shown[opt] for opt in shown.keys() - flags if not PLACEHOLDER.fullmatch(shown[opt])}
    assert not unclear


# Commands that list records, by their last word: each takes --format table|json|csv.
LISTING_WORDS = frozenset({"list", "runs", "ledger", "balance", "queue", "candidates", "dead", "tokens", "review",
                           "participants", "history"})
# Named so by the word alone but acting on one record (review decides a signal), not listing any.
NOT_LISTINGS = frozenset({("signals", "review")})


def test_every_listing_takes_a_format() -> None:
    listings = [path for path in COMMANDS if path[-1] in LISTING_WORDS and path not in NOT_LISTINGS
                and not isinstance(_command(path), TyperGroup)]
    assert len(listings) > 20
    without = [" ".join(path) for path in listings
               if "--format" not in {opt for param in _command(path).params for opt in getattr(param, "opts", [])}]
    assert without == []


def test_the_root_help_lists_every_group_and_offers_version() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("import", "quarantine", "attribution", "report", "commissions", "users", "--version"):
        assert name in result.output
    assert "<bool>" not in result.output


def test_version_prints_the_installed_package_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"partnerops {partnerops.__version__}\n"
    assert partnerops.__version__ == importlib.metadata.version("partnerops")


def _fresh_help(*path: str) -> tuple[RootGroup, str]:
    """`partnerops PATH --help` on a tree built anew, and the tree as it stands afterwards."""
    root = get_command(app)
    assert isinstance(root, RootGroup)
    with runner.isolation() as (_, _, output):
        with contextlib.suppress(SystemExit):
            root.main([*path, "--help"], prog_name="partnerops")
        shown = output.getvalue().decode()
    return root, shown


def test_a_command_builds_only_its_own_group() -> None:
    root, shown = _fresh_help("mail", "list")
    assert "Usage: partnerops mail list" in shown
    waiting = {name for name, command in root.commands.items() if isinstance(command, LazyGroup | LazyCommand)}
    assert "mail" not in waiting and {"users", "report", "commissions", "partners", "import", "serve"} <= waiting


@pytest.mark.parametrize(("words", "modules"), [((), set()), (("mail", "list"), {"mail_cmd"}),
                                                (("import",), {"import_cmd"})], ids=lambda v: " ".join(v) or "-")
def test_a_command_line_loads_only_the_command_modules_it_runs(words: tuple[str, ...], modules: set[str]) -> None:
    done = subprocess.run([sys.executable, "-c", ANSWER_HELP, *words, "--help"], capture_output=True, text=True,
                          check=True)  # fmt: skip
    loaded = json.loads(done.stderr.splitlines()[-1])
    assert {m.rsplit(".", 1)[-1] for m in loaded if m.startswith("partnerops.cli.") and m.endswith("_cmd")} == modules


def test_every_mounted_group_and_command_loads_and_is_listed_with_its_help() -> None:
    listed = {name: command for name, command in get_command(app).commands.items()}  # type: ignore[attr-defined]
    assert [m.name for m in MOUNTED] == list(listed)
    for mounted in MOUNTED:
        loaded = mounted.load()
        assert isinstance(loaded, typer.Typer) == mounted.group, mounted
        assert mounted.help and mounted.help.endswith((".", ")")), mounted
        if mounted.group:  # a command's own help is its docstring
            assert mounted.help in " ".join(_help((mounted.name,))[1].replace("│", " ").split()), mounted


def test_the_root_help_lists_groups_before_they_are_built() -> None:
    root, shown = _fresh_help()
    shown = " ".join(shown.split())
    assert "users Users who sign in to the web app and the API" in shown
    assert all(isinstance(command, LazyGroup) for name, command in root.commands.items() if name in ("users", "mail"))

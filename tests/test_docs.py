"""The reference site under docs/ builds offline, and every command it shows runs: docs that are tests.

A page's `sh` blocks run in page order with bash, after `partnerops demo`, in one empty directory; a block just
after `<!-- file: NAME -->` is written to NAME instead of run. `text` blocks show commands that need something
outside one machine (a server left running, a partner's server); those are parsed against the command tree."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import typer.main
import yaml

from partnerops.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SHELL_EXPANSION = re.compile(r'"?\$(?:\([^)]*\)|\{[^}]*\}|\w+)"?')
BLOCK = re.compile(r"(?:<!-- file: (?P<file>[^ ]+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)```", re.S)


@dataclass(frozen=True)
class Block:
    page: str
    lang: str
    body: str
    file: str | None


def nav_pages() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return [page for entry in config["nav"] for page in entry.values()]


def blocks(page: str) -> list[Block]:
    text = (DOCS / page).read_text(encoding="utf-8")
    return [Block(page, m["lang"], m["body"], m["file"]) for m in BLOCK.finditer(text)]


def shown_commands(block: Block) -> list[tuple[dict[str, str], list[str]]]:
    """The `partnerops ...` invocations of a block with the variables set before them on the line, one per
    command (continuations joined, `&&` split, shell expansions standing for one word). Lines that are not
    commands of ours (a JSON body, a heredoc) are left to bash."""
    joined = SHELL_EXPANSION.sub("1", block.body.replace("\\\n", " "))
    commands = []
    for line in joined.splitlines():
        for part in re.split(r"&&|\|\||;", line):
            try:
                words = shlex.split(part, comments=True)
            except ValueError:  # an unbalanced quote: a line of a quoted body, not a command line
                continue
            assigned = words[: _first_word(words)]
            words = words[len(assigned) :]
            if words and words[0] == "partnerops":
                env = dict(a.split("=", 1) for a in assigned)
                commands.append((env, words[1 : _redirect(words)]))
    return commands


def _first_word(words: list[str]) -> int:
    return next((i for i, w in enumerate(words) if not re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", w)), len(words))


def _redirect(words: list[str]) -> int:
    return next((i for i, w in enumerate(words) if w in {">", "<", "|", "2>"}), len(words))


def parse(words: list[str]) -> str:
    """The name of the command `words` invokes, after the whole command line parsed (or a usage error)."""
    command = typer.main.get_command(app)
    context = command.make_context("partnerops", list(words))
    while hasattr(command, "resolve_command"):
        args = [*getattr(context, "_protected_args", []), *context.args]
        name, command, rest = command.resolve_command(context, args)
        context = command.make_context(name, rest, parent=context)
    return str(command.name)


def test_the_site_builds_offline_with_every_page(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path)],
                           cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
    assert built.returncode == 0, built.stderr
    for page in nav_pages():
        assert (tmp_path / page.replace(".md", ".html")).is_file(), page
    assets = {a for html in tmp_path.glob("*.html")
              for a in re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]*)"', html.read_text())}  # fmt: skip
    assert not {a for a in assets if a.startswith(("http:", "https:", "//"))}


def test_every_page_of_the_site_is_in_its_navigation() -> None:
    assert {p.name for p in DOCS.glob("*.md")} == set(nav_pages())


@pytest.mark.parametrize("page", nav_pages())
def test_every_command_shown_parses(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for block in blocks(page):
        for env, words in shown_commands(block):
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            try:
                parse(words)
            except Exception as error:  # the command tree's usage errors, whatever their class
                message = error.format_message() if hasattr(error, "format_message") else str(error)
                if "does not exist" in message:  # a file the reader's machine holds (a key, their own mapping)
                    continue
                pytest.fail(f"{page}: partnerops {shlex.join(words)}: {message}")


@pytest.mark.slow
def test_every_command_shown_runs_after_the_demo(tmp_path: Path) -> None:
    env = {**os.environ, "PARTNEROPS_DATABASE_URL": f"sqlite:///{tmp_path / 'partnerops.db'}",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100"}  # fmt: skip
    env.pop("PARTNEROPS_ACTOR", None)
    _bash("partnerops demo > /dev/null", tmp_path, env, "the demo")
    for page in nav_pages():
        for number, block in enumerate(blocks(page), start=1):
            if block.file:
                (tmp_path / block.file).parent.mkdir(parents=True, exist_ok=True)
                (tmp_path / block.file).write_text(block.body, encoding="utf-8")
            elif block.lang == "sh":
                _bash(block.body, tmp_path, env, f"{page}, block {number}")


def _bash(script: str, cwd: Path, env: dict[str, str], where: str) -> None:
    ran = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=900, check=False)  # fmt: skip
    output = f"{ran.stdout[-3000:]}\n{ran.stderr[-3000:]}"
    assert ran.returncode == 0, f"{where} failed (exit {ran.returncode}):\n{script}\n{output}"

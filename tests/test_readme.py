"""The README's tour of the command line runs as written after the demo: docs that are tests."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnerops.cli.main import app

README = Path(__file__).resolve().parents[1] / "README.md"
runner = CliRunner()


def tour_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## A tour of the command line.*?```sh\n(.*?)```", text, re.S)
    assert block, "the README lost its tour"
    commands = []
    for line in block.group(1).splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == "partnerops", line
            commands.append(words[1 : words.index(">")] if ">" in words else words[1:])
    return commands


@pytest.mark.slow
def test_every_command_of_the_tour_succeeds_after_the_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{tmp_path / 'partnerops.db'}")
    demo = runner.invoke(app, ["demo"])
    assert demo.exit_code == 0, demo.output
    for command in tour_commands():
        result = runner.invoke(app, command)
        assert result.exit_code == 0, f"partnerops {' '.join(command)}\n{result.output}"
    explained = runner.invoke(app, ["attribution", "explain", "006Dn0000HXCzTFIQ1"])
    assert "Truewind Software: sourced — deal_registration" in explained.output

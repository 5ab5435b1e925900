"""The Dockerfile and compose.yaml run the app on PostgreSQL with its background jobs: checked by reading them (no
Docker daemon here), against the app's own routes and command tree, so a renamed command or probe fails the suite."""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.main import get_command

from partnerops.api.app import create_app
from partnerops.cli.main import app as cli
from partnerops.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
# Instructions, with continuation lines joined.
INSTRUCTIONS = [line for line in DOCKERFILE.replace("\\\n", " ").splitlines() if line and not line.startswith("#")]


def _instruction(name: str) -> list[str]:
    return [line.split(None, 1)[1] for line in INSTRUCTIONS if line.split(None, 1)[0] == name]


def _probe_path(check: list[str]) -> str:
    url = re.search(r"https?://[^/'\"]+(/[a-z]+)", " ".join(check))
    assert url is not None, check
    return url.group(1)


def test_the_app_runs_on_the_postgresql_service_once_it_is_healthy() -> None:
    app, db = SERVICES["app"], SERVICES["db"]
    url = app["environment"]["PARTNEROPS_DATABASE_URL"]

    assert re.fullmatch(r"postgresql://partnerops:\$\{POSTGRES_PASSWORD:-partnerops\}@db:5432/partnerops", url)
    assert db["environment"]["POSTGRES_DB"] == "partnerops" and db["environment"]["POSTGRES_USER"] == "partnerops"
    assert "pg_isready" in db["healthcheck"]["test"]
    assert app["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert app["build"] == "."
    assert app["ports"] == ["8000:8000"]
    assert app["command"][:2] == ["partnerops", "serve"] and "0.0.0.0" in app["command"]


def test_the_health_checks_probe_routes_the_app_answers(sqlite_engine: Engine) -> None:
    client = TestClient(create_app(sqlite_engine, Settings(database_url=str(sqlite_engine.url))))
    compose_probe = _probe_path(SERVICES["app"]["healthcheck"]["test"])
    image_probe = _probe_path(_instruction("HEALTHCHECK"))

    assert (compose_probe, image_probe) == ("/readyz", "/healthz")
    assert [client.get(path).json()["status"] for path in (compose_probe, image_probe)] == ["ready", "ok"]


def test_the_worker_runs_background_jobs_that_are_commands_of_the_cli() -> None:
    worker = SERVICES["worker"]
    script = worker["command"][-1]
    jobs = [shlex.split(line)[1:] for line in script.splitlines() if line.strip().startswith("partnerops ")]
    tree = get_command(cli)

    assert [job[0] for job in jobs] == ["registrations", "alerts", "alerts", "mail"]
    for group, command in jobs:
        assert command in tree.built(group).commands, f"partnerops {group} {command}"  # type: ignore[attr-defined]
    assert worker["environment"] == SERVICES["app"]["environment"]
    assert worker["depends_on"] == {"app": {"condition": "service_healthy"}}


def test_the_image_is_debian_python_with_the_core_dependencies_only() -> None:
    bases = _instruction("FROM")
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    installs = [line for line in _instruction("RUN") if "pip install" in line]

    assert all(re.match(r"python:3\.\d+-slim-bookworm\b", base) for base in bases), bases
    assert requires == ">=3.11" and all(base.startswith("python:3.11") for base in bases)
    assert installs and all("[" not in line and "-e " not in line for line in installs)
    assert _instruction("EXPOSE") == ["8000"]
    assert _instruction("USER") == ["partnerops"]
    assert "0.0.0.0" in _instruction("CMD")[0]


def test_what_the_image_copies_exists_and_is_not_ignored() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")}  # fmt: skip
    sources = [part for line in _instruction("COPY") if "--from" not in line for part in line.split()[:-1]]

    assert sources == ["pyproject.toml", "README.md", "LICENSE", "src"]
    assert all((ROOT / source).exists() and source not in ignored for source in sources)
    assert {".git", ".venv", "tests", "bench", ".env"} <= ignored


@pytest.mark.parametrize("line", ["Apache License", "Version 2.0, January 2004"])
def test_the_licence_file_is_the_one_pyproject_names(line: str) -> None:
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "Apache-2.0"
    assert line in (ROOT / "LICENSE").read_text()


@pytest.mark.parametrize(("target", "extras"), [("demo", ""), ("test", "[test,spark]"), ("bench", "[bench]")])
def test_each_make_target_installs_only_the_extras_it_needs(target: str, extras: str, tmp_path: Path) -> None:
    planned = subprocess.run(["make", "-n", target, f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
    assert re.findall(r"pip install --quiet -e '([^']*)'", planned) == [f".{extras}"]

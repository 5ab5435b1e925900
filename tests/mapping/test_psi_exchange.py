"""Two PartnerOps instances on loopback, each with its own database, find their shared accounts over HTTP.

Each instance learns exactly the shared registrable domains; nothing on the wire names a domain in clear or
as an unkeyed hash; partner users and other internal roles may not take part.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine, insert
from typer.testing import CliRunner

from mapping.test_psi_wire import clear_traces
from partnerops.api.app import create_app
from partnerops.auth.tokens import create_token
from partnerops.auth.users import add_user
from partnerops.cli.main import app as cli
from partnerops.domain.roles import Role
from partnerops.mapping import psi
from partnerops.mapping.psi_files import message_of
from partnerops.mapping.psi_http import ExchangeFailed, exchange
from partnerops.mapping.psi_state import PsiSettings, list_results
from partnerops.settings import Settings
from partnerops.store.database import make_engine
from partnerops.store.tables import accounts, partners

ALPHA_ACCOUNTS = {"Acme Corp": "https://www.acme.com/about", "Globex UK": "shop.globex.co.uk",
                  "Initech": "initech.io", "Solo Freelancer": "jane@gmail.com", "Umbrella": "umbrella.de",
                  "Hooli": "hooli.xyz"}  # fmt: skip
BRAVO_ACCOUNTS = {"ACME Inc": "acme.com", "Globex Ltd": "globex.co.uk", "Someone": "gmail.com",
                  "Vandelay": "vandelay.com", "Umbrella GmbH": "mail.umbrella.de"}  # fmt: skip
# Free-mail never matches, though both sides list gmail.com.
SHARED = {"acme.com", "globex.co.uk", "umbrella.de"}
EVERY_DOMAIN = {"acme.com", "globex.co.uk", "initech.io", "gmail.com", "umbrella.de", "hooli.xyz", "vandelay.com",
                "www.acme.com", "shop.globex.co.uk", "mail.umbrella.de"}  # fmt: skip
runner = CliRunner()


@dataclass
class Instance:
    engine: Engine
    state_dir: Path
    url: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    wire: list[bytes] = field(default_factory=list)


class _Recorder:
    """ASGI middleware that keeps every request and response body the server sees (the wire, for the tests)."""

    def __init__(self, app: FastAPI, wire: list[bytes]) -> None:
        self.app, self.wire = app, wire

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def recording_receive() -> Any:
            message = await receive()
            self.wire.append(message.get("body", b""))
            return message

        async def recording_send(message: Any) -> None:
            self.wire.append(message.get("body", b""))
            await send(message)

        await self.app(scope, recording_receive, recording_send)


def _seed(engine: Engine, names: dict[str, str], partner: tuple[str, str]) -> dict[str, str]:
    with engine.begin() as c:
        c.execute(insert(partners).values(source_system="csv", external_id=partner[0], name=partner[1],
                                          type="technology"))  # fmt: skip
        c.execute(insert(accounts), [{"source_system": "crm", "external_id": f"ACC-{n}", "name": name,
                                      "domain": domain} for n, (name, domain) in enumerate(names.items())])  # fmt: skip
        tokens = {}
        for role in (Role.PARTNER_MANAGER, Role.SALES):
            user = add_user(c, f"{role.value}@{partner[0].lower()}.example", role)
            tokens[role.value] = create_token(c, user.id, "psi peer")
        user = add_user(c, f"partner@{partner[0].lower()}.example", Role.PARTNER_USER, partner_external_id=partner[0])
        tokens["partner_user"] = create_token(c, user.id, "portal")
    return tokens


@pytest.fixture
def serve() -> Iterator[Callable[[Instance], None]]:
    """Start an instance's API on a free loopback port in a thread; every server stops at the test's end."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(instance: Instance) -> None:
        api = create_app(instance.engine, Settings(database_url="sqlite://", secure_cookies=False))
        api.state.psi_settings = PsiSettings(state_dir=instance.state_dir)
        # Port 0: the system picks a free one, read back from the listening socket once the server is up.
        server = uvicorn.Server(uvicorn.Config(_Recorder(api, instance.wire), host="127.0.0.1", port=0,
                                               log_level="warning"))  # fmt: skip
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            threading.Event().wait(0.05)
        servers.append((server, thread))
        instance.url = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join()


@pytest.fixture
def alpha(sqlite_template: Path, tmp_path: Path, serve: Callable[[Instance], None]) -> Iterator[Instance]:
    """Alpha's instance: a SQLite database of its own, apart from Bravo's."""
    shutil.copy(sqlite_template, tmp_path / "alpha.db")
    engine = make_engine(f"sqlite:///{tmp_path / 'alpha.db'}")
    instance = Instance(engine, tmp_path / "alpha-psi")
    instance.tokens = _seed(engine, ALPHA_ACCOUNTS, ("PB", "Bravo Software"))
    serve(instance)
    yield instance
    engine.dispose()


@pytest.fixture
def bravo(engine: Engine, tmp_path: Path, serve: Callable[[Instance], None]) -> Instance:
    """Bravo's instance runs on each database the suite covers (SQLite and PostgreSQL)."""
    instance = Instance(engine, tmp_path / "bravo-psi")
    instance.tokens = _seed(engine, BRAVO_ACCOUNTS, ("PA", "Alpha Software"))
    serve(instance)
    return instance


def _only_results_left(state_dir: Path) -> bool:
    return all(path.name.endswith(".result.json") for path in state_dir.iterdir())


def test_each_instance_learns_exactly_the_shared_domains(alpha: Instance, bravo: Instance,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setenv("PARTNEROPS_DATABASE_URL", str(alpha.engine.url))
    outcome = runner.invoke(cli, ["mapping", "psi", "exchange", "--with", bravo.url, "--partner", "PB",
                                  "--token", bravo.tokens["partner_manager"], "--state-dir", str(alpha.state_dir)])
    assert outcome.exit_code == 0, outcome.output
    assert "3 shared domains with Bravo Software (PB) (we have 5, they have 4)" in outcome.output
    assert "Acme Corp" in outcome.output and "Hooli" not in outcome.output
    [learned_by_alpha] = list_results(alpha.state_dir)
    [learned_by_bravo] = list_results(bravo.state_dir)
    assert set(learned_by_alpha.shared) == set(learned_by_bravo.shared) == SHARED
    assert learned_by_bravo.counterpart == "partner_manager@pa.example (API)"
    assert _only_results_left(alpha.state_dir) and _only_results_left(bravo.state_dir)


def test_the_other_instance_can_start_the_exchange(alpha: Instance, bravo: Instance) -> None:
    result = exchange(bravo.engine, bravo.state_dir, alpha.url, alpha.tokens["partner_manager"], "Alpha (PA)")
    assert set(result.shared) == SHARED and (result.our_count, result.their_count) == (4, 5)
    assert [set(r.shared) for r in list_results(alpha.state_dir)] == [SHARED]


def test_nothing_on_the_wire_names_a_domain(alpha: Instance, bravo: Instance) -> None:
    exchange(alpha.engine, alpha.state_dir, bravo.url, bravo.tokens["partner_manager"], "Bravo (PB)")
    wire = b"".join(bravo.wire).decode()
    assert '"kind":"reply"' in wire.replace(" ", "")
    assert clear_traces(wire, EVERY_DOMAIN) == []


@pytest.mark.parametrize("who", ["partner_user", "sales"])
def test_only_admins_and_partner_managers_may_take_part(alpha: Instance, bravo: Instance, who: str) -> None:
    with pytest.raises(ExchangeFailed, match="403"):
        exchange(alpha.engine, alpha.state_dir, bravo.url, bravo.tokens[who], "Bravo (PB)")
    assert not bravo.state_dir.exists()
    assert list(alpha.state_dir.iterdir()) == []  # our side forgot the secret of the failed session


def test_a_malformed_point_is_refused_by_the_server(bravo: Instance) -> None:
    _, request = psi.start(["acme.com", "initech.io"])
    body = json.loads(message_of(request).model_dump_json())
    body["points"][1] = "/" * 43 + "="
    response = httpx.post(f"{bravo.url}/api/v1/psi/sessions", json=body,
                          headers={"Authorization": f"Bearer {bravo.tokens['partner_manager']}"})  # fmt: skip
    assert response.status_code == 422
    assert response.json()["error"] == {"code": "invalid", "field": "points.1",
                                        "message": "points[1] is not a valid ristretto255 point: refusing the message"}


def test_a_completion_for_an_unknown_session_is_not_found(bravo: Instance) -> None:
    session = psi.new_session_id()
    body = {"kind": "completion", "session": session, "reblinded": []}
    response = httpx.post(f"{bravo.url}/api/v1/psi/sessions/{session}/completion", json=body,
                          headers={"Authorization": f"Bearer {bravo.tokens['partner_manager']}"})  # fmt: skip
    assert response.status_code == 404


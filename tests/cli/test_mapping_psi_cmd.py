"""`partnerops mapping psi start|respond|finish|results`: two companies find their shared accounts by file exchange."""

from __future__ import annotations

import csv
import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from mapping.test_psi_wire import clear_traces
from partnerops.cli.main import app

runner = CliRunner()
ALPHA = "id,name,domain\nA1,Acme Corp,www.acme.com\nA2,Globex UK,shop.globex.co.uk\nA3,Initech,initech.io\n" \
        "A4,Solo Freelancer,gmail.com\nA5,Acme Labs,labs.acme.com\n"  # fmt: skip
BRAVO = "id,name,domain\nB1,ACME Inc,acme.com\nB2,Globex Ltd,globex.co.uk\nB3,Someone,gmail.com\n" \
        "B4,Vandelay,vandelay.com\n"  # fmt: skip
EVERY_DOMAIN = ["acme.com", "www.acme.com", "labs.acme.com", "globex.co.uk", "shop.globex.co.uk", "initech.io",
                "gmail.com", "vandelay.com"]  # fmt: skip
Run = Callable[..., Result]


def _company(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, accounts: str, partner: str) -> Run:
    """A command runner for one company: its own database and its own session state directory."""
    home = tmp_path / name
    home.mkdir()
    (home / "accounts.csv").write_text(accounts)
    (home / "partners.csv").write_text(f"id,name,type\n{partner},{partner} Software,technology\n")

    def run(*args: str) -> Result:
        monkeypatch.setenv("PARTNEROPS_DATABASE_URL", f"sqlite:///{home / 'partnerops.db'}")
        monkeypatch.setenv("PARTNEROPS_PSI_STATE_DIR", str(home / "psi"))
        return runner.invoke(app, list(args))

    for kind in ("partners", "accounts"):
        assert run("import", kind, str(home / f"{kind}.csv")).exit_code == 0
    return run


@pytest.fixture
def alpha(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return _company(tmp_path, monkeypatch, "alpha", ALPHA, "BRAVO")


@pytest.fixture
def bravo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    return _company(tmp_path, monkeypatch, "bravo", BRAVO, "ALPHA")


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.output


def _exchange(alpha: Run, bravo: Run, files: Path) -> tuple[str, str]:
    """The four steps; what each side's finish printed."""
    _ok(alpha("mapping", "psi", "start", "--partner", "BRAVO", "--out", str(files / "mine.json")))
    _ok(bravo("mapping", "psi", "respond", "--partner", "ALPHA", "--in", str(files / "mine.json"),
              "--out", str(files / "reply.json")))  # fmt: skip
    alpha_learned = _ok(alpha("mapping", "psi", "finish", "--in", str(files / "reply.json"),
                              "--out", str(files / "done.json"), "--save", str(files / "shared.csv")))  # fmt: skip
    return alpha_learned, _ok(bravo("mapping", "psi", "finish", "--in", str(files / "done.json")))


def test_file_exchange_tells_both_sides_their_shared_accounts(alpha: Run, bravo: Run, tmp_path: Path) -> None:
    alpha_learned, bravo_learned = _exchange(alpha, bravo, tmp_path)
    assert "2 shared domains with BRAVO Software (BRAVO) (we have 3, they have 3)" in alpha_learned
    assert "2 shared domains with ALPHA Software (ALPHA) (we have 3, they have 3)" in bravo_learned
    assert all(name in alpha_learned for name in ("Acme Corp", "Acme Labs", "Globex UK"))
    assert "Initech" not in alpha_learned and "Solo Freelancer" not in alpha_learned
    assert "ACME Inc" in bravo_learned and "Vandelay" not in bravo_learned
    with (tmp_path / "shared.csv").open() as handle:
        saved = [(row["domain"], row["account_name"]) for row in csv.DictReader(handle)]
    assert saved == [("acme.com", "Acme Corp"), ("acme.com", "Acme Labs"), ("globex.co.uk", "Globex UK")]
    assert "responder" in _ok(bravo("mapping", "psi", "results"))


def test_exchanged_files_hold_only_blinded_points(alpha: Run, bravo: Run, tmp_path: Path) -> None:
    _exchange(alpha, bravo, tmp_path)
    for name in ("mine.json", "reply.json", "done.json"):
        text = (tmp_path / name).read_text()
        assert clear_traces(text, EVERY_DOMAIN) == [], name
        assert set(json.loads(text)) == {"format", "version", "kind", "session", "points", "reblinded"}


def test_an_open_session_keeps_its_secret_owner_only_and_forgets_it_when_finished(
    alpha: Run, bravo: Run, tmp_path: Path
) -> None:
    _ok(alpha("mapping", "psi", "start", "--partner", "BRAVO", "--out", str(tmp_path / "mine.json")))
    session = json.loads((tmp_path / "mine.json").read_text())["session"]
    state = tmp_path / "alpha" / "psi" / f"{session}.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600 and "secret" in json.loads(state.read_text())
    _ok(bravo("mapping", "psi", "respond", "--partner", "ALPHA", "--in", str(tmp_path / "mine.json"),
              "--out", str(tmp_path / "reply.json")))  # fmt: skip
    _ok(alpha("mapping", "psi", "finish", "--in", str(tmp_path / "reply.json"), "--out", str(tmp_path / "done.json")))
    assert not state.exists()
    again = alpha("mapping", "psi", "finish", "--in", str(tmp_path / "reply.json"), "--out", str(tmp_path / "x.json"))
    assert again.exit_code == 2 and f"no open private-overlap session {session}" in again.output


def test_finishing_a_reply_without_out_keeps_the_session_open(alpha: Run, bravo: Run, tmp_path: Path) -> None:
    _ok(alpha("mapping", "psi", "start", "--partner", "BRAVO", "--out", str(tmp_path / "mine.json")))
    _ok(bravo("mapping", "psi", "respond", "--partner", "ALPHA", "--in", str(tmp_path / "mine.json"),
              "--out", str(tmp_path / "reply.json")))  # fmt: skip
    refused = alpha("mapping", "psi", "finish", "--in", str(tmp_path / "reply.json"))
    assert refused.exit_code == 2 and "--out" in refused.output
    finished = alpha("mapping", "psi", "finish", "--in", str(tmp_path / "reply.json"), "--out", str(tmp_path / "d.j"))
    assert "2 shared domains" in _ok(finished)


def test_a_tampered_request_is_refused_naming_the_point(alpha: Run, bravo: Run, tmp_path: Path) -> None:
    _ok(alpha("mapping", "psi", "start", "--partner", "BRAVO", "--out", str(tmp_path / "mine.json")))
    document = json.loads((tmp_path / "mine.json").read_text())
    document["points"][2] = "/" * 43 + "="
    (tmp_path / "mine.json").write_text(json.dumps(document))
    refused = bravo("mapping", "psi", "respond", "--partner", "ALPHA", "--in", str(tmp_path / "mine.json"),
                    "--out", str(tmp_path / "reply.json"))  # fmt: skip
    assert refused.exit_code == 2 and "points[2] is not a valid ristretto255 point" in refused.output
    assert not (tmp_path / "reply.json").exists()


def test_an_unknown_partner_is_named(alpha: Run, tmp_path: Path) -> None:
    refused = alpha("mapping", "psi", "start", "--partner", "NOPE", "--out", str(tmp_path / "mine.json"))
    assert refused.exit_code == 2 and "no partner with external id 'NOPE'" in refused.output

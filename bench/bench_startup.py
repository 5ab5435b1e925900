"""Start-up: how long `partnerops --help`, `--version`, a few `COMMAND --help` and a small command take, against
a bare `python -c pass` and `sqlite-utils --help` (a Click CLI known for starting at once), in one run.

sqlite-utils loads pandas and NumPy when they are installed, as they are here; the peer the ratios use is
`sqlite-utils --help` as installed on its own (pandas and NumPy made unimportable); both are shown.

Runs every command in turn, round after round (so a busy moment on the machine falls on all of them alike), after
warm-up runs, and prints for each the median and fastest wall time, the median CPU time of the process, and the
ratios of the medians to the two peers.

Time before a command's own work: each `… (to its work)` row runs a database command with `open_engine` made to
stop the process once the engine is open and the schema checked (start, the command tree, settings, SQLAlchemy, the
engine, the revision query): what every database command pays before it does anything of its own. The
`(empty database)` rows run listings in full on an empty, migrated SQLite file (their own work is a query or two).

`--every-help` also answers `partnerops COMMAND --help` for every command in the tree (three times each, after the
rounds) and prints the slowest medians: the issue asks every one of them to answer in under 0.3 s.

    .venv/bin/python bench/bench_startup.py              # 20 rounds
    .venv/bin/python bench/bench_startup.py --runs 50 --every-help
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
PARTNEROPS = str(BIN / "partnerops")
# sys.modules[name] = None makes `import name` fail, as on an install without pandas and NumPy.
ALONE = "import sys; sys.modules['pandas'] = sys.modules['numpy'] = None; from sqlite_utils.cli import cli; cli()"
PEERS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "sqlite-utils --help": [sys.executable, "-c", ALONE, "--help"],
    "sqlite-utils --help (with pandas here)": [str(BIN / "sqlite-utils"), "--help"],
}
# open_engine replaced, before the commands import it, by one that opens and checks the database and then stops.
TO_WORK = ("import sys; from partnerops.cli import context; _open = context.open_engine\n"
           "def _stop(*args, **kwargs): _open(*args, **kwargs); sys.exit(0)\n"
           "context.open_engine = _stop\n"
           "from partnerops.cli.main import app; app(sys.argv[1:], prog_name='partnerops')")
TO_WORK_COMMANDS = (("users", "list"), ("partners", "list"), ("commissions", "ledger"), ("mail", "list"),
                    ("registrations", "list"))  # fmt: skip
OURS = {
    "partnerops --help": [PARTNEROPS, "--help"],
    "partnerops --version": [PARTNEROPS, "--version"],
    "partnerops import --help": [PARTNEROPS, "import", "--help"],
    "partnerops report --help": [PARTNEROPS, "report", "--help"],
    "partnerops commissions statement --help": [PARTNEROPS, "commissions", "statement", "--help"],
    "partnerops mapping overlap --help": [PARTNEROPS, "mapping", "overlap", "--help"],
    "partnerops users list (empty database)": [PARTNEROPS, "users", "list"],
    "partnerops partners list (empty database)": [PARTNEROPS, "partners", "list"],
    "partnerops deals list --format json (empty)": [PARTNEROPS, "deals", "list", "--format", "json"],
} | {f"partnerops {' '.join(words)} (to its work)": [sys.executable, "-c", TO_WORK, *words]
     for words in TO_WORK_COMMANDS}


@dataclass
class Samples:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one run of ARGV, which must succeed."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)  # wait4 gives this child's own CPU time
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed: {stderr.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(commands: dict[str, list[str]], runs: int, warmup: int, env: dict[str, str]) -> dict[str, Samples]:
    samples = {name: Samples() for name in commands}
    for round_number in range(warmup + runs):
        for name, argv in commands.items():
            wall, cpu = run_once(argv, env)
            if round_number >= warmup:
                samples[name].wall.append(wall)
                samples[name].cpu.append(cpu)
    return samples


def report(samples: dict[str, Samples]) -> None:
    python = statistics.median(samples["python -c pass"].wall)
    peer = statistics.median(samples["sqlite-utils --help"].wall)
    print(f"{'command':48} {'median ms':>10} {'min ms':>8} {'cpu ms':>8} {'x python':>9} {'x sqlite-utils':>15}")
    for name, measured in samples.items():
        median = statistics.median(measured.wall)
        print(f"{name:48} {median * 1000:10.0f} {min(measured.wall) * 1000:8.0f} "
              f"{statistics.median(measured.cpu) * 1000:8.0f} {median / python:9.1f} {median / peer:15.2f}")


def every_command() -> list[list[str]]:
    """Every command path in the tree (groups built), as `partnerops` would be given it."""
    from typer.main import get_command

    from partnerops.cli.command_tree import RootGroup
    from partnerops.cli.main import app

    root = get_command(app)
    assert isinstance(root, RootGroup)
    root.build_all()
    paths: list[list[str]] = []

    def walk(group: object, path: list[str]) -> None:
        for name, command in getattr(group, "commands", {}).items():
            paths.append([*path, name])
            walk(command, [*path, name])

    walk(root, [])
    return paths


def report_every_help(env: dict[str, str], runs: int = 3, shown: int = 8) -> None:
    measured = measure({" ".join(path): [PARTNEROPS, *path, "--help"] for path in every_command()}, runs, 0, env)
    medians = sorted(((statistics.median(m.wall), statistics.median(m.cpu), name) for name, m in measured.items()),
                     reverse=True)  # fmt: skip
    print(f"\nCOMMAND --help for all {len(medians)} commands ({runs} runs each): median of medians "
          f"{statistics.median(m for m, _, _ in medians) * 1000:.0f} ms; the slowest:")
    for wall, cpu, name in medians[:shown]:
        print(f"  partnerops {name} --help: {wall * 1000:.0f} ms (cpu {cpu * 1000:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="measured rounds (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="rounds run first and not counted (default 3)")
    parser.add_argument("--every-help", action="store_true", help="also time COMMAND --help for every command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"PARTNEROPS_DATABASE_URL": f"sqlite:///{Path(folder) / 'startup.db'}", "COLUMNS": "100"}
        subprocess.run([PARTNEROPS, "db", "migrate"], env=env, check=True, capture_output=True)
        print(f"{args.runs} rounds after {args.warmup} warm-up rounds; load average before: {os.getloadavg()[0]:.2f}")
        samples = measure(PEERS | OURS, args.runs, args.warmup, env)
        report(samples)
        if args.every_help:
            report_every_help(env)
    print(f"load average after: {os.getloadavg()[0]:.2f} (on a busy machine every row slows down alike)")


if __name__ == "__main__":
    main()

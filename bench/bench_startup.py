"""Start-up: how long `partnerops --help`, `--version`, a few `COMMAND --help` and a small command take, against
a bare `python -c pass` and `sqlite-utils --help` (a Click CLI known for starting at once), in one run.

sqlite-utils loads pandas and NumPy when they are installed, as they are here; the peer the ratios use is
`sqlite-utils --help` as installed on its own (pandas and NumPy made unimportable); both are shown.

Runs every command in turn, round after round (so a busy moment on the machine falls on all of them alike), after
warm-up runs, and prints for each the median and fastest wall time, the median CPU time of the process, and the
ratios of the medians to the two peers. `users list` on an empty, migrated SQLite database is the time a command
spends before its own work: start, settings, engine, the schema check, and one query.

    .venv/bin/python bench/bench_startup.py              # 20 rounds
    .venv/bin/python bench/bench_startup.py --runs 50
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
OURS = {
    "partnerops --help": [PARTNEROPS, "--help"],
    "partnerops --version": [PARTNEROPS, "--version"],
    "partnerops import --help": [PARTNEROPS, "import", "--help"],
    "partnerops report --help": [PARTNEROPS, "report", "--help"],
    "partnerops commissions statement --help": [PARTNEROPS, "commissions", "statement", "--help"],
    "partnerops mapping overlap --help": [PARTNEROPS, "mapping", "overlap", "--help"],
    "partnerops users list (empty database)": [PARTNEROPS, "users", "list"],
}


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
    print(f"{'command':42} {'median ms':>10} {'min ms':>8} {'cpu ms':>8} {'x python':>9} {'x sqlite-utils':>15}")
    for name, measured in samples.items():
        median = statistics.median(measured.wall)
        print(f"{name:42} {median * 1000:10.0f} {min(measured.wall) * 1000:8.0f} "
              f"{statistics.median(measured.cpu) * 1000:8.0f} {median / python:9.1f} {median / peer:15.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="measured rounds (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="rounds run first and not counted (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"PARTNEROPS_DATABASE_URL": f"sqlite:///{Path(folder) / 'startup.db'}", "COLUMNS": "100"}
        subprocess.run([PARTNEROPS, "db", "migrate"], env=env, check=True, capture_output=True)
        print(f"{args.runs} rounds after {args.warmup} warm-up rounds; load average before: {os.getloadavg()[0]:.2f}")
        samples = measure(PEERS | OURS, args.runs, args.warmup, env)
    report(samples)
    print(f"load average after: {os.getloadavg()[0]:.2f} (on a busy machine every row slows down alike)")


if __name__ == "__main__":
    main()

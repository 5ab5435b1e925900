"""Benchmark: first/last/linear and Markov credit on 1,000,000 journeys over 20 partners, against the
ChannelAttribution library (C++, simulated Markov) and marketing-attribution-models (Polars/Python).

Generates seeded journeys, aggregates them to path level (path, total_conversions, total_conversion_value,
total_null) as ChannelAttribution takes them, writes one CSV, then runs every side in its own process
(so max RSS is its own) from reading that file to the channel credits. Sides take turns, round after
round, and each reports its median round, so a busy spell on a shared machine falls on every side alike.

    .venv/bin/python bench/bench_credit.py                    # 1,000,000 journeys, 3 rounds
    .venv/bin/python bench/bench_credit.py --journeys 50000   # a quick run
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

PARTNERS = 20
TIMEOUT = 900


def generate(target: Path, journeys: int, seed: int) -> int:
    """Path-level CSV of `journeys` seeded journeys; returns the number of distinct paths."""
    rng = np.random.default_rng(seed)
    lengths = np.minimum(rng.geometric(0.4, size=journeys), 8)
    popularity = rng.dirichlet(np.ones(PARTNERS) * 0.8)
    steps = rng.choice(PARTNERS, size=int(lengths.sum()), p=popularity)
    lift = rng.normal(0, 0.6, size=PARTNERS)
    journey = np.repeat(np.arange(journeys), lengths)
    score = np.bincount(journey, lift[steps], minlength=journeys) - 1.5
    converted = rng.random(journeys) < 1 / (1 + np.exp(-score))
    value = np.where(converted, rng.lognormal(8, 1, size=journeys).round(2), 0.0)
    names = np.array([f"P{i:02d}" for i in range(PARTNERS)])
    frame = (
        pl.DataFrame({"journey": journey, "channel": names[steps]})
        .group_by("journey", maintain_order=True)
        .agg(pl.col("channel").str.join(" > ").alias("path"))
        .with_columns(conv=pl.Series(converted.astype(np.int64)), value=pl.Series(value))
        .group_by("path")
        .agg(
            total_conversions=pl.sum("conv"),
            total_conversion_value=pl.sum("value"),
            total_null=(1 - pl.col("conv")).sum(),
        )
        .sort("path")
    )
    frame.write_csv(target)
    return frame.height


def run_ours(data: Path, model: str) -> None:
    from partnerops.analytics.credit.models import Convention, CreditModel, CreditSettings
    from partnerops.attribution.paths import credit_paths, read_paths

    journeys = read_paths(data)
    models = ["first_touch", "last_touch", "linear"] if model == "heuristic" else ["markov"]
    settings = CreditSettings(convention=Convention.GLOBAL)  # the peers' convention for Markov
    for name in models:
        credit_paths(journeys, CreditModel(name), settings)


def run_channelattribution(data: Path, model: str) -> None:
    import ChannelAttribution as ca
    import pandas as pd

    frame = pd.read_csv(data)
    if model == "heuristic":
        ca.heuristic_models(frame, "path", "total_conversions", var_value="total_conversion_value", flg_pro=False)
    else:
        ca.markov_model(
            frame,
            "path",
            "total_conversions",
            var_value="total_conversion_value",
            var_null="total_null",
            verbose=False,
            flg_pro=False,
        )


def run_mam(data: Path, model: str) -> None:
    from mam import MAM

    paths = pl.read_csv(data)
    grouped = pl.concat(
        [
            paths.select(
                "path", occurrences="total_conversions", has_conv=pl.lit(True), value="total_conversion_value"
            ),
            paths.select("path", occurrences="total_null", has_conv=pl.lit(False), value=pl.lit(0.0)),
        ]
    ).filter(pl.col("occurrences") > 0)
    attribution = MAM(
        grouped,
        "grouped_journey",
        "path",
        "has_conv",
        occurrences_colname="occurrences",
        conversion_value_colname="value",
        path_separator=" > ",
    )
    if model == "heuristic":
        attribution.run_first_click(), attribution.run_last_click(), attribution.run_linear()
    else:
        attribution.run_markov()


SIDES = {"partnerops": run_ours, "channelattribution": run_channelattribution, "marketing-attribution-models": run_mam}


IMPORTS = {
    "partnerops": ["partnerops.attribution.paths", "partnerops.analytics.credit.models"],
    "channelattribution": ["ChannelAttribution", "pandas"],
    "marketing-attribution-models": ["mam"],
}


def worker(side: str, model: str, data: Path) -> None:
    for module in IMPORTS[side]:  # libraries load before the clock starts, for every side alike
        importlib.import_module(module)
    started, cpu_started = time.perf_counter(), time.process_time()
    SIDES[side](data, model)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started  # every thread of the process: the work, not the waiting
    peak_mb = _peak_rss_mb()
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": peak_mb}))


def _peak_rss_mb() -> float:
    """This process's own peak RSS: VmHWM starts afresh at exec, whereas ru_maxrss keeps the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(side: str, model: str, data: Path) -> dict[str, float] | None:
    command = [sys.executable, __file__, "--worker", side, model, str(data)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        print(f"  {side} {model}: no result within {TIMEOUT} s")
        return None
    if done.returncode != 0:
        print(f"  {side} {model}: failed: {done.stderr.strip().splitlines()[-1:]}")
        return None
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure_rounds(model: str, data: Path, rounds: int) -> dict[str, dict[str, float] | None]:
    """Each side's median over `rounds` turns; a side that fails once is dropped."""
    runs: dict[str, list[dict[str, float]] | None] = {side: [] for side in SIDES}
    for _ in range(rounds):
        for side, results in runs.items():
            result = measure(side, model, data) if results is not None else None
            runs[side] = None if result is None or results is None else [*results, result]
    return {side: _median(side, model, results) if results else None for side, results in runs.items()}


def _median(side: str, model: str, results: list[dict[str, float]]) -> dict[str, float]:
    seconds = [r["seconds"] for r in results]
    median = {key: statistics.median(r[key] for r in results) for key in ("seconds", "cpu_seconds", "peak_mb")}
    print(
        f"  {side:<30} {model:<10} {median['seconds']:8.3f} s  {median['cpu_seconds']:8.3f} s CPU"
        f"  {median['peak_mb']:8.0f} MB max RSS   (runs: {', '.join(f'{t:.3f}' for t in seconds)})",
        flush=True,
    )
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--rounds", type=int, default=3, help="turns per side; each side reports its median")
    parser.add_argument("--worker", nargs=3, metavar=("SIDE", "MODEL", "DATA"), help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()  # run_all.py passes other benchmarks' options too
    if args.worker:
        worker(args.worker[0], args.worker[1], Path(args.worker[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "paths.csv"
        distinct = generate(data, args.journeys, args.seed)
        print(f"{args.journeys:,} journeys over {PARTNERS} partners, {distinct:,} distinct paths")
        for model in ("heuristic", "markov"):
            results = measure_rounds(model, data, args.rounds)
            ours = results["partnerops"]
            for peer in ("channelattribution", "marketing-attribution-models"):
                theirs = results[peer]
                if ours and theirs:
                    print(
                        f"  {model}: {peer} / partnerops time {theirs['seconds'] / ours['seconds']:.1f}x, "
                        f"CPU time {theirs['cpu_seconds'] / ours['cpu_seconds']:.1f}x, "
                        f"memory {theirs['peak_mb'] / ours['peak_mb']:.2f}x"
                    )


if __name__ == "__main__":
    main()

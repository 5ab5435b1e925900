"""Account mapping benchmark: N x N generated accounts with realistic name noise and known truth.

Each tier's precision, recall, time and peak memory (max RSS of a child process per run), against splink
(DuckDB backend) and recordlinkage on the same data. The peers run on a subsample (--peer-size) and our
pipeline is measured on that same subsample too, so the ratios compare like with like.

    python bench/bench_mapping.py --size 1000000 --peer-size 20000
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

SUFFIXES = ["Inc.", "Inc", "Corp.", "Corporation", "GmbH", "Ltd", "Ltd.", "LLC", "S.A.", "AG", "plc", "", "", ""]
TLDS = ["com", "com", "com", "co.uk", "de", "fr", "com.au", "co.jp", "io", "net"]
ACCENTED = {"e": "é", "o": "ö", "u": "ü", "a": "á"}
SYLLABLES = ["ka", "lo", "mi", "ter", "on", "ax", "vel", "dra", "qui", "nor", "bel", "sun", "tek", "gen", "fi",
             "ro", "zan", "pol", "cor", "lin", "mar", "ve", "sys", "tra", "no", "vi", "da", "ex", "lum", "ori"]


def _words(rng: np.random.Generator, count: int) -> np.ndarray:
    parts = rng.choice(SYLLABLES, size=(count, 3))
    lengths = rng.integers(2, 4, size=count)
    return np.array(["".join(p[:n]) for p, n in zip(parts, lengths, strict=True)])


def companies(rng: np.random.Generator, count: int, start: int) -> pl.DataFrame:
    """Distinct companies: two or three pseudo-words, a legal form and a domain (2% on free mail)."""
    vocab = np.unique(_words(rng, 40_000))
    first, second, third = (rng.choice(vocab, count) for _ in range(3))
    three = rng.random(count) < 0.3
    stem = np.char.add(np.char.add(np.char.capitalize(first), " "), np.char.capitalize(second))
    stem = np.where(three, np.char.add(np.char.add(stem, " "), np.char.capitalize(third)), stem)
    suffix = rng.choice(SUFFIXES, count)
    names = np.char.strip(np.char.add(np.char.add(stem, " "), suffix))
    tld = rng.choice(TLDS, count)
    domains = np.char.add(np.char.add(np.char.add(first, second), "."), tld)
    domains = np.where(rng.random(count) < 0.02, "gmail.com", domains)
    return pl.DataFrame({"entity": np.arange(start, start + count), "name": names, "domain": domains})


def _typo(name: str, rng: np.random.Generator) -> str:
    if len(name) < 6:
        return name
    i = int(rng.integers(1, len(name) - 2))
    kind = rng.integers(0, 3)
    if kind == 0:
        return name[:i] + name[i + 1:]
    if kind == 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name[:i] + name[i] + name[i:]


def noisy(rng: np.random.Generator, name: str, domain: str) -> tuple[str, str | None]:
    """The same company as a partner's CRM writes it."""
    stem = name.rsplit(" ", 1)[0] if name.split(" ")[-1] in SUFFIXES else name
    roll = rng.random(8)
    out = stem + " " + str(rng.choice(SUFFIXES)) if roll[0] < 0.6 else name
    if roll[1] < 0.3:
        out = out.upper() if roll[2] < 0.5 else out.lower()
    if roll[3] < 0.3:
        out = _typo(out, rng)
    if roll[4] < 0.1:
        words = out.split(" ")
        out = " ".join([words[1], words[0], *words[2:]]) if len(words) > 2 else out
    if roll[5] < 0.1:
        out = "".join(ACCENTED.get(c, c) if rng.random() < 0.3 else c for c in out)
    if roll[6] < 0.1:
        out = "The " + out
    if roll[7] < 0.45:
        return out.strip(), None
    return out.strip(), str(rng.choice(["", "www.", "https://", "https://shop.", "sales@"])) + domain


def generate(size: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Ours: `size` companies. Theirs: half noisy copies of ours, half other companies."""
    rng = np.random.default_rng(seed)
    ours = companies(rng, size, 0).with_columns(pl.int_range(pl.len()).alias("id"))
    shared = ours.sample(size // 2, seed=seed)
    copies = [noisy(rng, n, d) for n, d in shared.select("name", "domain").iter_rows()]
    copied = pl.DataFrame({"entity": shared["entity"], "name": [c[0] for c in copies],
                           "domain": [c[1] for c in copies]}, schema_overrides={"domain": pl.String})
    others = companies(rng, size - size // 2, size)
    theirs = pl.concat([copied, others]).sample(fraction=1.0, shuffle=True, seed=seed)
    return ours, theirs.with_columns(pl.int_range(pl.len()).alias("id"))


def truth(ours: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
    return theirs.select(pl.col("id").alias("their_id"), "entity").join(
        ours.select(pl.col("id").alias("our_id"), "entity"), on="entity").select("their_id", "our_id")


# --- one run per child process, so its peak memory is its own ---------------------------------------------

def run_ours(ours: pl.DataFrame, theirs: pl.DataFrame, tier: str, seconds: dict[str, float]) -> pl.DataFrame:
    """The domain tier alone, or the whole cascade as `match_accounts` runs it, timing each tier."""
    from partnerops.mapping import tiers

    columns = ("id", "name", "domain")
    mine, other = theirs.select(columns), ours.select(columns)
    started = time.perf_counter()
    mine, other = tiers.with_registrable_domains(mine), tiers.with_registrable_domains(other)
    by_domain = tiers.domain_matches(mine, other)
    seconds["domain"] = time.perf_counter() - started
    if tier == "domain":
        return by_domain
    started = time.perf_counter()
    names = [f.with_columns(tiers.normalised_names(pl.col("name")).alias("norm_name")) for f in (mine, other)]
    rest = names[0].join(by_domain.select(pl.col("their_id").alias("id")), on="id", how="anti")
    by_name = tiers.name_matches(rest, names[1])
    seconds["name"] = time.perf_counter() - started
    started = time.perf_counter()
    rest = rest.join(by_name.select(pl.col("their_id").alias("id")), on="id", how="anti")
    by_fuzzy = tiers.fuzzy_matches(rest, names[1])
    seconds["fuzzy"] = time.perf_counter() - started
    started = time.perf_counter()
    rest = rest.join(by_fuzzy.select(pl.col("their_id").alias("id")), on="id", how="anti")
    taken = pl.concat([by_domain, by_name, by_fuzzy]).get_column("our_id")
    by_variant = tiers.variant_matches(names[0], names[1], rest, taken)
    seconds["variant"] = time.perf_counter() - started
    return pl.concat([by_domain, by_name, by_fuzzy, by_variant])


def _peer_input(frame: pl.DataFrame) -> pl.DataFrame:
    from partnerops.mapping import tiers

    return tiers.prepared(frame.select("id", "name", "domain")).select(
        pl.col("id").alias("unique_id"), "norm_name", "reg_domain",
        pl.col("norm_name").str.slice(0, 4).alias("prefix"))


def run_splink(ours: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    db = DuckDBAPI()
    left, right = db.register(_peer_input(theirs).to_pandas()), db.register(_peer_input(ours).to_pandas())
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[cl.JaroWinklerAtThresholds("norm_name", [0.95, 0.88]), cl.ExactMatch("reg_domain")],
        blocking_rules_to_generate_predictions=[block_on("prefix"), block_on("reg_domain")],
        # The true prior, known from the generator: generous to splink, whose own estimate was far off.
        probability_two_random_records_match=0.5 / theirs.height,
    )
    linker = Linker([left, right], settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7)
    for rule in (block_on("prefix"), block_on("reg_domain")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_probability_two_random_records_match=True)
    found = pl.from_pandas(linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe())
    left_is_theirs = found["source_dataset_l"] == found["source_dataset_l"].min()
    return found.select(
        pl.when(left_is_theirs).then(pl.col("unique_id_l")).otherwise(pl.col("unique_id_r")).alias("their_id"),
        pl.when(left_is_theirs).then(pl.col("unique_id_r")).otherwise(pl.col("unique_id_l")).alias("our_id"),
    ).cast(pl.Int64)


def run_recordlinkage(ours: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
    import recordlinkage

    left, right = (_peer_input(f).to_pandas().set_index("unique_id") for f in (theirs, ours))
    indexer = recordlinkage.Index()
    indexer.block("prefix")
    indexer.block("reg_domain")
    pairs = indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("norm_name", "norm_name", method="jarowinkler", threshold=0.9, label="name")
    compare.exact("reg_domain", "reg_domain", label="domain")
    features = compare.compute(pairs, left, right)
    matched = features[(features["name"] + features["domain"]) >= 1].index
    return pl.DataFrame({"their_id": matched.get_level_values(0), "our_id": matched.get_level_values(1)}).cast(pl.Int64)


def child(args: argparse.Namespace) -> None:
    ours, theirs = pl.read_parquet(args.data / "ours.parquet"), pl.read_parquet(args.data / "theirs.parquet")
    tiers: dict[str, float] = {}
    started = time.perf_counter()
    if args.child == "splink":
        found = run_splink(ours, theirs)
    elif args.child == "recordlinkage":
        found = run_recordlinkage(ours, theirs)
    else:
        found = run_ours(ours, theirs, args.child.removeprefix("ours-"), tiers)
    seconds = time.perf_counter() - started
    found.write_parquet(args.data / f"found-{args.child}.parquet")
    (args.data / f"time-{args.child}.json").write_text(json.dumps(
        {"seconds": seconds, "tiers": tiers, "peak_mib": peak_mib()}))


def peak_mib() -> float:
    """This process's resident high-water mark since exec (a child's rusage would count the parent's pages)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024


def measured(data: Path, name: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--child", name, "--data", str(data)], check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed with status {done.returncode}")
    return dict(json.loads((data / f"time-{name}.json").read_text()))


def scored(found: pl.DataFrame, true_pairs: pl.DataFrame) -> dict[str, object]:
    """Precision and recall overall and, for our tiered runs, per tier (recall cumulative down the tiers)."""
    found = found.unique(["their_id", "our_id"])
    hits = found.join(true_pairs, on=["their_id", "our_id"]).height
    result: dict[str, object] = {"found": found.height, "precision": hits / found.height if found.height else 1.0,
                                 "recall": hits / true_pairs.height if true_pairs.height else 1.0}
    if "tier" in found.columns:
        result["by_tier"] = _tier_scores(found, true_pairs)
    return result


def _tier_scores(found: pl.DataFrame, true_pairs: pl.DataFrame) -> dict[str, dict[str, float]]:
    marked = found.join(true_pairs.with_columns(pl.lit(True).alias("true")), on=["their_id", "our_id"], how="left")
    scores, correct = {}, 0
    for tier in ("domain", "name", "fuzzy", "variant"):
        rows = marked.filter(pl.col("tier") == tier)
        hits = int(rows.get_column("true").fill_null(False).sum())
        correct += hits
        scores[tier] = {"found": rows.height, "precision": hits / rows.height if rows.height else 1.0,
                        "cumulative_recall": correct / max(true_pairs.height, 1)}
    return scores


def bench(data: Path, names: list[str], true_pairs: pl.DataFrame) -> dict[str, dict[str, object]]:
    results = {}
    for name in names:
        cost = measured(data, name)
        found = pl.read_parquet(data / f"found-{name}.parquet")
        results[name] = {**cost, **scored(found, true_pairs)}
        print(f"  {name:16} {results[name]}", flush=True)
    return results


def residual_recall(data: Path, name: str, residual: pl.DataFrame) -> float:
    """Recall over the true pairs that neither the domain nor the name tier finds (the fuzzy tier's job)."""
    found = pl.read_parquet(data / f"found-{name}.parquet").unique()
    return found.join(residual, on=["their_id", "our_id"]).height / max(residual.height, 1)


def write_data(data: Path, ours: pl.DataFrame, theirs: pl.DataFrame) -> pl.DataFrame:
    ours.write_parquet(data / "ours.parquet")
    theirs.write_parquet(data / "theirs.parquet")
    return truth(ours, theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="accounts on each side")
    parser.add_argument("--peer-size", type=int, default=20_000, help="accounts on each side for the peers")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        print(f"full size: {args.size} x {args.size}", flush=True)
        true_pairs = write_data(data, *generate(args.size, args.seed))
        full = bench(data, ["ours-domain", "ours-all"], true_pairs)
        print(f"peer subsample: {args.peer_size} x {args.peer_size} (same generator)", flush=True)
        true_pairs = write_data(data, *generate(args.peer_size, args.seed))
        peers = bench(data, ["ours-all", "splink", "recordlinkage"], true_pairs)
        exact = pl.read_parquet(data / "found-ours-all.parquet").filter(~pl.col("tier").is_in(["fuzzy", "variant"]))
        residual = true_pairs.join(exact.select("their_id", "our_id"), on=["their_id", "our_id"], how="anti")
        fuzzy_recall = {n: residual_recall(data, n, residual) for n in ("ours-all", "splink", "recordlinkage")}
    print(json.dumps({"full": full, "peers": peers, "residual_recall": fuzzy_recall}, indent=2))


if __name__ == "__main__":
    main()

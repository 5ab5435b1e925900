"""Private set intersection of two domain lists: ours (ristretto255 through libsodium) against openmined-psi.

Both run the whole exchange on the same generated registrable domains with a known overlap, messages
serialised as they would travel (our JSON documents; openmined-psi's protobufs), and must find the overlap.

    .venv/bin/python bench/bench_psi.py                 # 100,000 x 100,000 domains, 10% shared
    .venv/bin/python bench/bench_psi.py --size 5000     # a quick run
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import TypeVar

from partnerops.mapping import psi
from partnerops.mapping.psi_files import message_of, parse_message, protocol_value
from partnerops.mapping.threads import default_workers

SUFFIXES = ("com", "com", "com", "io", "net", "de", "co.uk", "fr", "com.au", "co.jp", "nl", "org")
SYLLABLES = ("ac", "me", "glo", "bex", "ini", "tech", "zen", "lo", "vor", "qua", "tri", "nex", "sol", "ar", "io",
             "data", "soft", "ly", "hub", "works")  # fmt: skip


def domains(count: int, rng: random.Random, taken: set[str]) -> list[str]:
    """`count` new registrable domains like company sites: two to four syllables, sometimes hyphenated."""
    found: list[str] = []
    while len(found) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.1:
            name += "-" + rng.choice(SYLLABLES)
        domain = f"{name}{rng.randint(0, 999)}.{rng.choice(SUFFIXES)}"
        if domain not in taken:
            taken.add(domain)
            found.append(domain)
    return found


def two_lists(size: int, shared: int, seed: int) -> tuple[list[str], list[str], set[str]]:
    rng = random.Random(seed)
    taken: set[str] = set()
    common = domains(shared, rng, taken)
    ours = common + domains(size - shared, rng, taken)
    theirs = common + domains(size - shared, rng, taken)
    rng.shuffle(ours)
    rng.shuffle(theirs)
    return ours, theirs, set(common)


Step = TypeVar("Step", psi.Request, psi.Reply, psi.Completion)


def _wire(step: Step) -> Step:
    """Through the JSON document and back, as a file or an HTTP body would carry it."""
    carried = protocol_value(parse_message(message_of(step).model_dump_json(), "bench"), "bench")
    assert isinstance(carried, type(step))
    return carried


def ours(alpha: list[str], bravo: list[str], workers: int) -> set[str]:
    """Both sides of our protocol; both learn the overlap (the responder's result is returned)."""
    initiator, request = psi.start(alpha, workers=workers)
    responder, reply = psi.respond(bravo, _wire(request), workers=workers)
    learned, completion = psi.finish(initiator, _wire(reply), workers=workers)
    concluded = psi.conclude(responder, _wire(completion))
    assert learned == concluded
    return set(concluded)


def openmined(alpha: list[str], bravo: list[str]) -> set[str]:
    """openmined-psi's client (alpha) and server (bravo), raw setup; only the client learns the overlap."""
    import private_set_intersection.python as peer

    server = peer.server.CreateWithNewKey(True)
    client = peer.client.CreateWithNewKey(True)
    setup = peer.ServerSetup()
    setup.ParseFromString(server.CreateSetupMessage(0.0, len(alpha), bravo, peer.DataStructure.RAW)
                          .SerializeToString())  # fmt: skip
    request = peer.Request()
    request.ParseFromString(client.CreateRequest(alpha).SerializeToString())
    response = peer.Response()
    response.ParseFromString(server.ProcessRequest(request).SerializeToString())
    return {alpha[index] for index in client.GetIntersection(setup, response)}


def timed(run: Callable[[], set[str]], expected: set[str], label: str) -> float:
    start = time.perf_counter()
    found = run()
    seconds = time.perf_counter() - start
    assert found == expected, f"{label}: found {len(found)} shared, expected {len(expected)}"
    print(f"{label:<32} {seconds:8.2f} s", flush=True)
    return seconds


def best_of(repeat: int, runs: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Each run's fastest time over `repeat` rounds, the engines interleaved so that load hits all alike."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        for label, run in runs.items():
            best[label] = min(best.get(label, float("inf")), run())
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=100_000, help="Domains on each side.")
    parser.add_argument("--shared", type=float, default=0.1, help="Fraction of each side that is shared.")
    parser.add_argument("--workers", type=int, default=default_workers(), help="Our threads (default: cores).")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1, help="Rounds; each engine's best time counts.")
    args = parser.parse_args()
    alpha, bravo, expected = two_lists(args.size, int(args.size * args.shared), args.seed)
    print(f"{args.size:,} x {args.size:,} domains, {len(expected):,} shared")
    best = best_of(args.repeat, {
        "peer": lambda: timed(lambda: openmined(alpha, bravo), expected, "openmined-psi (1 thread)"),
        "single": lambda: timed(lambda: ours(alpha, bravo, 1), expected, "ours, 1 thread"),
        "parallel": lambda: timed(lambda: ours(alpha, bravo, args.workers), expected, f"ours, {args.workers} threads"),
    })  # fmt: skip
    print(f"best of {args.repeat}: openmined-psi {best['peer']:.2f} s, ours {best['parallel']:.2f} s "
          f"({args.workers} threads), {best['single']:.2f} s (1 thread)")
    print(f"ratio openmined-psi / ours: {best['peer'] / best['parallel']:.2f}x ({args.workers} threads), "
          f"{best['peer'] / best['single']:.2f}x (1 thread)")  # fmt: skip


if __name__ == "__main__":
    main()

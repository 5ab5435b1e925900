"""Generated transcripts with planted partner mentions and negative controls, for precision and recall."""

from __future__ import annotations

import random
from dataclasses import dataclass

from partnerops.ingest.conversations.model import Conversation, Side, Utterance
from partnerops.signals.trackers import SpeakerFilter, Tracker, TrackerKind, TrackerRules

FILLER = ("we reviewed the rollout plan", "the budget is approved for next quarter", "security asked about SSO",
          "let us schedule the technical deep dive", "pricing looks reasonable", "the team liked the demo")

TRACKERS = [
    Tracker(1, "Acme Cloud", TrackerKind.PARTNER, 1, TrackerRules(("Acme Cloud", "acme-cloud.com", "Acme")), 10),
    Tracker(2, "Snowflake", TrackerKind.INTEGRATION, 3,
            TrackerRules(("Snowflake",), exclusions=("snowflake storm", "snowflake weather"))),
    Tracker(3, "Initech", TrackerKind.PARTNER, 1,
            TrackerRules(("Initech",), speaker=SpeakerFilter.CUSTOMER), 11),
    Tracker(4, "AWS Marketplace", TrackerKind.MARKETPLACE, 2,
            TrackerRules(("AWS Marketplace", "AWS"), case_sensitive=True)),
]

# (text template, tracker id or None for a negative control, side of the speaker)
PLANTS: list[tuple[str, int | None, Side]] = [
    ("we host on {} today", 1, Side.CUSTOMER),
    ("their contact at acme-cloud.com will join", 1, Side.OURS),
    ("ACME set it up for us", 1, Side.CUSTOMER),
    ("we load everything into snowflake nightly", 2, Side.CUSTOMER),
    ("Initech recommended you", 3, Side.CUSTOMER),
    ("we buy through the AWS Marketplace", 4, Side.CUSTOMER),
    ("our Acmeville office is closed", None, Side.CUSTOMER),
    ("the Acmes were late", None, Side.CUSTOMER),
    ("a snowflake storm hit Denver", None, Side.CUSTOMER),
    ("terrible Snowflake Weather this week", None, Side.OURS),
    ("I spoke to Initech yesterday", None, Side.OURS),
    ("the aws team called", None, Side.CUSTOMER),
    ("Initechnology is a different company", None, Side.CUSTOMER),
]


@dataclass(frozen=True)
class PlantedSet:
    conversations: list[Conversation]
    # (conversation, utterance text, tracker id) of every mention that must be found.
    expected: set[tuple[int, str, int]]


def planted_set(seed: int, calls: int = 40) -> PlantedSet:
    rng = random.Random(seed)
    conversations, expected = [], set()
    for number in range(calls):
        utterances = []
        for _ in range(rng.randint(5, 25)):
            if rng.random() < 0.3:
                template, tracker, side = rng.choice(PLANTS)
                text = template.format(rng.choice(["Acme Cloud", "acme cloud"]))
                if tracker is not None:
                    expected.add((number, text, tracker))
            else:
                text, side = rng.choice(FILLER), rng.choice([Side.CUSTOMER, Side.OURS])
            utterances.append(Utterance("someone", side, text, float(len(utterances) * 7)))
        conversations.append(Conversation("text", tuple(utterances)))
    return PlantedSet(conversations, expected)

"""The record kinds the program features import (merged into `partnerops.ingest.kinds.KINDS`): course and
certification completions, and partner satisfaction (PSAT) survey answers."""

from __future__ import annotations

from partnerops.ingest.kinds import Field, KindSpec
from partnerops.store.program_tables import enablement_completions, psat_responses

COMPLETION_KINDS = ("course", "certification")
# PSAT is asked on a 0..10 scale; anything else is a bad row, never a guess.
PSAT_SCORES = tuple(str(score) for score in range(11))

KINDS: dict[str, KindSpec] = {
    "enablement": KindSpec("enablement", enablement_completions, (
        Field("id", required=True), Field("partner_id", "ref", True, ref="partners"),
        Field("course", required=True), Field("kind", "enum", True, COMPLETION_KINDS),
        Field("person", required=True), Field("completed_on", "date", True), Field("expires_on", "date"),
    )),
    "psat": KindSpec("psat", psat_responses, (
        Field("id", required=True), Field("partner_id", "ref", True, ref="partners"),
        Field("responded_on", "date", True), Field("score", "enum", True, PSAT_SCORES),
        Field("respondent"), Field("comment"),
    )),
}  # fmt: skip
# Fields a file may leave out because the import fills them in.
DERIVABLE: dict[str, frozenset[str]] = {}

"""SubRip subtitles (.srt), as exported by meeting recorders; a `Speaker: text` prefix names the speaker."""

from __future__ import annotations

from pathlib import Path

import srt

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, SideRule, Utterance
from partnerops.ingest.conversations.webvtt_format import ZOOM_SPEAKER


def parse_srt(path: Path, rule: SideRule) -> list[Conversation]:
    try:
        subtitles = list(srt.parse(path.read_text(encoding="utf-8-sig")))
    except (srt.SRTParseError, UnicodeDecodeError, ValueError) as exc:
        raise ConversationParseError(path, f"not SubRip: {exc}") from exc
    if not subtitles:
        raise ConversationParseError(path, "SubRip file without subtitles")
    utterances = [_utterance(s.content, s.start.total_seconds(), rule) for s in subtitles]
    return [Conversation(source_format="srt", utterances=tuple(utterances))]


def _utterance(content: str, seconds: float, rule: SideRule) -> Utterance:
    labelled = ZOOM_SPEAKER.match(content)
    if labelled is None:
        return Utterance("", rule.side_of_speaker(""), content, seconds)
    speaker = labelled["speaker"].strip()
    return Utterance(speaker, rule.side_of_speaker(speaker), labelled["text"], seconds)

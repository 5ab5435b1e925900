"""SubRip subtitles (.srt), as exported by meeting recorders; a `Speaker: text` prefix names the speaker; rolling
automatic captions are read for their new lines only."""

from __future__ import annotations

from pathlib import Path

import srt

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.model import Conversation, ConversationFile, SideRule
from partnerops.ingest.conversations.rolling_captions import new_lines
from partnerops.ingest.conversations.speaker_labels import read_label, speaker_labels, spoken, without_speaker_change
from partnerops.ingest.conversations.text_decoding import encoding_notes, read_text


def parse_srt(path: Path, rule: SideRule) -> ConversationFile:
    text, encoding = read_text(path)
    try:
        subtitles = list(srt.parse(text))
    except (srt.SRTParseError, ValueError) as exc:
        raise ConversationParseError(path, f"not SubRip: {exc}") from exc
    if not subtitles:
        raise ConversationParseError(path, "SubRip file without subtitles")
    texts = [without_speaker_change(text) for text in new_lines(s.content for s in subtitles)]
    speakers = speaker_labels(texts)
    utterances = [spoken(*read_label(t, speakers), s.start.total_seconds(), rule)
                  for s, t in zip(subtitles, texts, strict=True) if t.strip()]
    return ConversationFile([Conversation(source_format="srt", utterances=tuple(utterances))],
                            notes=encoding_notes(encoding))

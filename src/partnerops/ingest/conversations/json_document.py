"""Reading a JSON transcript file (UTF-8, UTF-16 or Windows-1252), refused with a reason when it is not JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from partnerops.ingest.conversations.errors import ConversationParseError
from partnerops.ingest.conversations.text_decoding import read_text


def load_json(path: Path) -> Any:
    text, _ = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConversationParseError(path, f"not JSON: {exc}") from exc
    except RecursionError as exc:
        raise ConversationParseError(path, "JSON nested too deeply to read") from exc

"""What an alert says: the facts of one mention (partner, deal, amount, phrase, snippet, speaker, file), as
Slack-compatible JSON for a webhook and as a plain-text email."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from partnerops.domain.money import Money


@dataclass(frozen=True)
class Alert:
    rule: str
    tracker: str
    partner: str | None
    deal: str | None
    account: str | None
    amount: Money | None
    phrase: str
    snippet: str
    speaker: str
    side: str
    file: str
    signal_id: int
    touch_id: int | None = None
    # Mentions of the partner in the conversation, for an alert on a proposed touch.
    mentions: int = 1

    @property
    def headline(self) -> str:
        who = self.partner or self.tracker
        where = f"on {self.deal}" if self.deal else "in a conversation linked to no deal"
        worth = f" ({self.amount})" if self.amount else ""
        return f"{who} mentioned {where}{worth}"

    @property
    def facts(self) -> list[tuple[str, str]]:
        times = f" ({self.mentions} mentions)" if self.mentions > 1 else ""
        return [("Partner", self.partner or "-"), ("Tracker", self.tracker),
                ("Deal", f"{self.deal} — {self.account}" if self.deal else "-"),
                ("Amount", str(self.amount) if self.amount else "-"), ("Phrase", f"{self.phrase}{times}"),
                ("Speaker", f"{self.speaker or 'unknown'} ({self.side})"), ("File", Path(self.file).name)]


def _escaped(text: str) -> str:
    """Slack mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(alert: Alert) -> dict[str, Any]:
    """A message Slack's incoming webhooks (and compatible receivers) accept: `text` plus Block Kit `blocks`."""
    fields = [{"type": "mrkdwn", "text": f"*{label}*\n{_escaped(value)}"} for label, value in alert.facts]
    return {
        "text": f"{alert.headline}: \"{alert.snippet}\" — {alert.speaker or alert.side}, {Path(alert.file).name}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_escaped(alert.headline)}*"}},
            {"type": "section", "fields": fields},
            {"type": "section", "text": {"type": "mrkdwn", "text": f"> {_escaped(alert.snippet)}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": _escaped(
                f"rule {alert.rule} · signal {alert.signal_id}"
                + (f" · proposed touch {alert.touch_id}" if alert.touch_id else ""))}]},
        ],
    }


def email_message(alert: Alert) -> tuple[str, str]:
    """The subject and plain-text body of the alert's email."""
    lines = [alert.headline, "", *(f"{label}: {value}" for label, value in alert.facts), "",
             f"\"{alert.snippet}\"", "", f"Alert rule: {alert.rule} (signal {alert.signal_id})"]
    if alert.touch_id:
        lines.append(f"Review the proposed touch: partnerops signals review {alert.signal_id} --confirm|--reject")
    return f"[PartnerOps] {alert.headline}"[:300], "\n".join(lines) + "\n"

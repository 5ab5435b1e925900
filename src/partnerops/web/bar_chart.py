"""A small bar chart as inline SVG, drawn per request: one bar per period, a labelled amount scale, and a
<title> on every bar that reads its exact figure. It scales to the page's width (375 px screens too).

Drawn here rather than with matplotlib (which the dashboard's cached charts use): pyplot is process-global and
the dashboard serialises it behind a lock, while a portal page draws a few bars for one partner on every visit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from markupsafe import Markup, escape

from partnerops.domain.money import Money

__all__ = ["bar_chart"]

WIDTH, HEIGHT = 480, 220
LEFT, BOTTOM, TOP = 52, 40, 14


def bar_chart(bars: Sequence[tuple[str, Money]], label: str) -> Markup:
    """`bars` (period, amount) left to right; negative months (clawbacks) hang below the zero line."""
    if not bars:
        return Markup("")
    high = max([Decimal(0), *(m.amount for _, m in bars)])
    low = min([Decimal(0), *(m.amount for _, m in bars)])
    span = (high - low) or Decimal(1)
    plot = HEIGHT - BOTTOM - TOP
    zero = TOP + float(high / span) * plot
    step = (WIDTH - LEFT) / len(bars)
    parts = [_scale(high, low, bars[0][1].currency, zero, plot, span)]
    for index, (period, amount) in enumerate(bars):
        size = float(abs(amount.amount) / span) * plot
        x = LEFT + index * step + step * 0.15
        y = zero - size if amount.amount >= 0 else zero
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{max(size, 0.5):.1f}" '
                     f'fill="#2f6690"><title>{escape(period)}: {escape(str(amount))}</title></rect>')
        if len(bars) <= 12 or index % 2 == 0:
            parts.append(f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(period)}</text>")
    body = "".join(parts)
    return Markup(f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-label="{escape(label)}" '
                  f'class="bar-chart" xmlns="http://www.w3.org/2000/svg" font-size="13">{body}</svg>')


def _scale(high: Decimal, low: Decimal, currency: str, zero: float, plot: int, span: Decimal) -> str:
    """The zero line and the highest (and lowest) amount, written at the left."""
    lines = [f'<line x1="{LEFT}" x2="{WIDTH}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="currentColor"/>',
             f'<text x="{LEFT - 6}" y="{zero + 4:.1f}" text-anchor="end">0</text>',
             f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{_short(high)}</text>',
             f'<text x="4" y="{HEIGHT - 6}">{escape(currency)}</text>']  # fmt: skip
    if low < 0:
        lines.append(f'<text x="{LEFT - 6}" y="{TOP + plot:.1f}" text-anchor="end">{_short(low)}</text>')
    return "".join(lines)


def _short(value: Decimal) -> str:
    """1.5M, 250k, 900."""
    size = abs(value)
    if size >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if size >= 1_000:
        return f"{value / 1_000:.0f}k"
    return f"{value:.0f}"

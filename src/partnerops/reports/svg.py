"""Drawing charts as inline SVG with matplotlib, server-side: glyphs as paths, no fonts, nothing fetched."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import EngFormatter  # noqa: E402

__all__ = ["TIER_COLOURS", "amount_axis", "slanted_labels", "svg_figure"]

TIER_COLOURS = {"sourced": "#b8860b", "co_sell": "#8a9bb0", "influence": "#b0703c", "direct": "#5b6770"}
_STYLE: dict[Any, Any] = {"svg.fonttype": "path", "svg.hashsalt": "partnerops", "font.size": 9}


@contextmanager
def svg_figure(width: float = 6.4, height: float = 3.2) -> Iterator[tuple[Figure, Axes, list[str]]]:
    """A figure whose SVG text lands in the yielded list once the block ends."""
    out: list[str] = []
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(width, height))
        try:
            yield figure, axes, out
            axes.spines[["top", "right"]].set_visible(False)
            figure.tight_layout()
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
            out.append(_svg_element(buffer.getvalue()))
        finally:
            plt.close(figure)


def amount_axis(axis: Any) -> None:
    """Amount ticks as 250k / 1.5M rather than a 1e7 offset."""
    axis.set_major_formatter(EngFormatter(places=1, sep=""))


def slanted_labels(axes: Axes) -> None:
    axes.tick_params(axis="x", labelrotation=35)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("right")


def _svg_element(document: str) -> str:
    """Just the <svg> element: no XML declaration, no DOCTYPE pointing at a remote DTD."""
    return document[document.index("<svg") :]

"""A timeline as a picture: events on a date axis, one row per main actor, today marked.

matplotlib is imported inside `draw`: a bot that never draws does not carry it (about 30 MB),
and the first /timeline pays the import once. Call `draw` from a worker thread; figures are
drawn one at a time because matplotlib's font and text caches are shared.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 1000  # pixels; Discord shows an embed's image up to about 400–550 px wide and opens it full size
ROW_HEIGHT = 60
MARGIN_HEIGHT = 160  # title, date axis and legend
DPI = 100
FILENAME = "timeline.png"

_lock = threading.Lock()


@dataclass(frozen=True)
class Mark:
    day: dt.date
    row: int
    done: bool  # occurred (filled) or still to come (hollow)
    background: bool = False
    # Known to the year only: it does not stretch the axis; outside it, it is drawn at the edge.
    rough: bool = False


def size(rows: int) -> tuple[int, int]:
    """The picture's size in pixels for `rows` rows."""
    return WIDTH, MARGIN_HEIGHT + ROW_HEIGHT * max(rows, 1)


def draw(title: str, rows: Sequence[str], marks: Sequence[Mark], today: dt.date) -> bytes:
    """A PNG of `marks` (rows counted from the top) between their first and last day and today."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    width, height = size(len(rows))
    with _lock:
        fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI)
        FigureCanvasAgg(fig)
        top = 1 - 50 / height
        bottom = 80 / height
        ax = fig.add_axes((0.24, bottom, 0.73, top - bottom))
        colours = {"done": "#2B6CB0", "coming": "#DD6B20", "background": "#A0AEC0"}
        days = [m.day for m in marks if not m.rough] + [today]
        first, last = min(days), max(days)
        pad = max((last - first).days * 0.04, 2)
        low, high = date2num(first) - pad, date2num(last) + pad
        ax.set_xlim(low, high)
        groups: dict[tuple[str, str], tuple[list[float], list[int]]] = {}
        for m in marks:
            key = "background" if m.background else "done" if m.done else "coming"
            x = date2num(m.day)
            shape = "<" if x < low else ">" if x > high else "o"
            xs, ys = groups.setdefault((key, shape), ([], []))
            xs.append(min(max(x, low + pad / 3), high - pad / 3))
            ys.append(m.row)
        for (key, shape), (xs, ys) in groups.items():
            hollow = key == "coming"
            ax.scatter(xs, ys, s=110, marker=shape, linewidths=1.8, zorder=3, edgecolors=colours[key],
                       facecolors="none" if hollow else colours[key], alpha=0.9)
        ax.axvline(date2num(today), color="#C53030", linestyle="--", linewidth=1.2, zorder=2)
        ax.annotate("today", (date2num(today), 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", color="#C53030", fontsize=12)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_yticks(range(len(rows)), labels=list(rows), fontsize=13)
        ax.grid(axis="x", color="#E2E8F0", zorder=0)
        for y in range(len(rows)):
            ax.axhline(y, color="#EDF2F7", linewidth=0.8, zorder=1)
        locator = AutoDateLocator(minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelsize=12)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        fig.suptitle(title, x=0.02, y=1 - 12 / height, ha="left", va="top", fontsize=16, fontweight="bold")
        legend = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colours["done"],
                         markeredgecolor=colours["done"], label="occurred"),
                  Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor="none",
                         markeredgecolor=colours["coming"], markeredgewidth=1.8, label="planned or proposed"),
                  Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colours["background"],
                         markeredgecolor=colours["background"], label="background"),
                  Line2D([], [], color="#C53030", linestyle="--", label="today")]
        fig.legend(handles=legend, loc="lower left", ncols=4, frameon=False, fontsize=12,
                   bbox_to_anchor=(0.24, 0))
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()

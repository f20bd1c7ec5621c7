"""Charts of the frames: functions that return a `Chart`, a matplotlib `Figure`.

Every chart stays readable whatever the size of the input: at most `top` rows
(the largest, sorted, the first at the top), labels cut to a fixed width,
horizontal bars so that long names never overlap, and a figure height that grows
with the number of rows up to a cap. Charts are drawn on their own Agg canvas,
without pyplot and without choosing a backend: importing this module changes no
global state, and a chart shows itself in a notebook whatever the backend. Text
from the notes is never read as mathtext (a `$` in a title is a dollar sign).

    >>> fig = bar_chart(counts, title="Talks per theme", xlabel="talks")
    >>> png_bytes(fig)
"""
from __future__ import annotations

import io
import math
import warnings
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .filters import clean

if TYPE_CHECKING:
    import pandas as pd

WIDTH = 7.5  # inches
ROW_HEIGHT = 0.28  # inches per bar or heatmap row
MIN_HEIGHT, MAX_HEIGHT = 1.6, 9.0
LABEL_WIDTH = 42  # characters of a row label
COLUMN_LABEL_WIDTH = 22
DPI = 120
BAR_COLOR = "#3d6fa5"
RC = {
    "text.parse_math": False,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",
}


@contextmanager
def _style():
    with matplotlib.rc_context(RC), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph ... missing from font" for emoji and CJK in titles
        yield


def label(value: Any, width: int = LABEL_WIDTH) -> str:
    """A chart label: unsafe characters replaced, cut to `width` characters."""
    return clean(value, width) or "(none)"


def figure_height(rows: int, extra: float = 1.0) -> float:
    """Height in inches for `rows` bars or heatmap rows, between the bounds."""
    return min(MAX_HEIGHT, max(MIN_HEIGHT, ROW_HEIGHT * rows + extra))


CHAR_WIDTH = 0.074  # inches per character of a 9 pt tick label (DejaVu Sans, on average)


class Chart(Figure):
    """A figure that shows itself as a PNG in a notebook. Without this, a figure made
    outside pyplot shows only as text unless the inline backend happens to be set up."""

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        width, height = display_size(self)
        return png_bytes(self), {"width": width, "height": height}


def _new_figure(height: float, width: float = WIDTH) -> Chart:
    fig = Chart(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)  # attaches itself to the figure: drawing needs no backend
    return fig


def _margins(fig: Figure, left: float, bottom: float, top: float = 0.42, right: float = 0.25) -> None:
    """Place the axes with margins in inches (estimated from label lengths: a layout
    engine would draw every figure twice)."""
    width, height = fig.get_size_inches()
    left = min(left, width * 0.55)
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=min(0.45, bottom / height),
                        top=1 - min(0.4, top / height))


def _title(fig: Figure, title: str) -> None:
    """The chart's title, at the figure's top left (an axes title would overflow when
    the row labels are long)."""
    _, height = fig.get_size_inches()
    fig.text(0.1 / WIDTH, 1 - 0.1 / height, label(title, 100), ha="left", va="top", fontsize=10, fontweight="bold")


def _text_width(labels) -> float:
    return 0.25 + CHAR_WIDTH * max((len(text) for text in labels), default=0)


def _message(fig: Figure, ax, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="#666666")


def bar_chart(counts: pd.Series, title: str, xlabel: str, top: int = 15, width: int = LABEL_WIDTH) -> Chart:
    """Horizontal bars of `counts` (a Series: label -> number), the `top` largest,
    largest first; ties sorted by label. Labels are cut to `width` characters."""
    with _style():
        data = counts.dropna()
        data = data[data > 0]
        order = sorted(zip(data.index, data.to_numpy()), key=lambda item: (-float(item[1]), str(item[0])))
        shown = order[:top]
        fig = _new_figure(figure_height(len(shown)))
        ax = fig.add_subplot()
        full_title = title if len(order) <= top else f"{title} (top {top} of {len(order)})"
        _title(fig, full_title)
        if not shown:
            _message(fig, ax, "nothing to show")
            return fig
        labels = [label(name, width) for name, _ in shown]
        values = [float(value) for _, value in shown]
        _margins(fig, left=_text_width(labels), bottom=0.55, top=0.4)
        positions = range(len(shown))
        bars = ax.barh(positions, values, color=BAR_COLOR, height=0.7)
        ax.set_yticks(list(positions), labels=labels)
        ax.invert_yaxis()  # largest at the top
        ax.set_xlabel(label(xlabel, 60))
        ax.bar_label(bars, labels=[_fmt(v) for v in values], padding=3, fontsize=8)
        ax.set_xlim(0, max(values) * 1.12)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="y", length=0)
        return fig


def heatmap(matrix: pd.DataFrame, title: str, colorbar: str = "", top_rows: int = 30, top_columns: int = 16,
            annotate: bool | None = None, sort_rows: bool = True, sort_columns: bool = True) -> Chart:
    """A heatmap of `matrix` (a DataFrame: row label x column label -> number).

    Keeps the `top_rows` rows and `top_columns` columns with the largest totals
    (sorted by total unless told not to, e.g. for columns in date order). Cells
    hold their value when the matrix is small enough to read them."""
    with _style():
        data = matrix.fillna(0).astype(float)
        n_rows, n_columns = data.shape
        # Positional ordering: two talks may share a title.
        if sort_columns and n_columns:
            data = data.iloc[:, _largest_first(data.sum(axis=0).to_numpy())]
        data = data.iloc[:, :top_columns]
        if sort_rows and len(data):
            data = data.iloc[_largest_first(data.sum(axis=1).to_numpy())]
        data = data.iloc[:top_rows]
        longest = max((len(label(c, COLUMN_LABEL_WIDTH)) for c in data.columns), default=0)
        fig = _new_figure(figure_height(len(data), extra=0.8 + CHAR_WIDTH * longest))
        ax = fig.add_subplot()
        cut = []
        if n_rows > len(data):
            cut.append(f"top {len(data)} of {n_rows} rows")
        if n_columns > data.shape[1]:
            cut.append(f"top {data.shape[1]} of {n_columns} columns")
        _title(fig, f"{title} ({', '.join(cut)})" if cut else title)
        if data.empty or not data.to_numpy().any():
            _message(fig, ax, "nothing to show")
            return fig
        row_labels = [label(r) for r in data.index]
        column_labels = [label(c, COLUMN_LABEL_WIDTH) for c in data.columns]
        # Column labels stand upright when there are many (slanted ones would overlap);
        # a few are slanted at 40 degrees, hanging below and to the left of their column.
        upright = len(column_labels) > 5
        drop = _text_width(column_labels) * (1.0 if upright else 0.64)
        left = _text_width(row_labels)
        if not upright and column_labels:
            left = max(left, 0.77 * _text_width(column_labels[:1]))
        _margins(fig, left=left, bottom=0.2 + drop, top=0.4, right=1.0)
        values = data.to_numpy()
        colours = matplotlib.colormaps["Blues"].with_extremes(bad="white")  # empty cells stay white
        image = ax.imshow(np.ma.masked_equal(values, 0), aspect="auto", cmap=colours, vmin=0,
                          vmax=max(float(values.max()), 1e-9), interpolation="nearest")
        ax.set_yticks(range(len(data)), labels=row_labels)
        if upright:
            ax.set_xticks(range(data.shape[1]), labels=column_labels, rotation=90)
        else:
            ax.set_xticks(range(data.shape[1]), labels=column_labels, rotation=40, ha="right", rotation_mode="anchor")
        ax.tick_params(length=0)
        for side in ax.spines.values():
            side.set_visible(False)
        if annotate is None:
            annotate = data.size <= 300
        if annotate:
            peak = data.to_numpy().max()
            for (i, j), value in _cells(data):
                if value:
                    ax.text(j, i, _fmt(value), ha="center", va="center", fontsize=7,
                            color="white" if value > peak * 0.6 else "#222222")
        box = ax.get_position()
        width, _ = fig.get_size_inches()
        holder = fig.add_axes((box.x1 + 0.15 / width, box.y0 + box.height * 0.1, 0.12 / width, box.height * 0.8))
        bar = fig.colorbar(image, cax=holder)
        if colorbar:
            bar.set_label(label(colorbar, 40))
        return fig


def _largest_first(totals):
    return sorted(range(len(totals)), key=lambda i: -float(totals[i]))


def _cells(data):
    values = data.to_numpy()
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            yield (i, j), values[i, j]


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:,.0f}"


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes (drawn once, with the figure's dpi)."""
    buffer = io.BytesIO()
    with _style():
        fig.savefig(buffer, format="png", dpi=fig.dpi, facecolor="white")
    return buffer.getvalue()


def display_size(fig: Figure) -> tuple[int, int]:
    """Width and height in CSS pixels (96 per inch) at which to show the figure."""
    width, height = fig.get_size_inches()
    return math.ceil(width * 96), math.ceil(height * 96)


__all__ = ["Chart", "bar_chart", "heatmap", "png_bytes", "display_size", "label", "figure_height"]

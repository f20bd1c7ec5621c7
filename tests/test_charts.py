"""Charts stay readable for 1 row or 1,000 (top-N, sorted, labels cut, height capped),
show themselves in a notebook, and importing them changes no global state."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from analysis.report import charts
from analysis.report.filters import REPLACEMENT

PNG = b"\x89PNG\r\n\x1a\n"


def bar_labels(fig):
    ax = fig.axes[0]
    return [tick.get_text() for tick in ax.get_yticklabels()]


def bar_widths(fig):
    return [patch.get_width() for patch in fig.axes[0].patches]


def test_bar_chart_keeps_the_largest_sorted_with_the_largest_on_top():
    counts = pd.Series({"b": 3, "a": 3, "c": 10, "d": 1})
    fig = charts.bar_chart(counts, "Talks per theme", "talks", top=3)
    assert bar_labels(fig) == ["c", "a", "b"]  # ties sorted by label; "d" is cut
    assert bar_widths(fig) == [10, 3, 3]
    assert fig.axes[0].yaxis_inverted()
    assert any("top 3 of 4" in text.get_text() for text in fig.texts)


def test_bar_chart_of_a_thousand_rows_is_capped_and_labels_are_cut():
    counts = pd.Series(range(1, 1001), index=[f"Talk {i} " + "with a very long title " * 5 for i in range(1000)])
    fig = charts.bar_chart(counts, "Notes per talk", "notes")
    labels = bar_labels(fig)
    assert len(labels) == 15
    assert all(len(label) <= charts.LABEL_WIDTH for label in labels)
    assert labels[0].startswith("Talk 999 ") and labels[0].endswith("\u2026")
    assert fig.get_size_inches()[1] <= charts.MAX_HEIGHT
    assert charts.png_bytes(fig).startswith(PNG)


def test_bar_chart_of_one_row_and_of_nothing():
    one = charts.bar_chart(pd.Series({"Only talk": 1}), "One", "talks")
    assert bar_labels(one) == ["Only talk"]
    assert one.get_size_inches()[1] >= charts.MIN_HEIGHT
    empty = charts.bar_chart(pd.Series([], dtype="int64"), "Nothing", "talks")
    assert any(text.get_text() == "nothing to show" for text in empty.axes[0].texts)
    assert charts.png_bytes(empty).startswith(PNG)


def test_height_grows_with_rows_up_to_the_cap():
    heights = [charts.figure_height(rows) for rows in (1, 5, 15, 30, 1000)]
    assert heights == sorted(heights)
    assert heights[0] == charts.MIN_HEIGHT and heights[-1] == charts.MAX_HEIGHT


def test_text_from_notes_is_not_mathtext_and_unsafe_characters_are_replaced():
    hostile = pd.Series({"Costs $5 and $\\frac{1}{ talk": 2, "Bidi \u202egnp.exe\u202c": 1, "bell\x07 here": 1})
    fig = charts.bar_chart(hostile, "Money $ talk $\\frac{", "talks $")
    assert charts.png_bytes(fig).startswith(PNG)  # an unbalanced $ would fail to draw as mathtext
    labels = bar_labels(fig)
    assert "Costs $5 and $\\frac{1}{ talk" in labels
    assert f"Bidi {REPLACEMENT}gnp.exe{REPLACEMENT}" in labels
    assert f"bell{REPLACEMENT} here" in labels


def test_heatmap_keeps_top_rows_and_columns_and_accepts_duplicate_titles():
    matrix = pd.DataFrame([[1, 0, 2], [0, 3, 0], [5, 5, 5]], index=["Keynote", "Keynote", "Panel"], columns=["x", "y", "z"])
    fig = charts.heatmap(matrix, "Themes by talk", top_rows=2, top_columns=2)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Panel", "Keynote"]
    assert len(ax.get_xticklabels()) == 2
    assert charts.png_bytes(fig).startswith(PNG)


def test_heatmap_keeps_column_order_when_asked_and_handles_nothing():
    matrix = pd.DataFrame([[0, 1, 9]], index=["Docker"], columns=["2014-05 A", "2015-03 B", "2016-06 C"])
    fig = charts.heatmap(matrix, "Products by event", sort_columns=False)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2014-05 A", "2015-03 B", "2016-06 C"]
    empty = charts.heatmap(pd.DataFrame(), "Nothing")
    assert charts.png_bytes(empty).startswith(PNG)


def test_many_columns_stand_upright():
    matrix = pd.DataFrame([[1] * 12], index=["talk"], columns=[f"theme {i}" for i in range(12)])
    fig = charts.heatmap(matrix, "Wide")
    assert {t.get_rotation() for t in fig.axes[0].get_xticklabels()} == {90.0}


def test_a_chart_is_a_figure_that_shows_itself_as_png():
    from IPython.core.formatters import DisplayFormatter
    from matplotlib.figure import Figure

    fig = charts.bar_chart(pd.Series({"Docker": 3, "Kubernetes": 1}), "Talks per product", "talks")
    assert isinstance(fig, Figure)
    data, metadata = DisplayFormatter().format(fig)
    assert data["image/png"].startswith(PNG)
    assert metadata["image/png"] == dict(zip(("width", "height"), charts.display_size(fig)))


MODULES = ["analysis", "analysis.report", "analysis.report.charts", "analysis.report.page"]

# One fresh interpreter imports the modules one after the other and, after each, reports
# what importing it did: pyplot or scikit-learn loaded, matplotlib's backend, the umask.
_IMPORTS = """
import importlib, json, os, sys, matplotlib
os.umask(0o077)
backend = dict.__getitem__(matplotlib.rcParams, "backend")
seen = {}
for module in sys.argv[1:]:
    importlib.import_module(module)
    mask = os.umask(0o077)
    seen[module] = {"heavy": sorted(m for m in ("matplotlib.pyplot", "sklearn") if m in sys.modules),
                    "backend kept": dict.__getitem__(matplotlib.rcParams, "backend") == backend, "umask": oct(mask)}
print(json.dumps(seen))
"""


@pytest.fixture(scope="module")
def imported():
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run([sys.executable, "-c", _IMPORTS, *MODULES], capture_output=True, text=True, check=True, env=env).stdout
    return json.loads(out)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
@pytest.mark.parametrize("module", MODULES)
def test_imports_stay_light(module, imported):
    """No pyplot (GUI backends, global state) and no scikit-learn at import time."""
    assert imported[module]["heavy"] == []


@pytest.mark.parametrize("module", MODULES)
def test_importing_changes_no_global_state(module, imported):
    """Neither matplotlib's backend nor the process umask changes when the package is imported."""
    assert imported[module]["backend kept"] and imported[module]["umask"] == "0o77"

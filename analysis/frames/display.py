"""How a `Notes` shows itself in Jupyter: the rows of each frame, the events with their
dates, and the problems. Every string from the notes is escaped."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from .notes import Notes

SHOWN_EVENTS = 10
SHOWN_PROBLEMS = 5
TEXT_WIDTH = 90
_TABLE = 'style="border-collapse:collapse;margin:4px 0 8px;text-align:left"'
_CELL = 'style="text-align:left;padding:2px 12px 2px 0;vertical-align:top"'
_NUMBER = 'style="text-align:right;padding:2px 12px 2px 0;font-variant-numeric:tabular-nums"'


def _text(value: Any, width: int = TEXT_WIDTH) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    return escape(text if len(text) <= width else text[: width - 1] + "\u2026")


def _path(value: Any, width: int = 60) -> str:
    """A file path cut at its start, so that its file name shows."""
    if pd.isna(value):
        return ""
    text = str(value)
    return escape(text if len(text) <= width else "\u2026" + text[-(width - 1):])


def _day(value: Any) -> str:
    return "" if pd.isna(value) else f"{value.day} {value:%b %Y}"


def _dates(start: Any, end: Any) -> str:
    if pd.isna(start):
        return "no date"
    return _day(start) if pd.isna(end) or end == start else f"{_day(start)} \u2013 {_day(end)}"


def _rows(cells: list[list[str]], numeric: set[int] = frozenset()) -> str:
    return "".join("<tr>" + "".join(f"<td {_NUMBER if i in numeric else _CELL}>{c}</td>" for i, c in enumerate(row)) + "</tr>"
                   for row in cells)


def notes_html(notes: Notes) -> str:
    """The HTML of `notes` in a notebook."""
    counts = [[f"<code>{name}</code>", f"{len(getattr(notes, name)):,}"] for name in notes.frame_names()]
    events = notes.events.sort_values(["date_start", "event_id"], kind="stable")
    event_rows = [[_text(e.title), _dates(e.date_start, e.date_end), f"{int(e.n_talks or 0):,}", f"{int(e.n_notes or 0):,}"]
                  for e in events.head(SHOWN_EVENTS).itertuples(index=False)]
    more_events = len(events) - len(event_rows)
    problems = notes.problems
    severities = problems["severity"].astype("string").value_counts()
    problem_rows = [[_text(p.severity), _path(p.source), "" if pd.isna(p.line) else str(int(p.line)), _text(p.message)]
                    for p in problems.head(SHOWN_PROBLEMS).itertuples(index=False)]
    parts = [
        '<div class="confnotes-notes">',
        f"<p><b>Notes</b>: {len(notes.events):,} events, {len(notes.talks):,} talks, {len(notes.notes):,} notes, "
        f"{len(problems):,} problems. Each frame is an attribute: <code>notes.talks</code>, <code>notes.mentions</code>, ...</p>",
        '<div style="display:flex;flex-wrap:wrap;gap:28px;align-items:flex-start">',
        f"<table {_TABLE}><thead><tr><th {_CELL}>frame</th><th {_NUMBER}>rows</th></tr></thead><tbody>{_rows(counts, {1})}</tbody></table>",
        f"<table {_TABLE}><thead><tr><th {_CELL}>event</th><th {_CELL}>dates</th><th {_NUMBER}>talks</th><th {_NUMBER}>notes</th></tr></thead>"
        f"<tbody>{_rows(event_rows, {2, 3})}</tbody></table>",
        "</div>",
    ]
    if more_events > 0:
        parts.append(f"<p>\u2026 and {more_events:,} more events (all in <code>notes.events</code>).</p>")
    if len(problems):
        by_severity = ", ".join(f"{n:,} {escape(str(s))}" for s, n in severities.items())
        parts.append(f"<p><b>Problems</b> ({by_severity}); the first {len(problem_rows)}, all in <code>notes.problems</code>:</p>")
        parts.append(f"<table {_TABLE}><tbody>{_rows(problem_rows, {2})}</tbody></table>")
    else:
        parts.append("<p>No problems.</p>")
    parts.append("</div>")
    return "".join(parts)


__all__ = ["notes_html"]

"""What `confnotes summary` prints: a small table per event, then the problems.

    DockerCon 2017 · 17 Apr 2017 – 20 Apr 2017
      talks      24
      speakers   29
      notes      817
      themes     Containers and orchestration, DevOps and delivery, Security and privacy
      products   Docker, Docker Swarm, Kubernetes, LinuxKit, Moby

Text from the notes is cleaned (control characters and bidi overrides replaced) so it
cannot move the terminal's cursor or colour it.
"""
from __future__ import annotations

from ..frames import Notes
from .filters import clean, date_range, is_missing
from .summaries import event_overview

SHOWN_PROBLEMS = 40  # rows of the problems list with --problems; the rest are counted


def summary_text(notes: Notes, problems: bool = False) -> str:
    """Every event as a small table (title, dates, talks, speakers, notes, top 3 themes,
    top 5 products), then the number of problems by severity (and the problems themselves
    when `problems`)."""
    blocks = []
    for event in event_overview(notes).itertuples(index=False):
        rows = [("talks", f"{event.talks:,}"), ("speakers", f"{event.speakers:,}"), ("notes", f"{event.notes:,}"),
                ("themes", ", ".join(clean(t, 60) for t in event.themes) or "-"),
                ("products", ", ".join(clean(p, 40) for p in event.products) or "-")]
        lines = [f"{clean(event.title, 100) or '(untitled)'} \u00b7 {date_range(event.date_start, event.date_end)}"]
        lines += [f"  {label:<9}  {value}" for label, value in rows]
        blocks.append("\n".join(lines))
    blocks.append(_problems_line(notes, problems))
    return "\n\n".join(blocks)


def _problems_line(notes: Notes, listed: bool) -> str:
    frame = notes.problems
    if frame.empty:
        return "no problems"
    by_severity = frame["severity"].astype("string").value_counts()
    counts = ", ".join(f"{n:,} {severity}" for severity, n in by_severity.items())
    line = f"{len(frame):,} problem{'s' if len(frame) != 1 else ''} ({counts})"
    if not listed:
        return line + "; --problems lists them"
    rows = [f"  {clean(r.severity)}  {clean(r.source, 100)}{'' if is_missing(r.line) else f':{int(r.line)}'}"
            f"  {clean(r.message, 200)}" for r in frame.head(SHOWN_PROBLEMS).itertuples(index=False)]
    more = [f"  and {len(frame) - SHOWN_PROBLEMS:,} more (the problems frame holds them all)"] if len(frame) > SHOWN_PROBLEMS else []
    return "\n".join([line + ":", *rows, *more])


__all__ = ["summary_text", "SHOWN_PROBLEMS"]

"""What every section of one report needs, computed once per report: talk titles,
the talks that get a digest (so other sections can link to them), headline counts,
and the folder that file names are shown relative to.

A `ReportPage` holds one; nothing is cached at module level, so two reports of
different notes in one process never see each other's context.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..frames import Notes
from . import summaries
from .filters import is_missing


@dataclass(frozen=True)
class TalkRef:
    """A talk as another section names it: its title, and the anchor of its digest if it has one."""

    title: str
    anchor: str | None


class ReportContext:
    def __init__(self, notes: Notes):
        self.notes = notes
        talks = notes.talks
        self.titles = dict(zip(talks["talk_id"].tolist(), talks["title"].tolist()))
        self.digest_talks = summaries.digest_talks(notes)
        self.digested = set(self.digest_talks["talk_id"].tolist())
        self.counts = summaries.counts(notes)
        sources = notes.events["source"].dropna().tolist() + notes.problems["source"].dropna().tolist()
        self.root = summaries.common_folder(sources)

    def talk(self, talk_id: Any) -> TalkRef | None:
        """The talk `talk_id` (None for a note of the event outside any talk)."""
        if is_missing(talk_id):
            return None
        anchor = f"talk-{int(talk_id)}" if talk_id in self.digested else None
        return TalkRef(self.titles.get(talk_id) or "(untitled)", anchor)

    def file(self, source: Any) -> str:
        """A notes file's path relative to the folder of all the notes ('' when missing)."""
        if is_missing(source):
            return ""
        path = str(source)
        if self.root:
            try:
                path = os.path.relpath(path, self.root)
            except ValueError:  # another drive
                pass
        return path


__all__ = ["ReportContext", "TalkRef"]

"""The report page of some notes: a header and the sections of `SECTIONS`, each a `Block`
that a notebook displays.

    >>> page = ReportPage(notes)
    >>> page.header()            # title, what the notes are, counts, contents
    >>> page.section("themes")   # one section; None when it does not apply
"""
from __future__ import annotations

from typing import Iterator

from ..frames import Notes
from . import summaries
from .blocks import Block
from .context import ReportContext
from .environment import render
from .sections import SECTIONS, Section, records, section_named


class ReportPage:
    """The report of `notes`. Sections share one `ReportContext`, computed here once."""

    def __init__(self, notes: Notes):
        self.notes = notes
        self.context = ReportContext(notes)

    def shown_sections(self) -> list[Section]:
        """The sections this page shows, in order (trends only for several events)."""
        return [section for section in SECTIONS if section.shown(self.notes)]

    def header(self) -> Block:
        """The page title, what the notes are, the headline counts and the contents."""
        title = summaries.report_title(self.notes)
        events = self.notes.events
        first, last, undated = summaries.date_span(self.notes)  # over every event, dated by its start or end
        markup = render("header.html.j2", title=title, counts=self.context.counts, sections=self.shown_sections(),
                        event=records(events)[0] if len(events) == 1 else None, n_events=len(events),
                        first=first, last=last, undated=undated)
        return Block("header", markup, title)

    def section(self, key: str) -> Block | None:
        """The section `key` (see SECTIONS), or None when it does not apply to these notes."""
        section = section_named(key)
        return self._render(section) if section.shown(self.notes) else None

    def _render(self, section: Section) -> Block:
        return Block(section.key, render(section.template, section=section, **section.build(self.context)))

    def blocks(self) -> Iterator[Block]:
        """The header, then every section shown, in page order (what the notebook shows)."""
        yield self.header()
        for section in self.shown_sections():
            yield self._render(section)


__all__ = ["ReportPage"]

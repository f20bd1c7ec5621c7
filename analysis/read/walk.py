"""The walk: one file's lines, in order, to records, following the chosen layout.

`parse_file` runs the reader's passes on one file's text:

1. `outline.build_outline`: classified lines, headings, front matter, code, tables;
2. `shapes.choose`: the talk-shape rule that reads the file best, and its runner-up;
3. this walk: every line gets a role; talks start where the layout says, speakers
   and subtitles are read from the lines between a talk's title and its first
   note (`speakers.py`, `bylines.py`), titles are cleaned (`titles.py`), notes
   nest by indentation, and inline content (links, commands, quotes) is found;
4. `events.finish_event`: the event, from front matter, a title heading, the
   folder or the file name, with dates from the text or the path.

Every non-blank line gets a role; a line that fits nowhere gets role `unparsed`
and a problem row, so nothing is dropped silently.
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import lines as L
from .bylines import field_label, strip_markup
from .dates import DateSpan
from .events import finish_event
from .schedule import apply_roster, apply_schedule
from .inline import block_commands
from .inline_notes import find_inline
from .label_lines import talk_label
from .outline import Heading, HeadingStyle, Outline, build_outline, is_navigation, italic
from .records import Command, LayoutChoice, Note, ParsedFile, Problem, Talk
from .settings import SettingsError, checked
from .speaker_lines import SpeakerLines, only_a_name
from .shape_words import DAY_NUMBER, WEEKDAY, is_break, is_divider
from .features import MAX_SEGMENT_TITLE, describe, speaker_line_kind, title_like
from .shapes import CLOSE_CALL, Proposal, choose, list_follows
from .speakers import ParsedSpeaker, parse_speaker_line
from .titles import KIND_WORDS, product_names, read_title
from .vocab import Layout, LineRole, NoteKind, Severity, TalkKind, TalkShape

# `Conference: QCon London 2017` under a talk's title (or above the first talk): the event's name.
_EVENT_FIELD = re.compile(r"[*_]*(?:conference|event|meetup)[*_]*\s*:[*_]*\s*(\S.{2,})", re.IGNORECASE)
_SPEAKER_SECTION = re.compile(r"(?:the\s+|about\s+the\s+)?(?:speakers?|presenters?|who)\s*:?", re.IGNORECASE)
_EMPTY_FIELD = re.compile(r"[*_]*(?:speakers?|presenters?|panel(?:ists)?|moderators?|facilitators?|hosts?)[*_]*\s*:[*_]*\s*",
                          re.IGNORECASE)
# Possessive blanks (*+): `day` + a long run of blanks is crossed once, not once per way to split the run in two.
_SEGMENT, _TALK, _DIVIDER = "segment", "talk", "divider"
UNPLACED_SHARE = 0.5
# Members the walk uses on nearly every line, bound once: on Python 3.11 each `LineRole.NOTE`
# goes through EnumType.__getattr__ (about 0.17 us), a cost paid per line of a whole archive.
_NOTE_ROLE = LineRole.NOTE
_BULLET, _NUMBERED, _SPEAKER_NOTE = NoteKind.BULLET, NoteKind.NUMBERED, NoteKind.SPEAKER_NOTE  # more of a file's notes than this outside any talk is worth a warning


def parse_file(source: str, text: str, settings: dict | None = None, root: str | None = None) -> ParsedFile:
    """Parse one file's text. Never raises on any text."""
    return _Walker(source, text, settings or {}, root).run()


_KIND_WORDS = re.compile(r"\b(keynote|panel|workshop|tutorial|lightning)s?\b", re.IGNORECASE)


def _kind_named_in(text: str) -> TalkKind | None:
    """`Day 1 Keynote`, `Panel Discussions`, a `Lightning talks` section: the kind a title or section names."""
    match = _KIND_WORDS.search(text)
    if match is None:
        return None
    return KIND_WORDS[match.group(1).lower()]


class _Walker(SpeakerLines):
    def __init__(self, source: str, text: str, settings: dict, root: str | None) -> None:
        self.source = source
        self.root = root
        self.settings = settings
        self.outline: Outline = build_outline(text.split("\n"))
        self.lines = self.outline.lines
        self.raw_text = self.outline.raw
        self.out = ParsedFile(source)
        self.out.problems.extend(self.outline.problems)
        front_settings = self.outline.front_matter.get("confnotes")
        if isinstance(front_settings, dict):
            try:
                self.settings = {**settings, **checked(front_settings, "front matter")}
            except SettingsError as error:
                self.problem(1, Severity.WARNING, f"{error}: ignored")
        self.roles: list[str | None] = self.outline.roles  # each line's role, once placed
        # state of the walk
        self.talk: Talk | None = None
        self.heading_talk = False
        self.preamble = False
        self.preamble_speakers: list[tuple[int, list[ParsedSpeaker]]] = []  # (line, speakers)
        self.segment: str | None = None
        self.section: str | None = None
        self.section_level = 0  # heading level of the section's divider
        self.section_groups_talks = False  # the section is `Lightning talks`, `Day 2`, ...: its listed items are talks
        self.field_list: list | None = None  # `Panelists:` alone on its line: the items below name them
        self.section_day: int | None = None
        self.body_date: DateSpan | None = None
        self.event_date: DateSpan | None = None
        self.event_subtitle: str | None = None
        self.event_field: str | None = None  # `Conference: QCon London 2017`
        self.stack: list[tuple[int, int, int]] = []  # (indent, note_id, depth) of open list items
        self.last_item: Note | None = None  # for continuation lines
        self.last_quote: Note | None = None
        self.titled_lists = True
        self.first_heading_talk: int | None = None
        self.heading_roles: dict[int, str] = {}
        self.placeholder: Talk | None = None  # a talk titled only `Keynote` or by a name, waiting for its title
        self.pending_speakers: list[ParsedSpeaker] = []  # from the front matter, for the first talk
        self.listed: dict = {}  # line index -> title parts of list items that read as talks
        self.listed_indent: int | None = None  # indent of the list item that started the current talk
        self.layout: Layout | None = None
        self.list_group: tuple[int, str | None] | None = None  # (indent, section before) of a divider item
        self.label_starts: frozenset[int] = frozenset()  # lines of `Talk: Title` label lines that start talks

    # ----------------------------------------------------------------- driver
    def run(self) -> ParsedFile:
        lines, outline = self.lines, self.outline
        if outline.empty:
            self.problem(None, Severity.INFO, "skipped: empty or whitespace-only file")
            self.out.layout = LayoutChoice(layout=Layout.NO_NOTES, reasons="empty file")
            return self.finish(None, None)
        if is_navigation(outline):
            for index, line in enumerate(lines):
                if line.kind != L.BLANK:
                    self.roles[index] = LineRole.NAVIGATION
            self.problem(None, Severity.INFO, "skipped: navigation-only file (links, no notes)")
            self.out.layout = LayoutChoice(layout=Layout.NO_NOTES, reasons="navigation-only file")
            return self.finish(None, None)
        scene = describe(outline, self.source, self.settings)
        proposal, runner_up = choose(scene)
        self.listed = scene.listed
        self.layout = proposal.rule if proposal is not None else None
        if self.layout == Layout.LABEL_LINES:
            self.label_starts = frozenset(proposal.titled_lists)
        heading_roles, title = self.plan(proposal)
        self.heading_roles = heading_roles
        self.record_layout(proposal, runner_up, scene)
        if proposal is not None and proposal.rule in (Layout.WHOLE_FILE, Layout.ONE_TALK):
            self.front_matter_speakers()
        if proposal is not None and proposal.rule == Layout.WHOLE_FILE:
            self.titled_lists = False
            start = outline.next_content(outline.front_matter_end)
            self.start_talk(start if start is not None else 0, self.whole_file_title(), TalkShape.WHOLE_FILE, heading_like=True)

        self.walk()
        return self.finish(title, proposal)

    def walk(self) -> None:
        """Every line in order, by the heading roles planned (also run per piece of a big file: read/pieces.py)."""
        lines, heading_roles, code = self.lines, self.heading_roles, self.outline.code
        headings = {h.index: h for h in self.outline.headings}
        index = 0
        while index < len(lines):
            line = lines[index]
            if self.roles[index] is not None:
                index += 1
                continue
            if index in code:
                index = self.code_block(index, code[index])
                continue
            if index in heading_roles:
                self.heading(index, headings[index], heading_roles[index])
            elif line.date is not None and line.kind in (L.ATX, L.TEXT):
                self.date_line(index, line.date)
            else:
                self.content(index, line)
            index += 1

    def plan(self, proposal: Proposal | None) -> tuple[dict[int, str], Heading | None]:
        """Each heading's role under the chosen layout, and the event-title heading."""
        headings = self.outline.headings
        roles: dict[int, str] = {}
        title = None
        if proposal is None:
            return {h.index: _SEGMENT for h in headings}, None
        if proposal.title is not None:
            title = headings[proposal.title]
            self.roles[title.index] = LineRole.EVENT_TITLE
        talks, dividers = set(proposal.talks), set(proposal.dividers)
        for position, heading in enumerate(headings):
            if heading is title:
                continue
            if proposal.rule in (Layout.HEADING_LEVEL, Layout.TITLED_LISTS, Layout.LIST_ITEMS):
                if position in dividers:
                    roles[heading.index] = _DIVIDER
                elif position in talks:
                    roles[heading.index] = _TALK
                elif proposal.level is not None and heading.level < proposal.level:
                    roles[heading.index] = _DIVIDER
                else:
                    roles[heading.index] = _SEGMENT
            elif proposal.rule == Layout.ONE_TALK and position == 0:
                roles[heading.index] = _TALK
            else:
                roles[heading.index] = _SEGMENT
        if proposal.rule == Layout.ONE_TALK:
            self.first_heading_talk = headings[0].index
        if proposal.event_line is not None:  # no title heading: a plain first line names the event, as one would
            title = Heading(proposal.event_line, 0, self.lines[proposal.event_line].text, HeadingStyle.PLAIN)
            self.roles[proposal.event_line] = LineRole.EVENT_TITLE
        return roles, title

    def record_layout(self, proposal: Proposal | None, runner_up: Proposal | None, scene) -> None:
        if proposal is None:
            self.out.layout = LayoutChoice(layout=Layout.NO_NOTES, reasons="no headings, lists or notes to read")
            return
        self.out.layout = LayoutChoice(
            layout=proposal.rule, level=proposal.level, score=round(proposal.score, 3),
            runner_up=runner_up.name if runner_up else None,
            runner_up_score=round(runner_up.score, 3) if runner_up else None,
            reasons="; ".join(proposal.reasons),
        )
        if (runner_up is not None and proposal.score - runner_up.score < CLOSE_CALL
                and proposal.starts(scene) != runner_up.starts(scene)):  # the same talks either way: no doubt
            self.problem(None, Severity.WARNING,
                         f"shape: close call between {proposal.name} ({proposal.score:.2f}) and {runner_up.name} "
                         f"({runner_up.score:.2f}); run `python -m analysis explain` on this file to check")

    def whole_file_title(self) -> str:
        from .paths import file_title
        from pathlib import PurePath

        front = self.outline.front_matter
        value = front.get("title") or front.get("talk")
        return value if isinstance(value, str) and value else file_title(PurePath(self.source).stem)

    # ------------------------------------------------------------ line kinds
    def heading(self, index: int, heading: Heading, role: str) -> None:
        if role == _DIVIDER and self.section is not None and heading.level > self.section_level and self.is_break_heading(heading):
            # `### Lunch` inside `## Day 2`: a pause in the day, not a new part of it. Its notes
            # belong to no talk, and the talks after it stay in the day's section.
            self.roles[index] = LineRole.DIVIDER
            self.finish_speakers()
            self.talk, self.heading_talk, self.segment = None, False, None
            self.reset_lists()
        elif role == _DIVIDER:
            self.roles[index] = LineRole.DIVIDER
            self.finish_speakers()
            self.section, self.talk, self.heading_talk, self.segment = heading.text, None, False, None
            self.section_level, self.listed_indent = heading.level, None
            self.section_groups_talks = is_divider(read_title(heading.text, product_names()).title)
            day = DAY_NUMBER.search(heading.text)
            self.section_day = int(day.group(1)) if day else self.section_day
            span = L.date_in_heading(heading.text)
            if span is not None and span.usable:  # `## Friday 9 July 2021`: the talks below are that day's
                self.body_date = span
            elif day or WEEKDAY.search(heading.text):
                # A new day with no date of its own (`## Day 3`): the last day's date is not its.
                self.body_date = None
                if span is not None and span.ambiguous:
                    self.problem(self.lines[index].number, Severity.WARNING,
                                 f"date in {heading.text.strip()!r} ignored: day and month could be either way round "
                                 "(write 2024-05-06 or 6 May 2024)")
            self.reset_lists()
        elif role == _TALK or self.talk is None:
            if self.section is not None and heading.level <= self.section_level:
                self.section = self.section_day = None  # `## Lightning talks` ends at the next `##` talk
            self.roles[index] = LineRole.TALK_TITLE
            self.start_talk(index, heading.text, TalkShape.HEADING, heading_like=True)
        elif self.preamble and self.placeholder is self.talk and self.titled_by_subheading(index, heading):
            return
        elif self.preamble and self.byline_heading(index, heading):
            return
        else:
            self.roles[index] = LineRole.SEGMENT_TITLE
            self.start_segment(heading.text, self.lines[index].number)

    @staticmethod
    def is_break_heading(heading: Heading) -> bool:
        """`### 12:15 – Lunch`: a break, read as the shape rules read it (time and markup off)."""
        return is_break(read_title(heading.text, product_names()).title)

    def date_line(self, index: int, span: DateSpan) -> None:
        self.roles[index] = LineRole.DATE
        if not span.in_range:
            self.problem(self.lines[index].number, Severity.WARNING, "date outside the years 1678-2261 ignored")
            return
        if span.ambiguous:
            self.problem(self.lines[index].number, Severity.WARNING,
                         f"date {self.lines[index].text.strip()!r} ignored: day and month could be either way round "
                         "(write 2023-06-05 or 5 June 2023)")
            return
        if self.event_date is None and not self.out.talks and not self.out.notes:
            self.event_date = span
        elif self.talk is not None and self.preamble and self.talk.date is None and self.first_heading_talk is not None:
            self.talk.date = span.start  # a one-talk file: a date under the title is the talk's
        else:
            self.body_date = span

    def content(self, index: int, line: L.Line) -> None:
        kind = line.kind
        if kind != L.ITEM:
            self.field_list = None  # a list of names under `Panelists:` ends with the list
        if kind == L.ITEM:
            self.item(index, line)
        elif kind == L.TEXT:
            self.text(index, line)
        elif kind == L.QUOTE:
            self.quote(index, line)
        elif kind == L.NOTE:
            self.roles[index] = LineRole.SPEAKER_NOTE
            text = line.text[2:].strip() if line.text.startswith("- ") else line.text
            if text:
                self.add_note(NoteKind.SPEAKER_NOTE, text, line.number, parent=None, depth=0)
        elif kind == L.UNDERLINE and line.text == "-":
            self.roles[index] = LineRole.EMPTY_ITEM
        elif kind in (L.UNDERLINE, L.RULE):
            self.roles[index] = LineRole.RULE
            self.reset_lists()
        elif kind == L.COMMENT:
            self.roles[index] = LineRole.COMMENT
        elif kind == L.ATX:  # only date headings reach here without a heading entry
            self.roles[index] = LineRole.UNPARSED
            self.problem(line.number, Severity.WARNING, "heading could not be placed")
        elif kind == L.BLANK:
            self.last_item = self.last_quote = None
        else:
            self.roles[index] = LineRole.UNPARSED
            self.problem(line.number, Severity.WARNING, f"line could not be placed ({kind})")

    def item(self, index: int, line: L.Line) -> None:
        if not line.text:
            self.roles[index] = LineRole.EMPTY_ITEM
            return
        if index in self.label_starts:  # `- Talk: Title` over `- Speaker: Name` (label_lines.py)
            self.roles[index] = LineRole.TALK_TITLE
            self.start_talk(index, talk_label(line.text) or line.text, TalkShape.LABEL_LINE, heading_like=True)
            self.reset_lists()
            return
        if (self.listed or self.listed_indent is not None) and self.listed_talk(index, line):
            return
        if self.field_list is not None and self.field_item(index, line):
            return
        if ":" in line.text and self.speaker_field_line(index, f"- {line.text}"):
            return
        self.roles[index] = _NOTE_ROLE
        parent, depth = self.parent_for(line.indent)
        note = self.add_note(_NUMBERED if line.numbered else _BULLET, line.text, line.number, parent, depth)
        self.stack.append((line.indent, note.note_id, depth))
        self.last_item, self.last_quote = note, None

    def listed_talk(self, index: int, line: L.Line) -> bool:
        """`- **Title** — Speaker` over sub-bullets starts a talk in a file of listed talks or under a
        `## Lightning talks` divider; the next item at its level that is no talk ends it."""
        listed = index in self.listed and (
            self.layout == Layout.LIST_ITEMS
            or (self.talk is None or self.listed_indent is not None) and self.section_groups_talks
        )
        if listed:
            if self.list_group is not None and line.indent <= self.list_group[0]:
                self.section, self.list_group = self.list_group[1], None  # the group's items are over
            self.roles[index] = LineRole.TALK_TITLE
            self.start_talk(index, line.text, TalkShape.LIST_ITEM, heading_like=True)
            self.listed_indent = line.indent
            return True
        if self.listed_indent is not None and line.indent <= self.listed_indent:
            self.end_listed_talk()
        if self.layout != Layout.LIST_ITEMS:
            return False
        following = self.outline.next_content(index)
        if (following in self.listed and self.lines[following].indent > line.indent
                and is_divider(strip_markup(line.text, symbols=False)[0])):
            # `- **Lightning talks**` over listed talks: a divider inside the list
            self.roles[index] = LineRole.DIVIDER
            self.list_group = (line.indent, self.section)
            self.section = strip_markup(line.text, symbols=False)[0]
            return True
        return False

    def end_listed_talk(self) -> None:
        self.finish_speakers()
        self.talk, self.listed_indent, self.heading_talk = None, None, False
        self.reset_lists()

    def quote(self, index: int, line: L.Line) -> None:
        self.roles[index] = LineRole.QUOTE
        previous = self.lines[index - 1] if index else None
        if self.last_quote is not None and previous is not None and previous.kind == L.QUOTE:
            self.last_quote.text = f"{self.last_quote.text} {line.text}".strip()
            return
        if not line.text:
            return
        if self.talk is not None and self.preamble and field_label(line.text) and self.byline(index, line.text):
            return  # `> Speaker: Nora Jones` under the title: a speaker field set as a quote
        parent, depth = self.parent_for(line.indent)
        note = self.add_note(NoteKind.QUOTE, line.text, line.number, parent, depth)
        self.stack.append((line.indent, note.note_id, depth))
        self.last_quote, self.last_item = note, None

    def text(self, index: int, line: L.Line) -> None:
        text = line.text
        lines = self.lines
        previous = lines[index - 1] if index else None
        following = lines[index + 1] if index + 1 < len(lines) else None
        followed_by_list = following is not None and following.kind == L.ITEM and bool(following.text)
        paragraph_start = previous is None or previous.kind != L.TEXT or self.roles[index - 1] not in (None, LineRole.NOTE)
        if self.listed_indent is not None and line.indent <= self.listed_indent and previous is not None and previous.kind == L.BLANK:
            self.end_listed_talk()  # a paragraph after a listed talk's notes is the event's again

        # A continuation of the item or quote just above it (no blank between); an
        # indented line under an item continues it even when a list follows (a hard wrap).
        if self.last_item is not None and previous is not None and previous.kind in (L.ITEM, L.TEXT) and (
            not followed_by_list or line.indent > 0
        ):
            self.roles[index] = _NOTE_ROLE
            self.last_item.text = f"{self.last_item.text} {text}"
            return
        if self.last_quote is not None and previous is not None and previous.kind == L.QUOTE:
            self.roles[index] = LineRole.QUOTE
            self.last_quote.text = f"{self.last_quote.text} {text}"
            return

        if index in self.label_starts:
            self.roles[index] = LineRole.TALK_TITLE
            # heading_like: the talk runs to the next label line, so no short line in it starts a titled list
            self.start_talk(index, talk_label(text) or text, TalkShape.LABEL_LINE, heading_like=True)
            return
        emphasised = italic(text)
        if self.talk is None and not self.out.notes and emphasised and self.event_subtitle is None and not self.out.talks:
            self.roles[index] = LineRole.EVENT_SUBTITLE
            self.event_subtitle = emphasised
            return
        if (self.talk is None and not self.out.notes) or (self.talk is not None and self.preamble):
            if self.event_field_line(index, text):
                return
        if self.talk is not None and self.preamble:
            if self.talk.shape == TalkShape.LABEL_LINE and self.label_field(index, text):
                return
            if self.byline(index, text):
                return
            if self.preamble_speakers and self.affiliation_field(index, text):
                return
            if emphasised and self.talk.subtitle is None:
                self.roles[index] = LineRole.SUBTITLE
                self.talk.subtitle = emphasised
                return
            if self.preamble_speaker(index, text, paragraph_start, followed_by_list, following):
                return
        if self.speaker_field_line(index, text):
            return
        if self.talk is not None and followed_by_list and _EMPTY_FIELD.fullmatch(text):
            self.roles[index] = LineRole.SPEAKER  # `Panelists:` over a list of names
            self.field_list = []
            if text.lower().strip("*_ :").startswith(("panel", "moderat")) and self.talk.kind == TalkKind.TALK:
                self.talk.kind = TalkKind.PANEL
            return
        if (self.titled_lists and not self.heading_talk and paragraph_start and not emphasised
                and self.starts_titled_list(index) and not is_break(text)  # `Announcements` over bullets is no talk
                and not _EMPTY_FIELD.fullmatch(text)):  # nor is `Speakers:` over a list of who gave which talk
            self.roles[index] = LineRole.TALK_TITLE
            self.start_talk(index, text.rstrip(":").strip() or text, TalkShape.TITLED_LIST)
            return
        if self.talk is not None and followed_by_list and title_like(text, MAX_SEGMENT_TITLE):
            self.roles[index] = LineRole.SEGMENT_TITLE
            self.start_segment(text.rstrip(":").strip() or text, line.number)
            return
        self.roles[index] = LineRole.NOTE
        note = self.add_note(NoteKind.TEXT, text, line.number, parent=None, depth=0)
        self.reset_lists()
        if followed_by_list:  # a sentence that introduces a list: the list nests under it
            self.stack.append((-1, note.note_id, 0))

    def event_field_line(self, index: int, text: str) -> bool:
        """`Conference: QCon London 2017` before the notes: it names the event (the first one does)."""
        match = _EVENT_FIELD.fullmatch(text.strip())
        if match is None or self.event_field is not None:
            return False
        name = strip_markup(match.group(1))[0].strip().rstrip(".")
        if not name:
            return False
        self.event_field = name
        self.roles[index] = LineRole.EVENT_TITLE
        return True

    def starts_titled_list(self, index: int) -> bool:
        """A short plain line whose list follows directly, or through <= 2 speaker/italic lines."""
        line = self.lines[index]
        return title_like(line.text) and line.date is None and list_follows(self.lines, index)

    def code_block(self, start: int, end: int) -> int:
        lines = self.lines
        opening = lines[start]
        self.roles[start] = LineRole.CODE_FENCE
        body_end = end if lines[end].kind == L.FENCE and end != start else end + 1
        if end != start and lines[end].kind == L.FENCE:
            self.roles[end] = LineRole.CODE_FENCE
        for i in range(start + 1, body_end):
            if lines[i].kind != L.BLANK:
                self.roles[i] = LineRole.CODE
        source_lines = self.raw_text[start + 1 : body_end]
        if any(s.strip() for s in source_lines):
            parent, depth = self.parent_for(opening.indent) if opening.indent else (None, 0)
            note = self.add_note(NoteKind.CODE, "\n".join(source_lines).strip("\n"), opening.number, parent, depth)
            for command, program in block_commands(source_lines, self.fence_language(start)):
                self.out.commands.append(Command(note_id=note.note_id, talk_id=note.talk_id, command=command, program=program))
        self.last_item = self.last_quote = None
        return end + 1

    # -------------------------------------------------------------- helpers
    def speaker_line_follows(self, index: int) -> bool:
        """Whether the first content under the heading at `index` names speakers (a speaker line or field)."""
        following = self.outline.next_content(index)
        return following is not None and speaker_line_kind(self.outline, following, standalone=True) is not None

    def fence_language(self, index: int) -> str:
        raw = self.raw_text[index].strip()
        return raw.lstrip("`~").strip().split(" ")[0] if raw else ""

    def start_talk(self, index: int, heading: str, shape: str, heading_like: bool = False) -> None:
        self.finish_speakers()
        if self.pending_speakers:  # front matter speakers belong to the file's (first and only) talk
            self.preamble_speakers.append((self.outline.front_matter_end + 1, self.pending_speakers))
            self.pending_speakers = []
        parts = read_title(heading, product_names(), self.settings.get("speaker_separator"))
        if parts.unsplit is not None and self.speaker_line_follows(index):
            # `## Addis Ababa: Mobile Money` over `Speaker: Ann Lee`: the line names the speaker; the
            # name-like words before the colon (no known given name) are the title's own.
            parts = replace(parts, title=parts.unsplit, speakers=[], unsplit=None)
        kind = parts.kind
        if kind == TalkKind.TALK:
            kind = _kind_named_in(parts.title) or (_kind_named_in(self.section) if self.section else None) or kind
        talk = Talk(
            talk_id=len(self.out.talks),
            title=parts.title,
            date=self.body_date.start if self.body_date else None,
            order=len(self.out.talks) + 1,
            line=self.lines[index].number,
            section=self.section,
            shape=shape,
            kind=kind,
            day=self.section_day,
            heading=heading,
        )
        self.out.talks.append(talk)
        self.talk, self.heading_talk, self.preamble, self.segment = talk, heading_like, True, None
        # A heading that is only a kind (`Keynote`) or only a person's name waits for its title
        # in a sub-heading right below it.
        only_kind = parts.title.lower() in KIND_WORDS
        only_name = shape == TalkShape.HEADING and not parts.speakers and only_a_name(parts.title)
        self.placeholder = talk if shape == TalkShape.HEADING and (only_kind or only_name) else None
        if only_kind:
            talk.kind = KIND_WORDS[parts.title.lower()]
        if parts.speakers:
            self.preamble_speakers.append((talk.line, parts.speakers))
        self.reset_lists()

    def start_segment(self, title: str, number: int, read_speakers: bool = True) -> None:
        """`read_speakers`: False when the caller has read the title's speakers already (a byline heading)."""
        if self.talk is None:
            return
        self.segment = title
        # `## Speaker` over `Sacha Greif`: a section that only says who gave the talk is read as its byline
        self.preamble = _SPEAKER_SECTION.fullmatch(title) is not None and not self.preamble_speakers
        self.reset_lists()
        if not read_speakers:
            return
        parsed = parse_speaker_line(title)
        # `### Jeff Nickoloff @allingeek`: the segment's speaker. A segment named "Community"
        # or "Panel" (a group word) names no one.
        if parsed is not None and parsed.strong and any(s.handle or s.email or s.url for s in parsed.speakers):
            self.preamble_speakers.append((number, list(parsed.speakers)))

    def parent_for(self, indent: int) -> tuple[int | None, int]:
        stack = self.stack
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if not stack:
            return None, 0
        return stack[-1][1], stack[-1][2] + 1

    def reset_lists(self) -> None:
        self.stack.clear()
        self.last_item = self.last_quote = None

    def add_note(self, kind: str, text: str, number: int, parent: int | None, depth: int) -> Note:
        talk_id = self.talk.talk_id if self.talk is not None else None
        note = Note(note_id=len(self.out.notes), talk_id=talk_id, segment=self.segment, parent_id=parent, depth=depth, kind=kind,
                    text=text, line=number)
        self.out.notes.append(note)
        if kind != _SPEAKER_NOTE:
            self.preamble = False
        return note

    def problem(self, line: int | None, severity: str, message: str) -> None:
        self.out.problems.append(Problem(line=line, severity=severity, message=message))

    # ----------------------------------------------------------------- finish
    def finish(self, title: Heading | None, proposal: Proposal | None) -> ParsedFile:
        out = self.out
        self.finish_speakers()
        self.mark_unplaced()
        out.line_roles = [(index + 1, role) for index, role in enumerate(self.roles) if role is not None]
        if not out.notes and not out.talks:
            if title is not None or any(role != LineRole.NAVIGATION for _, role in out.line_roles):
                if out.line_roles and not any(p.message.startswith("skipped") for p in out.problems):
                    self.problem(None, Severity.INFO, "skipped: no notes in this file (a title or dates only)")
            if out.layout is not None:
                out.layout.layout = Layout.NO_NOTES
            return out
        programme: set[int] = set()
        if self.outline.tables:  # with no talk of the notes' own, the table's rows are the talks
            programme = apply_schedule(self)
        apply_roster(self)
        finish_event(self, title, proposal)
        self.warn_unplaced(programme)
        find_inline(out)
        return out

    def mark_unplaced(self) -> None:
        """A non-blank line the walk gave no role is `unparsed`, with a problem row."""
        for index, line in enumerate(self.lines):
            if line.kind != L.BLANK and self.roles[index] is None:
                self.roles[index] = LineRole.UNPARSED
                self.problem(line.number, Severity.WARNING, "line could not be placed")

    def warn_unplaced(self, programme: set[int] = frozenset()) -> None:
        """`programme`: lines of a schedule table (breaks, its header) are outside any talk by nature."""
        notes = self.out.notes
        outside = sum(1 for note in notes if note.talk_id is None and note.line not in programme)
        message = unplaced_warning(outside, len(notes), bool(self.out.talks))
        if message is not None:
            self.problem(None, Severity.WARNING, message)


def unplaced_warning(outside: int, total: int, has_talks: bool) -> str | None:
    """The warning when most of a file's notes (`outside` of `total`) belong to no talk."""
    if has_talks and total and outside / total > UNPLACED_SHARE:
        return (f"shape: {outside} of {total} notes are outside any talk; "
                "run `python -m analysis explain` on this file to check")
    return None

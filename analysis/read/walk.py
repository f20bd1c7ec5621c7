"""From classified lines to the structure of one notes file: event, talks, notes.

The rules, in the order a reader applies them (README "How notes are read"):

* The first heading is the event title; a date line after it is the event date;
  an italic line there is the event subtitle.
* Body headings at the level the body uses most are talks. Headings of a higher
  level are day or section dividers (`Saturday` over `====`); their own bullets
  are kept as notes of the event with no talk. Deeper headings are segments.
* Outside a talk with a heading, a short plain line directly followed by a list
  (optionally through a speaker or italic line) starts a talk: a "titled list".
  Inside a talk with a heading, the same shape is a segment of that talk.
* A file with notes but no talks is one talk, named after the event.
* Lines between a talk title and its first note hold speakers, an italic
  subtitle and `Note:` speaker notes.
* A date line in the body dates the talks after it.

Every non-blank line gets a role; a line that fits nowhere gets role `unparsed`
and a problem row, so nothing is dropped silently.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path

from . import lines as L
from .dates import DateSpan
from .inline import as_command, as_quote, block_commands, code_spans, note_links
from .records import Command, Event, Link, Note, ParsedFile, Problem, Quote, Speaker, Talk
from .speakers import ParsedSpeaker, merge_split_speakers, parse_speaker_line

# Anything a link, code span or quote needs: most notes hold none of these.
# (The lookahead's character class lets the regex engine skip most positions fast.)
_INLINE_HINT = re.compile(r"(?=[`\"\u201c.:@h\]])(?:[`\"\u201c]|\.[A-Za-z]{2}|://|@\w|href|\]\()")
_ITALIC = re.compile(r"(\*|_)(?!\s)(.+?)(?<!\s)\1")
_NAVIGATION = re.compile(r"(?:[-*+]\s+)?(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?)\s*")
_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][\w-]*\s*:")
MAX_TITLE = 120
MAX_SEGMENT_TITLE = 80


def parse_file(source: str, text: str) -> ParsedFile:
    """Parse one file's text. Never raises on any text."""
    return _FileParser(source, text).run()


def _italic(text: str) -> str | None:
    match = _ITALIC.fullmatch(text)
    return match.group(2).strip() if match else None


def _title_like(text: str, limit: int) -> bool:
    return (
        0 < len(text) <= limit
        and not text.endswith((".", ",", ";", "!"))
        and any(ch.isalpha() for ch in text)
        and not text.startswith(("[", "<", "|", "http://", "https://"))
    )


class _FileParser:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.raw_text = text.split("\n")
        self.lines = L.classify(self.raw_text)
        self.out = ParsedFile(source)
        self.roles: list[str | None] = [None] * len(self.lines)  # each line's role, once placed
        # state of the walk
        self.talk: Talk | None = None
        self.heading_talk = False
        self.preamble = False
        self.preamble_speakers: list[tuple[int, list[ParsedSpeaker]]] = []  # (line, speakers)
        self.segment: str | None = None
        self.section: str | None = None
        self.body_date: DateSpan | None = None
        self.event_date: DateSpan | None = None
        self.event_subtitle: str | None = None
        self.stack: list[tuple[int, int, int]] = []  # (indent, note_id, depth) of open list items
        self.last_item: Note | None = None  # for continuation lines
        self.last_quote: Note | None = None

    # ----------------------------------------------------------------- driver
    def run(self) -> ParsedFile:
        lines = self.lines
        if all(line.kind == L.BLANK for line in lines):
            self.problem(None, "info", "skipped: empty or whitespace-only file")
            return self.finish(title=None)
        code_ranges = self.find_code_blocks()
        headings = self.find_headings(code_ranges)
        if self.is_navigation(headings):
            for index, line in enumerate(lines):
                if line.kind != L.BLANK:
                    self.roles[index] = "navigation"
            self.problem(None, "info", "skipped: navigation-only file (links, no notes)")
            return self.finish(title=None)
        title_index = self.find_title(headings)
        body = [h for h in headings if h[0] != title_index]
        levels = Counter(level for _, level, _ in body)
        talk_level = max(levels, key=lambda lvl: (levels[lvl], -lvl)) if levels else None
        heading_at = {index: (level, text) for index, level, text in body}
        title = lines[title_index].text if title_index is not None else None
        if title_index is not None:
            self.roles[title_index] = "event-title"

        index = 0
        while index < len(lines):
            line = lines[index]
            if self.roles[index] is not None:
                index += 1
                continue
            if index in code_ranges:
                index = self.code_block(index, code_ranges[index])
                continue
            if index in heading_at:
                level, text = heading_at[index]
                self.heading(index, level, text, talk_level)
            elif line.date is not None and line.kind in (L.ATX, L.TEXT):
                self.date_line(index, line.date)
            else:
                self.content(index, line)
            index += 1
        return self.finish(title)

    # ------------------------------------------------------------- pre-passes
    def find_code_blocks(self) -> dict[int, int]:
        """Opening fence index -> closing fence index (or the last line if unclosed)."""
        ranges: dict[int, int] = {}
        lines = self.lines
        index = 0
        while index < len(lines):
            line = lines[index]
            if line.kind == L.FENCE:
                close = index + 1
                while close < len(lines):
                    other = lines[close]
                    if other.kind == L.FENCE and other.text[0] == line.text[0] and other.level >= line.level:
                        break
                    close += 1
                if close == len(lines):
                    self.problem(line.number, "warning", "unclosed code fence: the rest of the file is read as code")
                    close = len(lines) - 1
                ranges[index] = close
                index = close + 1
            else:
                index += 1
        return ranges

    def find_headings(self, code_ranges: dict[int, int]) -> list[tuple[int, int, str]]:
        """(index, level, text) of each heading; date-only headings are dates, not headings."""
        in_code = set()
        for start, end in code_ranges.items():
            in_code.update(range(start, end + 1))
        headings = []
        lines = self.lines
        for index, line in enumerate(lines):
            if index in in_code:
                continue
            if line.kind == L.ATX:
                if line.date is None:
                    if line.text:
                        headings.append((index, line.level, line.text))
                    else:
                        self.roles[index] = "unparsed"
                        self.problem(line.number, "warning", "empty heading")
            elif line.kind == L.UNDERLINE and index > 0 and index - 1 not in in_code:
                above = lines[index - 1]
                if above.kind == L.TEXT and self.roles[index - 1] is None:
                    self.roles[index] = "underline"
                    if above.date is None:
                        headings.append((index - 1, line.level, above.text))
        headings.sort()
        return headings

    def is_navigation(self, headings) -> bool:
        if headings:
            return False
        content = [line for line in self.lines if line.kind != L.BLANK]
        return bool(content) and all(
            line.kind in (L.TEXT, L.ITEM) and _NAVIGATION.fullmatch(line.text if line.kind == L.TEXT else "- " + line.text)
            for line in content
        )

    def find_title(self, headings) -> int | None:
        """The first heading is the event title, unless prose comes before it."""
        if not headings:
            return None
        first = headings[0][0]
        lines = self.lines
        self.front_matter(first)
        for index in range(first):
            line = lines[index]
            if self.roles[index] is not None or line.kind in (L.BLANK, L.COMMENT) or line.date is not None:
                continue
            return None  # notes before the first heading: the heading is part of the body
        return first

    def front_matter(self, limit: int) -> None:
        lines = self.lines
        if not lines or lines[0].kind not in (L.UNDERLINE, L.RULE) or lines[0].text != "---":
            return
        for end in range(1, min(limit, 60)):
            if self.raw_text[end].strip() in ("---", "..."):
                if all(lines[i].kind == L.BLANK or _FRONT_MATTER_KEY.match(lines[i].text) or lines[i].kind == L.ITEM or lines[i].indent for i in range(1, end)):
                    for i in range(end + 1):
                        self.roles[i] = "front-matter"
                return

    # ------------------------------------------------------------ line kinds
    def heading(self, index: int, level: int, text: str, talk_level: int) -> None:
        if level < talk_level:
            self.roles[index] = "divider"
            self.finish_speakers()
            self.section, self.talk, self.heading_talk, self.segment = text, None, False, None
            self.reset_lists()
        elif level == talk_level or self.talk is None:
            self.roles[index] = "talk-title"
            self.start_talk(index, text, "heading")
        else:
            self.roles[index] = "segment-title"
            self.start_segment(text, self.lines[index].number)

    def date_line(self, index: int, span: DateSpan) -> None:
        self.roles[index] = "date"
        if not span.in_range:
            self.problem(self.lines[index].number, "warning", "date outside the years 1678-2261 ignored")
            return
        if self.event_date is None and not self.out.talks and not self.out.notes:
            self.event_date = span
        else:
            self.body_date = span

    def content(self, index: int, line: L.Line) -> None:
        kind = line.kind
        if kind == L.ITEM:
            self.item(index, line)
        elif kind == L.TEXT:
            self.text(index, line)
        elif kind == L.QUOTE:
            self.quote(index, line)
        elif kind == L.NOTE:
            self.roles[index] = "speaker-note"
            text = line.text[2:].strip() if line.text.startswith("- ") else line.text
            if text:
                self.add_note("speaker-note", text, line.number, parent=None, depth=0)
        elif kind == L.UNDERLINE and line.text == "-":
            self.roles[index] = "empty-item"
        elif kind in (L.UNDERLINE, L.RULE):
            self.roles[index] = "rule"
            self.reset_lists()
        elif kind == L.COMMENT:
            self.roles[index] = "comment"
        elif kind == L.ATX:  # only date headings reach here without a heading entry
            self.roles[index] = "unparsed"
            self.problem(line.number, "warning", "heading could not be placed")
        elif kind == L.BLANK:
            self.last_item = self.last_quote = None
        else:
            self.roles[index] = "unparsed"
            self.problem(line.number, "warning", f"line could not be placed ({kind})")

    def item(self, index: int, line: L.Line) -> None:
        if not line.text:
            self.roles[index] = "empty-item"
            return
        self.roles[index] = "note"
        parent, depth = self.parent_for(line.indent)
        note = self.add_note("numbered" if line.numbered else "bullet", line.text, line.number, parent, depth)
        self.stack.append((line.indent, note.note_id, depth))
        self.last_item, self.last_quote = note, None

    def quote(self, index: int, line: L.Line) -> None:
        self.roles[index] = "quote"
        previous = self.lines[index - 1] if index else None
        if self.last_quote is not None and previous is not None and previous.kind == L.QUOTE:
            self.last_quote.text = f"{self.last_quote.text} {line.text}".strip()
            return
        if not line.text:
            return
        parent, depth = self.parent_for(line.indent)
        note = self.add_note("quote", line.text, line.number, parent, depth)
        self.stack.append((line.indent, note.note_id, depth))
        self.last_quote, self.last_item = note, None

    def text(self, index: int, line: L.Line) -> None:
        text = line.text
        lines = self.lines
        previous = lines[index - 1] if index else None
        following = lines[index + 1] if index + 1 < len(lines) else None
        followed_by_list = following is not None and following.kind == L.ITEM and bool(following.text)
        paragraph_start = previous is None or previous.kind != L.TEXT or self.roles[index - 1] not in (None, "note")

        # A continuation of the item or quote just above it (no blank between).
        if self.last_item is not None and previous is not None and previous.kind in (L.ITEM, L.TEXT) and not followed_by_list:
            self.roles[index] = "note"
            self.last_item.text = f"{self.last_item.text} {text}"
            return
        if self.last_quote is not None and previous is not None and previous.kind == L.QUOTE:
            self.roles[index] = "quote"
            self.last_quote.text = f"{self.last_quote.text} {text}"
            return

        italic = _italic(text)
        if self.talk is None and not self.out.notes and italic and self.event_subtitle is None and not self.out.talks:
            self.roles[index] = "event-subtitle"
            self.event_subtitle = italic
            return
        if self.talk is not None and self.preamble:
            if italic and self.talk.subtitle is None:
                self.roles[index] = "subtitle"
                self.talk.subtitle = italic
                return
            if self.preamble_speaker(index, text, paragraph_start, followed_by_list, following):
                return
        if not self.heading_talk and paragraph_start and not italic and self.starts_titled_list(index):
            self.roles[index] = "talk-title"
            self.start_talk(index, text.rstrip(":").strip() or text, "titled-list")
            return
        if self.talk is not None and followed_by_list and _title_like(text, MAX_SEGMENT_TITLE):
            self.roles[index] = "segment-title"
            self.start_segment(text.rstrip(":").strip() or text, line.number)
            return
        self.roles[index] = "note"
        note = self.add_note("text", text, line.number, parent=None, depth=0)
        self.reset_lists()
        if followed_by_list:  # a sentence that introduces a list: the list nests under it
            self.stack.append((-1, note.note_id, 0))

    def preamble_speaker(self, index, text, paragraph_start, followed_by_list, following) -> bool:
        """Handle `text` as a speaker line if it is one; True when it was."""
        standalone = paragraph_start and (following is None or following.kind == L.BLANK)
        parsed = parse_speaker_line(text, allow_single_name=standalone)
        if parsed is None:
            return False
        if followed_by_list and self.preamble_speakers and not parsed.strong:
            return False  # a plain name-like line after the speakers introduces a segment
        in_speaker_paragraph = following is None or following.kind in (L.BLANK, L.ITEM, L.NOTE) or (
            following.kind == L.TEXT and (parse_speaker_line(following.text) is not None or _italic(following.text))
        )
        if not in_speaker_paragraph:
            return False
        self.roles[index] = "speaker"
        self.preamble_speakers.append((self.lines[index].number, list(parsed.speakers)))
        return True

    def starts_titled_list(self, index: int) -> bool:
        """A short plain line whose list follows directly, or through <= 2 speaker/italic lines."""
        lines = self.lines
        if not _title_like(lines[index].text, MAX_TITLE) or lines[index].date is not None:
            return False
        for ahead in range(index + 1, min(index + 4, len(lines))):
            line = lines[ahead]
            if line.kind == L.ITEM:
                return bool(line.text)
            if line.kind != L.TEXT or line.date is not None:
                return False
            if not (_italic(line.text) or parse_speaker_line(line.text)):
                return False
        return False

    def code_block(self, start: int, end: int) -> int:
        lines = self.lines
        opening = lines[start]
        self.roles[start] = "code-fence"
        body_end = end if lines[end].kind == L.FENCE and end != start else end + 1
        if end != start and lines[end].kind == L.FENCE:
            self.roles[end] = "code-fence"
        for i in range(start + 1, body_end):
            if lines[i].kind != L.BLANK:
                self.roles[i] = "code"
        source_lines = self.raw_text[start + 1 : body_end]
        if any(s.strip() for s in source_lines):
            parent, depth = self.parent_for(opening.indent) if opening.indent else (None, 0)
            note = self.add_note("code", "\n".join(source_lines).strip("\n"), opening.number, parent, depth)
            for command, program in block_commands(source_lines, self.fence_language(start)):
                self.out.commands.append(Command(note.note_id, note.talk_id, command, program))
        self.last_item = self.last_quote = None
        return end + 1

    # -------------------------------------------------------------- helpers
    def fence_language(self, index: int) -> str:
        raw = self.raw_text[index].strip()
        return raw.lstrip("`~").strip().split(" ")[0] if raw else ""

    def start_talk(self, index: int, title: str, shape: str) -> None:
        self.finish_speakers()
        talk = Talk(
            talk_id=len(self.out.talks),
            title=title,
            subtitle=None,
            date=self.body_date.start if self.body_date else None,
            order=len(self.out.talks) + 1,
            line=self.lines[index].number,
            section=self.section,
            shape=shape,
        )
        self.out.talks.append(talk)
        self.talk, self.heading_talk, self.preamble, self.segment = talk, shape == "heading", True, None
        self.reset_lists()

    def start_segment(self, title: str, number: int) -> None:
        if self.talk is None:
            return
        self.segment = title
        self.preamble = False
        self.reset_lists()
        parsed = parse_speaker_line(title)
        if parsed is not None and parsed.strong:  # `### Jeff Nickoloff @allingeek`: the segment's speaker
            self.preamble_speakers.append((number, list(parsed.speakers)))

    def finish_speakers(self) -> None:
        if self.talk is not None:
            for number, speaker in merge_split_speakers(self.preamble_speakers):
                self.out.speakers.append(
                    Speaker(
                        self.talk.talk_id, speaker.name, speaker.handle, speaker.email, speaker.url,
                        speaker.affiliation, speaker.raw, speaker.kind, number,
                    )
                )
        self.preamble_speakers = []

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
        note = Note(len(self.out.notes), talk_id, self.segment, parent, depth, kind, text, number)
        self.out.notes.append(note)
        if kind != "speaker-note":
            self.preamble = False
        return note

    def problem(self, line: int | None, severity: str, message: str) -> None:
        self.out.problems.append(Problem(line, severity, message))

    # ----------------------------------------------------------------- finish
    def finish(self, title: str | None) -> ParsedFile:
        out = self.out
        self.finish_speakers()
        for index, line in enumerate(self.lines):
            if line.kind != L.BLANK and self.roles[index] is None:
                self.roles[index] = "unparsed"
                self.problem(line.number, "warning", "line could not be placed")
        out.line_roles = [(index + 1, role) for index, role in enumerate(self.roles) if role is not None]
        if not out.notes and not out.talks:
            if title is not None or any(role != "navigation" for _, role in out.line_roles):
                if out.line_roles and not any(p.message.startswith("skipped") for p in out.problems):
                    self.problem(None, "info", "skipped: no notes in this file (a title or dates only)")
            return out
        event_title = title if title is not None else Path(self.source).stem
        if not out.talks:  # notes but no talks: the whole file is one talk
            out.talks.append(Talk(0, event_title, None, None, 1, out.notes[0].line, None, "whole-file"))
            for note in out.notes:
                note.talk_id = 0
        self.finish_dates()
        out.event = Event(
            event_title,
            self.event_subtitle,
            self.event_date.start if self.event_date else None,
            self.event_date.end if self.event_date else None,
        )
        self.inline()
        return out

    def finish_dates(self) -> None:
        body_dates = [t.date for t in self.out.talks if t.date is not None]
        if self.event_date is None and body_dates:
            self.event_date = DateSpan(min(body_dates), max(body_dates))
        elif self.event_date is not None and body_dates and max(body_dates) > self.event_date.end:
            self.event_date = DateSpan(self.event_date.start, max(body_dates))
        if self.event_date is not None:
            for talk in self.out.talks:
                if talk.date is None:
                    talk.date = self.event_date.start

    def inline(self) -> None:
        """Code spans, commands, links and quotes of each note.

        One regex pass over all the notes' text finds the few notes that can hold
        inline content; only those get the detailed (slower) look.
        """
        out = self.out
        notes = [note for note in out.notes if note.kind != "code"]
        if not notes:
            return
        texts = [note.text for note in notes]
        starts, position = [], 0
        for text in texts:
            starts.append(position)
            position += len(text) + 1
        joined = "\n".join(texts)
        wanted = {bisect_right(starts, match.start()) - 1 for match in _INLINE_HINT.finditer(joined)}
        wanted.update(index for index, note in enumerate(notes) if note.kind == "quote")
        for index in sorted(wanted):
            note, text = notes[index], texts[index]
            spans = code_spans(text)
            for _, _, code in spans:
                found = as_command(code)
                if found:
                    out.commands.append(Command(note.note_id, note.talk_id, found[0], found[1]))
            for link in note_links(text, spans):
                out.links.append(Link(note.note_id, note.talk_id, link.url, link.domain, link.label, link.kind))
            if note.kind != "speaker-note" and ('"' in text or "\u201c" in text or note.kind == "quote"):
                quote = as_quote(text, note.kind == "quote")
                if quote:
                    out.quotes.append(Quote(note.note_id, note.talk_id, quote[0], quote[1]))

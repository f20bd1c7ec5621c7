"""A big notes file read in pieces, with the result of reading it whole.

Reading a file whole holds every line's `Line` object, every record and then the
frames built from them at once: about 40x the file's size. A file over PIECE_BYTES
is cut, at safe boundaries only, into pieces of about that size, and read in two passes:

1. decide: each piece's outline is built and described (`features.describe`), and only
   what the shape rules weigh is kept (each heading's features, speaker fields, listed
   talks, date lines); the rules then choose the file's layout from the whole file's
   features, exactly as they would for the whole file;
2. walk: each piece is walked under that layout, carrying the walk's state (the section,
   the day, the dates, the current talk) from one piece to the next, so that the talks,
   notes and ids are those of the whole file. Only one piece's lines and records exist
   at a time; the caller turns each into frames before the next is read.

A boundary is a line that is an ATX heading of the file's top ATX level, after a
blank line, outside fenced code and past any front matter: there a talk or a divider
starts, and the walk resets what a talk carries. Anything this reading cannot promise
to read exactly as the whole file (a layout other than `heading-level`, a schedule
table, whose rows may name talks anywhere in the file, a `- **Lightning talks**` group
item open at a piece's end, a boundary heading the layout does not make a talk or a
divider) makes `plan` answer False, and the caller reads the file whole.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Iterator

from . import lines as L
from .bylines import strip_markup
from .events import finish_event
from .features import Scene, describe
from .inline_notes import find_inline
from .listed import MAX_GROUP
from .outline import MAX_FRONT_MATTER, Heading, HeadingStyle, build_outline
from .records import Command, Event, Note, ParsedFile, Problem, Talk
from .schedule import _columns as schedule_columns, has_roster
from .shape_words import is_divider
from .shapes import choose
from .vocab import Layout, Severity
from .walk import _Walker, unplaced_warning

PIECE_BYTES = 4 * 1024 * 1024  # a file over this many characters is read in pieces of about this size
EMPTY_HEADING = "empty heading"  # the outline's one problem about headings (outline._headings)

# Lines that may open or close a fence, be an ATX heading or underline a setext one: all the cutting looks at.
_FENCE_OR_HEADING = re.compile(r"^ {0,3}(?:#|`{3}|~{3}|=+[ \t]*$|-+[ \t]*$)", re.MULTILINE)
# What a walk keeps per piece; everything else on a walker is state carried to the next piece.
_PER_PIECE = frozenset({"source", "root", "settings", "outline", "lines", "raw_text", "out", "roles", "listed",
                        "heading_roles", "stack", "last_item", "last_quote"})
# Stand-ins for the talks and notes of earlier pieces: the walk numbers its talks and notes by
# how many exist and asks whether any do, so each piece's walk sees as many as the file has so far.
_EARLIER_TALK = Talk(talk_id=-1, title="", order=0, line=0, shape="heading")
_EARLIER_NOTE = Note(note_id=-1, talk_id=None, segment=None, parent_id=None, depth=0, kind="text", text="", line=0)


@dataclass(frozen=True, slots=True)
class Piece:
    start: int  # offset of its first character in the file's text
    end: int  # offset just past its last line (its final newline excluded)
    first_line: int  # 0-based index of its first line in the file


def cut(text: str, piece_bytes: int = PIECE_BYTES) -> list[Piece]:
    """The pieces of `text`, each of at least `piece_bytes` characters but the last; one piece
    when no boundary is found. A boundary is an ATX or setext heading of the file's top level."""
    front_end = _front_matter_end(text)
    in_fence: tuple[str, int] | None = None
    top_level, candidates = 7, []  # (offset, line index) of headings at the top level seen so far
    line_index, counted_to = 0, 0
    for match in _FENCE_OR_HEADING.finditer(text):
        start = match.start()
        line_index += text.count("\n", counted_to, start)
        counted_to = start
        if line_index <= front_end:
            continue
        line = _line_at(text, start)
        if line.kind == L.FENCE:  # the outline's rule: a fence closes on the same character, at least as long
            if in_fence is None:
                in_fence = (line.text[0], line.level)
            elif line.text[0] == in_fence[0] and line.level >= in_fence[1]:
                in_fence = None
            continue
        if in_fence is not None or line.kind not in (L.ATX, L.UNDERLINE) or line.level > top_level:
            continue
        heading_start, heading_index = start, line_index
        if line.kind == L.UNDERLINE:  # a setext heading: the text line above it
            if line_index - 1 <= max(front_end, 0) or not text.endswith("\n", 0, start):
                continue
            heading_start, heading_index = text.rfind("\n", 0, start - 1) + 1, line_index - 1
            above = _line_at(text, heading_start)
            if above.kind != L.TEXT or above.date is not None:
                continue
        elif not line.text or line.date is not None:
            continue
        if line.level < top_level:
            top_level, candidates = line.level, []
        if heading_index > MAX_FRONT_MATTER and text.endswith("\n\n", 0, heading_start):  # a blank line above it
            candidates.append((heading_start, heading_index))
    pieces, start, first_line = [], 0, 0
    for offset, index in candidates:
        if offset - start >= piece_bytes:
            pieces.append(Piece(start, offset - 1, first_line))
            start, first_line = offset, index
    pieces.append(Piece(start, len(text), first_line))
    return pieces


def _line_at(text: str, start: int) -> L.Line:
    """The line starting at offset `start`, classified as the outline classifies it."""
    stop = text.find("\n", start)
    return L.classify([text[start : stop if stop >= 0 else len(text)]])[0]


def _front_matter_end(text: str) -> int:
    """Index of the last front-matter line (-1 without), as the outline finds it; YAML front
    matter ends within MAX_FRONT_MATTER lines, and page properties hold no fence or heading."""
    head = text.split("\n", MAX_FRONT_MATTER + 1)[: MAX_FRONT_MATTER + 1]
    return build_outline(head).front_matter_end


@dataclass
class _Whole:
    """What the shape rules ask of a whole file's outline, gathered piece by piece."""

    headings: list[Heading]
    lines: "_DateLines"
    front_matter: dict
    front_matter_end: int
    answers: dict[int, int | None]  # next_content of the only index the rules ask it of

    def next_content(self, index: int) -> int | None:
        return self.answers[index]  # a KeyError: a rule asked more than was gathered (read whole)


class _DateLines:
    """The whole file's lines as the rules read them when they look at every line: only the
    date lines are real, the others read as blank."""

    _BLANK = L.Line(0, L.BLANK, "")

    def __init__(self, total: int, dated: list[tuple[int, L.Line]]) -> None:
        self.total, self.dated = total, dict(dated)

    def __len__(self) -> int:
        return self.total

    def __iter__(self):
        dated, blank = self.dated, self._BLANK
        return (dated.get(index, blank) for index in range(self.total))

    def __getitem__(self, index: int) -> L.Line:
        if not 0 <= index < self.total:
            raise IndexError(index)
        return self.dated.get(index, self._BLANK)


@dataclass
class PieceReader:
    """Reads one big file's text in pieces: `plan()`, then `pieces()`, then `finish()`."""

    source: str
    text: str
    settings: dict
    root: str | None
    piece_bytes: int = PIECE_BYTES
    _pieces: list[Piece] = field(default_factory=list)
    _scene: Scene | None = None
    _proposal: object = None
    _runner_up: object = None
    _settings: dict = field(default_factory=dict)  # with the front matter's `confnotes:` settings
    _outline_problems: list[Problem] = field(default_factory=list)
    _heading_problems: list[Problem] = field(default_factory=list)
    _first_problems: list[Problem] = field(default_factory=list)  # of the settings, then the close call
    _walk_problems: list[Problem] = field(default_factory=list)
    _unplaced_problems: list[Problem] = field(default_factory=list)
    _talks: list[Talk] = field(default_factory=list)  # every talk (finishing the event dates them)
    _block_commands: list[Command] = field(default_factory=list)
    _inline_commands: list[Command] = field(default_factory=list)
    _notes: int = 0
    _outside: int = 0  # notes in no talk
    _title: Heading | None = None
    _state: dict = field(default_factory=dict)  # the walk's state at the end of the last piece
    _heading_positions: list[int] = field(default_factory=list)  # each piece's first heading, in the file's headings
    _layout: object = None

    def plan(self) -> bool:
        """Pass 1: cut, decide the layout from the whole file; False when the file must be read whole."""
        pieces = cut(self.text, self.piece_bytes)
        if len(pieces) < 2:
            return False
        features, fields_under, listed, dated, headings = [], [], {}, [], []
        answers: dict[int, int | None] = {}
        for number, piece in enumerate(pieces):
            if number == 0:
                first = _Walker(self.source, self._text_of(piece), self.settings, self.root)
                outline, self._settings = first.outline, first.settings
                self._first_problems = first.out.problems[len(outline.problems):]
                front = (outline.front_matter, outline.front_matter_end)
            else:
                outline = build_outline(self._text_of(piece).split("\n"))
            for problem in outline.problems:
                if problem.line is not None:
                    problem.line += piece.first_line  # the file's line numbers, not the piece's
                (self._heading_problems if problem.message == EMPTY_HEADING else self._outline_problems).append(problem)
            if any(schedule_columns(table) is not None for table in outline.tables) or _open_group(outline):
                return False
            if number == 0 and has_roster(outline):  # its speakers go to talks of later pieces (schedule.apply_roster)
                return False
            scene = describe(outline, self.source, self._settings)
            if number == 0:
                prose_before, first_speaker = scene.prose_before_first, scene.first_speaker
            offset, heading_offset = piece.first_line, len(headings)
            if not answers and outline.headings:  # the one index the rules ask next_content of: the first heading's
                first_heading = outline.headings[0]
                local = first_heading.index + (1 if first_heading.style == HeadingStyle.SETEXT else 0)
                following = outline.next_content(local)
                if following is not None:
                    following += offset
                elif number + 1 < len(pieces):  # a piece starts with its heading: the next content
                    following = pieces[number + 1].first_line
                answers[local + offset] = following
            for heading in outline.headings:
                heading.index += offset
            features += scene.features
            headings += outline.headings
            fields_under += [(line + offset, position + heading_offset) for line, position in scene.fields_under]
            listed.update((index + offset, talk) for index, talk in scene.listed.items())
            dated += [(index + offset, line) for index, line in enumerate(outline.lines)
                      if line.date is not None and line.kind in (L.TEXT, L.ATX)]
            last_lines = offset + len(outline.lines)
            del outline, scene
        if len(headings) < 2:  # one heading or none: rules that read every line would run (read it whole)
            return False
        whole = _Whole(headings, _DateLines(last_lines, dated), front[0], front[1], answers)
        self._scene = Scene(whole, self.source, features, prose_before, first_speaker, self._settings, fields_under, listed)
        try:
            self._proposal, self._runner_up = choose(self._scene)
        except KeyError:
            return False
        self._pieces = self._boundaries_kept(pieces, headings)
        return self._proposal is not None and self._proposal.rule == Layout.HEADING_LEVEL and len(self._pieces) > 1

    def _boundaries_kept(self, pieces: list[Piece], headings: list[Heading]) -> list[Piece]:
        """The pieces whose first heading the layout makes a talk or a divider; any other boundary
        (a section, the event's title) is dropped, its piece joined to the one before."""
        proposal = self._proposal
        if proposal is None:
            return []
        starts = [heading.index for heading in headings]
        talks_or_dividers = set(proposal.talks) | set(proposal.dividers)
        kept = [pieces[0]]
        for piece in pieces[1:]:
            position = bisect_left(starts, piece.first_line)
            heading = headings[position]
            ok = position != proposal.title and (position in talks_or_dividers or heading.level < proposal.level)
            if ok:
                kept.append(piece)
            else:
                kept[-1] = Piece(kept[-1].start, piece.end, kept[-1].first_line)
        self._heading_positions = [bisect_left(starts, piece.first_line) for piece in kept] + [len(headings)]
        return kept

    def _text_of(self, piece: Piece) -> str:
        return self.text[piece.start : piece.end]

    def pieces(self) -> Iterator[ParsedFile]:
        """Pass 2: each piece's records, ids local to the piece (talk and note ids start at 0), line
        numbers the file's. Commands, the event and the problems come with `finish()`."""
        for number in range(len(self._pieces)):
            yield self.piece(number)

    def piece(self, number: int) -> ParsedFile:
        """Piece `number`'s records; pieces are read in order, each once (the walk's state carries over)."""
        proposal, piece = self._proposal, self._pieces[number]
        walker = _Walker(self.source, self._text_of(piece), self._settings, self.root)
        walker.settings = self._settings
        offset = piece.first_line
        for line in walker.lines:  # the file's line numbers, not the piece's
            line.number += offset
        walker.out.problems = []
        walker.__dict__.update(self._state)
        talks_before, notes_before = len(self._talks), self._notes
        walker.out.talks = [_EARLIER_TALK] * talks_before
        walker.out.notes = [_EARLIER_NOTE] * notes_before
        low, high = self._heading_positions[number], self._heading_positions[number + 1]
        local = replace(proposal, talks=[p - low for p in proposal.talks if low <= p < high],
                        dividers=[p - low for p in proposal.dividers if low <= p < high],
                        title=proposal.title - low if proposal.title is not None and low <= proposal.title < high else None)
        walker.listed = {index - offset: talk for index, talk in self._scene.listed.items() if 0 <= index - offset < len(walker.lines)}
        walker.layout = proposal.rule
        walker.heading_roles, title = walker.plan(local)
        if title is not None:
            self._title = title
        if number == 0:
            walker.record_layout(proposal, self._runner_up, self._scene)
            # The headings' features (~1.4x the file) only chose the layout and recorded it.
            self._scene.features = []
            self._layout = walker.out.layout
            self._first_problems += walker.out.problems
            walker.out.problems = []
        walker.walk()
        walker.finish_speakers()  # what the next piece's first heading (a talk or a divider) does first
        self._walk_problems += walker.out.problems
        walker.out.problems = []
        walker.mark_unplaced()
        self._unplaced_problems += walker.out.problems
        self._state = {name: value for name, value in vars(walker).items() if name not in _PER_PIECE}
        return self._piece_records(walker, offset, talks_before, notes_before)

    def _piece_records(self, walker: _Walker, offset: int, talks_before: int, notes_before: int) -> ParsedFile:
        out = walker.out
        talks, notes = out.talks[talks_before:], out.notes[notes_before:]
        self._talks += talks
        self._notes += len(notes)
        self._outside += sum(1 for note in notes if note.talk_id is None)
        self._block_commands += out.commands
        piece = ParsedFile(self.source, event=Event(title=""), talks=talks, notes=notes, speakers=out.speakers)
        find_inline(piece)  # ids still the file's here, as the whole file's commands keep them
        piece.talks = [replace(talk, talk_id=talk.talk_id - talks_before) for talk in talks]
        self._inline_commands += piece.commands
        piece.commands = []
        for note in notes:
            note.note_id -= notes_before
            if note.talk_id is not None:
                note.talk_id -= talks_before
            if note.parent_id is not None:
                note.parent_id -= notes_before
        for record in (*piece.speakers, *piece.links, *piece.quotes):
            if record.talk_id is not None:
                record.talk_id -= talks_before
            if getattr(record, "note_id", None) is not None:  # a title's link has no note
                record.note_id -= notes_before
        piece.line_roles = [(index + 1 + offset, role) for index, role in enumerate(walker.roles) if role is not None]
        return piece

    def finish(self) -> ParsedFile:
        """The file's event (dating its talks), its talks, commands, problems and layout, with the file's ids."""
        if not self._talks:
            raise ValueError("no talks: the event would make the whole file one talk (read it whole)")
        finisher = _EventFinisher(self.source, self.root, self._settings, self._scene.outline, self._talks, self._state)
        finish_event(finisher, self._title, self._proposal)
        message = unplaced_warning(self._outside, self._notes, bool(self._talks))
        if message is not None:
            finisher.problem(None, Severity.WARNING, message)
        problems = [*self._outline_problems, *self._heading_problems, *self._first_problems, *self._walk_problems,
                    *self._unplaced_problems, *finisher.out.problems]
        return ParsedFile(self.source, event=finisher.out.event, talks=self._talks,
                          commands=[*self._block_commands, *self._inline_commands], problems=problems, layout=self._layout)


class _EventFinisher:
    """What `events.finish_event` reads of a walker, for the whole file once every piece is walked:
    the walk's state after the last piece (every fact the walk gathered: a subtitle, a `Conference:`
    line, dates), with the file's own source, settings, outline and talks."""

    def __init__(self, source, root, settings, outline, talks, state: dict) -> None:
        vars(self).update(state)
        self.source, self.root, self.settings, self.outline = source, root, settings, outline
        self.out = ParsedFile(source, talks=talks)

    def problem(self, line: int | None, severity: str, message: str) -> None:
        self.out.problems.append(Problem(line=line, severity=severity, message=message))


def _open_group(outline) -> bool:
    """A `- **Lightning talks**` item still open at the piece's end: its children would go on
    into the next piece (listed.py), so the piece cannot end there."""
    lowest = None  # the lowest indent of the items below
    for line in reversed(outline.lines):
        if line.kind != L.ITEM or (lowest is not None and line.indent >= lowest):
            continue
        lowest = line.indent
        if len(line.text) <= MAX_GROUP and is_divider(strip_markup(line.text, symbols=False)[0]):
            return True
        if lowest == 0:
            return False
    return False

"""Intermediate records of the parser: one dataclass per kind of observation.

The parser works file by file and produces a `ParsedFile` whose ids are local to
that file (0, 1, 2, ...). `analysis/frames/build.py` offsets them into global ids when the files
of a load are stacked, so a file can be parsed (or cached) on its own.
"""
from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from datetime import date


@dataclass(slots=True, kw_only=True)
class Problem:
    line: int | None  # 1-based source line, None for a whole-file problem
    severity: str  # "error", "warning" or "info"
    message: str


@dataclass(slots=True, kw_only=True)
class Event:
    title: str
    subtitle: str | None = None
    date_start: date | None = None
    date_end: date | None = None
    origin: str = "heading"  # EventOrigin: where the title came from
    folder: str | None = None  # set when the title came from the folder: its files share the event


@dataclass(slots=True, kw_only=True)
class Talk:
    talk_id: int
    title: str
    subtitle: str | None = None
    date: date | None = None
    order: int
    line: int
    section: str | None = None  # the day/section divider the talk sits under, if any
    shape: str  # TalkShape: "heading", "titled-list" or "whole-file"
    kind: str = "talk"  # TalkKind: talk, keynote, panel, lightning, workshop
    day: int | None = None  # "Day 2" from a divider, the event title or the file name
    heading: str | None = None  # the title line as written, before extraction


@dataclass(slots=True, kw_only=True)
class Note:
    note_id: int
    talk_id: int | None  # None: notes of the event itself or of a section divider
    segment: str | None
    parent_id: int | None
    depth: int
    kind: str  # bullet, numbered, quote, text, code, speaker-note
    text: str
    line: int


@dataclass(slots=True, kw_only=True)
class Speaker:
    talk_id: int
    name: str | None
    handle: str | None
    email: str | None
    url: str | None
    affiliation: str | None
    raw: str
    kind: str  # "person" or "group" (a panel, "NYC organizers": no single person)
    line: int


@dataclass(slots=True, kw_only=True)
class Link:
    note_id: int | None  # None: a link in the talk's title line, in no note
    talk_id: int | None
    url: str
    domain: str | None
    label: str | None
    kind: str


@dataclass(slots=True, kw_only=True)
class Command:
    note_id: int
    talk_id: int | None
    command: str
    program: str


@dataclass(slots=True, kw_only=True)
class Quote:
    note_id: int
    talk_id: int | None
    text: str
    attribution: str | None


@dataclass(slots=True, kw_only=True)
class LayoutChoice:
    """Which talk-shape rule won for one file, and by how much."""

    layout: str  # vocab.Layout
    level: int | None = None
    score: float | None = None
    runner_up: str | None = None
    runner_up_score: float | None = None
    reasons: str = ""


@dataclass(slots=True)
class ParsedFile:
    """Everything one source file became. Ids are local to the file."""

    source: str
    _: KW_ONLY  # the source first (`ParsedFile(path, problems=[...])`), everything else by name
    event: Event | None = None
    talks: list[Talk] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    line_roles: list[tuple[int, str]] = field(default_factory=list)  # (line, role)
    problems: list[Problem] = field(default_factory=list)
    layout: LayoutChoice | None = None

"""Pass 1: the block outline of one file, from its classified lines.

Headings (ATX, setext and wholly bold lines, each with its level and style),
front matter, fenced code, tables and the navigation-only test. The shape rules
(`shapes.py`) reason on this outline; the walk (`walk.py`) follows it. One pass
over the lines, plus one over the headings.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from enum import StrEnum

import yaml

from . import lines as L
from .bylines import parse_byline, strip_markup
from .records import Problem
from .vocab import LineRole, Severity

# Emphasis: a wholly italic line (a subtitle), a wholly bold line (the weakest heading),
# and a bold title followed by who gave it.
_ITALIC = re.compile(r"(\*|_)(?!\s)(.+?)(?<!\s)\1")
# A sentence's end inside a text, or at its end: what a note has and a title has not (`Dr. Smith` is no end).
_SENTENCES = re.compile(r"[a-z]{2}[.!?]\s+[A-Z]|[a-z]{2}[.!]$")
_BOLD_LINE = re.compile(r"(\*\*|__)(?!\s)([^*_]{2,150}?)(?<!\s)\1")
_BOLD_THEN_SPEAKER = re.compile(
    r"(\*\*|__)(?!\s)[^*_]{2,150}?(?<!\s)\1\s*(?:(?:[-\u2013\u2014|,:]|by\b)\s*(.{3,120})|\(([^()]{3,80})\)"
    # `**Title** (Speaker) — 10:30`: and the slot's time
    r"(?:\s*[-\u2013\u2014|,@]\s*\d{1,2}(?::\d{2})?\s*(?:[apAP]\.?[mM]\.?)?)?)")
# A line of an index page: a link and nothing else.
_NAVIGATION = re.compile(r"(?:[-*+]\s+)?(?:\[[^\]]*\]\([^)]*\)|<?https?://\S+>?)\s*")
# Front matter: Logseq's `key:: value` page properties, and the first `key:` of a YAML block.
_PROPERTY = re.compile(r"([A-Za-z_][\w-]*)::(?:\s+(.*)|\s*$)")
_FIRST_KEY = re.compile(r"[A-Za-z_][\w-]*\s*:")
_TABLE_ROW = re.compile(r"\|.*\|\s*$")
_SUMMARY = re.compile(r"(?:<details[^>]*>\s*)?<summary[^>]*>(.{2,200}?)</summary>\s*", re.IGNORECASE)
_TAGS = re.compile(r"</?(?:b|strong|i|em|code|u)>", re.IGNORECASE)
MAX_FRONT_MATTER = 60
BOLD_LEVEL = 7  # below every ATX level: a wholly bold line is the weakest heading


class HeadingStyle(StrEnum):
    ATX = "atx"
    SETEXT = "setext"
    BOLD = "bold"
    PLAIN = "plain"  # a plain line read as the event's title (label-line files); never in Outline.headings


@dataclass(slots=True)
class Heading:
    index: int  # 0-based index of the line holding the text
    level: int
    text: str
    style: HeadingStyle


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line index, cells)


@dataclass(slots=True)
class Outline:
    lines: list[L.Line]
    raw: list[str]
    roles: list[str | None]  # roles settled by the outline itself (underlines, front matter, ...)
    headings: list[Heading] = field(default_factory=list)
    code: dict[int, int] = field(default_factory=dict)  # opening fence index -> closing index
    front_matter: dict[str, object] = field(default_factory=dict)
    front_matter_end: int = -1  # index of the closing `---`, -1 without front matter
    problems: list[Problem] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    _next: list[int | None] | None = field(default=None, repr=False)  # next_content of every index, built once

    @property
    def empty(self) -> bool:
        return all(line.kind == L.BLANK for line in self.lines)

    def next_content(self, index: int) -> int | None:
        """Index of the first non-blank line after `index`."""
        if self._next is None:
            # Rules ask this of most lines; one backward pass answers every index at once.
            following: int | None = None
            ahead: list[int | None] = [None] * (len(self.lines) + 1)
            for position in range(len(self.lines) - 1, -1, -1):
                ahead[position] = following
                if self.lines[position].kind != L.BLANK:
                    following = position
            self._next = ahead
        return self._next[index] if 0 <= index < len(self.lines) else (None if index >= 0 else self._first())

    def _first(self) -> int | None:
        return next((i for i, line in enumerate(self.lines) if line.kind != L.BLANK), None)


def build_outline(raw: list[str]) -> Outline:
    lines = L.classify(raw)
    outline = Outline(lines, raw, [None] * len(lines))
    _front_matter(outline)
    _code_blocks(outline)
    _headings(outline)
    _tables(outline)
    return outline


def italic(text: str) -> str | None:
    """The text of a line that is wholly emphasised (`*Gated Communities*`), else None."""
    match = _ITALIC.fullmatch(text)
    return match.group(2).strip() if match else None


def bold_text(text: str) -> str | None:
    """The text of a line that is wholly bold (`**Name, Place**`), else None."""
    match = _BOLD_LINE.fullmatch(text)
    return match.group(2).strip() if match else None


_ITALIC_LINE = re.compile(r"([*_])(?![*_\s])(.+?)(?<![\s*_])\1")


def italic_text(text: str) -> str | None:
    """The text of a line that is wholly in italics (`*Name (Company)*`), else None."""
    match = _ITALIC_LINE.fullmatch(text.strip())
    return match.group(2).strip() if match else None


def _bold_title_with_speaker(text: str) -> bool:
    match = _BOLD_THEN_SPEAKER.fullmatch(text)  # `**Title** - Speaker`, `**Title** (Speaker)`
    return bool(match) and bool(parse_byline(match.group(2) or match.group(3), lenient=True))


def is_navigation(outline: Outline) -> bool:
    """A file of links only (an index page): no headings, every line a link."""
    if outline.headings:
        return False
    content = [line for line in outline.lines if line.kind != L.BLANK]
    return bool(content) and all(
        line.kind in (L.TEXT, L.ITEM) and _NAVIGATION.fullmatch(line.text if line.kind == L.TEXT else "- " + line.text)
        for line in content
    )


def _front_matter(outline: Outline) -> None:
    """YAML front matter between `---` lines at the very top (`title:`, `speakers:`, `event:`, ...).

    Read with PyYAML's safe loader; a block that is not a mapping is no front matter
    (a `---` rule over ordinary notes), and one that YAML cannot read is kept as
    lines of front matter with a warning.
    """
    raw = outline.raw
    if raw and _PROPERTY.match(raw[0]):
        _page_properties(outline)
        return
    if not raw or raw[0].strip() != "---":
        return
    for end in range(1, min(len(raw), MAX_FRONT_MATTER)):
        if raw[end].strip() not in ("---", "..."):
            continue
        block = "\n".join(raw[1:end])
        if not _FIRST_KEY.match(block.lstrip()):
            return
        try:
            fields = yaml.safe_load(block)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            outline.problems.append(Problem(line=line, severity=Severity.WARNING, message=f"front matter is not valid YAML, ignored: {getattr(error, 'problem', error)}"))
            fields = {}
        if not isinstance(fields, dict):
            return
        for index in range(end + 1):
            outline.roles[index] = LineRole.FRONT_MATTER
        outline.front_matter = {str(key).lower(): value for key, value in fields.items()}
        outline.front_matter_end = end
        return


def _page_properties(outline: Outline) -> None:
    """`title:: KubeCon EU 2023` lines at the top of an outliner's page (Logseq): its front matter."""
    fields: dict[str, object] = {}
    end = -1
    for index, raw in enumerate(outline.raw):
        match = _PROPERTY.match(raw)
        if match is None:
            break
        value = strip_markup(match.group(2) or "", symbols=False)[0]  # `[[Amsterdam]]` is Amsterdam
        fields[match.group(1).lower()] = value
        end = index
    for index in range(end + 1):
        outline.roles[index] = LineRole.FRONT_MATTER
    outline.front_matter, outline.front_matter_end = fields, end


def _code_blocks(outline: Outline) -> None:
    lines = outline.lines
    # Most files have no fence at all: find the fences first, then walk only from one to the next.
    fences = [i for i, line in enumerate(lines) if line.kind == L.FENCE and i > outline.front_matter_end]
    position = 0
    index = fences[0] if fences else len(lines)
    while index < len(lines):
        line = lines[index]
        if line.kind != L.FENCE:
            position = bisect_left(fences, index)
            index = fences[position] if position < len(fences) else len(lines)
            continue
        close = index + 1
        while close < len(lines):
            other = lines[close]
            if other.kind == L.FENCE and other.text[0] == line.text[0] and other.level >= line.level:
                break
            close += 1
        if close == len(lines):
            outline.problems.append(Problem(line=line.number, severity=Severity.WARNING, message="unclosed code fence: the rest of the file is read as code"))
            close = len(lines) - 1
        outline.code[index] = close
        index = close + 1


_HEADING_KINDS = frozenset({L.ATX, L.UNDERLINE})


def _headings(outline: Outline) -> None:
    """Every heading; a date-only heading is a date line, not a heading."""
    in_code = set()
    for start, end in outline.code.items():
        in_code.update(range(start, end + 1))
    lines, roles = outline.lines, outline.roles
    headings = outline.headings
    # Only these kinds of line can be or underline a heading; most lines are none of them.
    candidates = [index for index, line in enumerate(lines)
                  if line.kind in _HEADING_KINDS or line.kind == L.TEXT and line.text[:2] in ("**", "__", "<d", "<s")]
    for index in candidates:
        line = lines[index]
        if index in in_code or roles[index] is not None:
            continue
        if line.kind == L.ATX:
            if line.date is not None:
                continue
            if line.text:
                headings.append(Heading(index, line.level, line.text, HeadingStyle.ATX))
            else:
                roles[index] = LineRole.UNPARSED
                outline.problems.append(Problem(line=line.number, severity=Severity.WARNING, message="empty heading"))
        elif line.kind == L.UNDERLINE and index > 0 and index - 1 not in in_code:
            above = lines[index - 1]
            if above.kind == L.TEXT and roles[index - 1] is None:
                roles[index] = LineRole.UNDERLINE
                if above.date is None:
                    headings.append(Heading(index - 1, line.level, above.text, HeadingStyle.SETEXT))
        elif line.kind == L.TEXT and not line.indent and line.text[:2] in ("**", "__"):
            text = bold_text(line.text)
            standalone = (index == 0 or lines[index - 1].kind == L.BLANK) and (
                index + 1 == len(lines) or lines[index + 1].kind in (L.BLANK, L.TEXT, L.ITEM))
            if (text and standalone and not text.endswith(":") and (index + 1 == len(lines) or lines[index + 1].kind != L.UNDERLINE)
                    and not _SENTENCES.search(text)  # `**Remember to mention it. This is relevant**`: an emphasised note
                    and not parse_byline(text)):  # `**Name, Affiliation**` is a speaker line, not a heading
                headings.append(Heading(index, BOLD_LEVEL, text, HeadingStyle.BOLD))
            elif text is None and standalone and _bold_title_with_speaker(line.text):
                # `**Feedback That Lands** — Olumide Bakare`: a bold title, then who gave it
                headings.append(Heading(index, BOLD_LEVEL, line.text, HeadingStyle.BOLD))
        elif line.kind == L.TEXT and not line.indent and line.text[:2] in ("<d", "<s"):
            summary = _SUMMARY.fullmatch(line.text)  # `<details><summary>Title — Speaker</summary>`: a folded section
            text = _TAGS.sub("", summary.group(1)).strip() if summary else ""
            if text and not text.endswith(":"):
                headings.append(Heading(index, BOLD_LEVEL, text, HeadingStyle.BOLD))
    headings.sort(key=lambda heading: heading.index)


def _tables(outline: Outline) -> None:
    """Pipe tables: a header row over a `|---|` delimiter row; their rows stay notes."""
    lines = outline.lines
    for index in range(1, len(lines)):
        line = lines[index]
        if line.kind == L.TEXT and "|" in line.text and "-" in line.text and set(line.text) <= _DELIMITER_CHARS:
            above = lines[index - 1]
            if above.kind == L.TEXT and _TABLE_ROW.match(above.text):
                outline.roles[index] = LineRole.TABLE
                rows = []
                for row in range(index + 1, len(lines)):
                    if lines[row].kind != L.TEXT or not lines[row].text.startswith("|"):
                        break
                    rows.append((row, _cells(lines[row].text)))
                outline.tables.append(Table(_cells(above.text), rows))


_DELIMITER_CHARS = frozenset("|-: ")


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]

"""What a reader sees of a file before choosing its shape: each heading's features.

`describe` computes, once per heading, what the shape rules (`shapes.py`) weigh:
the title's parts, the notes under it, whether a speaker follows it, whether it
reads as a divider, a break, a section or a question, and whether a date line
follows; and, for the whole file, prose before the first heading, a speaker line
opening the file, labelled speaker fields and list items that read as talks.
Linear in the lines of the file: content is counted by prefix sums.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from . import lines as L
from .bylines import by_phrase, name_from_person_page, parse_byline, speaker_field
from .listed import listed_talks
from .outline import Heading, HeadingStyle, Outline, bold_text, italic_text
from .shape_words import is_break, is_divider, is_segment
from .speakers import parse_speaker_line
from .titles import TitleParts, product_names, read_title

MAX_TITLE = 120
MAX_SEGMENT_TITLE = 80
FIELD_LOOKAHEAD = 8  # content lines after a title searched for a `Speaker:` field


def title_like(text: str, limit: int = MAX_TITLE) -> bool:
    return (
        0 < len(text) <= limit
        and not text.endswith((".", ",", ";", "!"))
        and any(ch.isalpha() for ch in text)
        and not text.startswith(("[", "<", "|", "http://", "https://"))
    )


@dataclass(slots=True)
class Features:
    """What a reader sees of one heading, computed once."""

    heading: Heading
    parts: TitleParts
    content: int  # content lines from the heading to the next heading
    speaker: str | None  # how a speaker follows the title ("title", "line", "heading", "field", "url")
    followed_by_date: bool
    segment_like: bool
    divider_like: bool
    break_like: bool
    question: bool
    colon_end: bool
    sentence: bool
    listed: int = 0  # list items under this heading (before the next) that read as talks



@dataclass(slots=True)
class Scene:
    """The outline plus what the rules need to know about the file."""

    outline: Outline
    source: str
    features: list[Features]
    prose_before_first: bool  # notes come before the first heading
    first_speaker: str | None  # a speaker line opens the file (no title at all)
    settings: dict
    fields_under: list[tuple[int, int]]  # (line, heading) of each labelled speaker field (heading -1: above all)
    listed: dict  # line index -> title parts of list items that read as talks (listed.py)


def describe(outline: Outline, source: str, settings: dict | None = None) -> Scene:
    products = product_names()
    lines = outline.lines
    headings = outline.headings
    features = []
    heading_at = {h.index for h in headings}
    # Content lines before each index, so a heading's content is one subtraction (linear overall).
    # (A list, not a generator, for accumulate: this and fields_under below see every line.)
    before = list(accumulate([line.kind not in NOT_CONTENT and role is None for line, role in zip(lines, outline.roles)], initial=0))
    for position, heading in enumerate(headings):
        end = headings[position + 1].index if position + 1 < len(headings) else len(lines)
        content = before[end] - before[heading.index + 1]
        parts = read_title(heading.text, products, (settings or {}).get("speaker_separator"))
        nxt = outline.next_content(heading.index + (1 if heading.style == HeadingStyle.SETEXT else 0))
        followed_by_date = nxt is not None and lines[nxt].date is not None and nxt not in heading_at
        text = parts.title
        features.append(Features(
            heading, parts, content,
            _speaker_evidence(outline, position, parts, heading_at),
            followed_by_date,
            is_segment(text) or is_segment(heading.text),
            is_divider(text),
            is_break(text),
            text.rstrip().endswith("?") or text.lower().startswith(("how ", "what ", "why ", "when ", "where ", "who ", "is ", "are ", "can ", "do ", "does ")),
            heading.text.rstrip(" *_").endswith(":"),
            len(text.split()) > 14 or text.rstrip().endswith((".", "!")) and len(text.split()) > 5,
        ))
    first = headings[0].index if headings else len(lines)
    # A bare link above the title (`https://youtube.com/...`) is no prose: the title still opens the file.
    prose_before = any(_is_content(outline, i) and lines[i].date is None and not _LINK_ONLY.fullmatch(lines[i].text)
                       for i in range(first))
    first_speaker = None
    top = outline.next_content(outline.front_matter_end)
    if top is not None and top < first and lines[top].kind == L.TEXT:
        first_speaker = speaker_line_kind(outline, top, standalone=True)
    starts = [h.index for h in headings]
    roles = outline.roles
    fields_under = [(i, bisect_right(starts, i) - 1) for i, line in enumerate(lines)
                    if ":" in line.text and 0 <= line.text.find(":", 0, 40) and line.kind in (L.TEXT, L.ITEM)
                    and roles[i] is None and speaker_field(line.text)]
    listed = listed_talks(outline, (settings or {}).get("speaker_separator"))
    for index in listed:
        position = bisect_right(starts, index) - 1
        if position >= 0:
            features[position].listed += 1
    return Scene(outline, source, features, prose_before, first_speaker, settings or {}, fields_under, listed)


_LINK_ONLY = re.compile(r"<?https?://\S+>?|\[[^\]]*\]\(\S+\)")
NOT_CONTENT = frozenset({L.BLANK, L.UNDERLINE, L.RULE, L.COMMENT, L.ATX})


def _is_content(outline: Outline, index: int) -> bool:
    return outline.lines[index].kind not in NOT_CONTENT and outline.roles[index] is None


def speaker_line_kind(outline: Outline, index: int, standalone: bool) -> str | None:
    """How the line at `index` names speakers ("line", "field", "url"), or None."""
    line = outline.lines[index]
    text = line.text if line.kind == L.TEXT else f"- {line.text}" if line.kind == L.ITEM else None
    if text is None:
        return None
    if speaker_field(text):
        return "field"
    if line.kind != L.TEXT:
        return None
    if name_from_person_page(text):
        return "url"
    if by_phrase(text):
        return "line"
    # `**Name, Company**`: a byline set off in bold.
    bold = bold_text(text)
    if bold and parse_byline(bold):
        return "line"
    # `*Name (Company)*`: in italics, only with a company, handle or link; a bare `*Gated
    # Communities*` under a title is as often a subtitle or a motto as a name.
    italic = italic_text(text)
    if italic and any(s.affiliation or s.handle or s.url or s.email for s in parse_byline(italic) or ()):
        return "line"
    following = outline.lines[index + 1] if index + 1 < len(outline.lines) else None
    alone = standalone and (following is None or following.kind == L.BLANK)
    if parse_speaker_line(text, allow_single_name=alone) is not None:
        return "line"
    return None


def _speaker_evidence(outline: Outline, position: int, parts: TitleParts, heading_at: set[int]) -> str | None:
    if parts.speakers:
        return "title"
    heading = outline.headings[position]
    start = heading.index + (1 if heading.style == HeadingStyle.SETEXT else 0)
    nxt = outline.next_content(start)
    if nxt is None:
        return None
    if nxt in heading_at or (nxt + 1 < len(outline.lines) and outline.lines[nxt + 1].kind == L.UNDERLINE):
        # Headings are in line order and none lies between this one and `nxt`: the heading
        # at `nxt`, if any, is the next one.
        following = outline.headings[position + 1] if position + 1 < len(outline.headings) else None
        below = following if following is not None and following.index == nxt else None
        if below is not None and below.level > heading.level and (speaker_field(below.text) or parse_byline(below.text)):
            return "heading"
        return None
    found = speaker_line_kind(outline, nxt, standalone=True)
    if found:
        return found
    # A `Speaker:` field among the first notes (`- Speaker: [Name](url), role at Company`).
    seen, index = 0, nxt
    while index is not None and seen < FIELD_LOOKAHEAD and index not in heading_at:
        line = outline.lines[index]
        if ":" in line.text and line.kind in (L.TEXT, L.ITEM) and speaker_field(line.text):
            return "field"
        seen += 1
        index = outline.next_content(index)
    return None

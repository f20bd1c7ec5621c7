"""Talks written as list items: `- **Title** — Speaker` over their notes as sub-bullets.

People who take notes in an outliner (or on a phone) often write a whole
conference as one nested list, or list the talks of a `## Lightning talks`
section as bullets. A top-level item is a talk when it has notes under it and
its text reads as a talk: a title with a speaker part (`Title — Name`,
`Name: Title`, `[Title](url) | Name`), a wholly bold title, or a short title whose first
sub-item is a speaker field (`- Speaker: Name`, `- speaker:: Name`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import lines as L
from .outline import Outline
from .bylines import speaker_field, strip_markup
from .shape_words import is_divider
from .titles import TitleParts, product_names, read_title
from .vocab import TalkKind

MAX_GROUP = 40  # `- **Lightning talks**`: a group item is short


def _has_hint(text: str) -> bool:
    """A talk item's text shows one of these before any parsing is worth doing."""
    # Substring tests, not one regex: every space of a line stopped the regex (for ` - `
    # and ` by `); these take about three quarters of its time (over every note of 750 files).
    return ("**" in text or "__" in text or ": " in text or "(" in text or "@" in text or " by " in text
            or " - " in text or " | " in text or " \u2014 " in text or " \u2013 " in text)


@dataclass(frozen=True, slots=True)
class ListedTalk:
    parts: TitleParts
    has_notes: bool  # sub-items under it; a bare `- Title — Name` is a talk only under `## Lightning talks`


def _speaker_field_item(line: L.Line) -> bool:
    """`- Speaker: Name`, `- speaker:: [[Name]]`: an item that names speakers."""
    return line.kind == L.ITEM and ":" in line.text and bool(speaker_field(line.text))


def listed_talks(outline: Outline, separator: str | None = None) -> dict[int, ListedTalk]:
    """Line index -> every top-level list item that reads as a talk."""
    lines, roles = outline.lines, outline.roles
    found: dict[int, ListedTalk] = {}
    group_indent = None  # indent of a `- **Lightning talks**` item: its children are listed talks too
    group = None  # (index, talks found before it) of that item
    item, text_kind = L.ITEM, L.TEXT  # bound once: this loop sees every line of every file
    for index, line in enumerate(lines):
        if line.kind != item or roles[index] is not None:
            continue
        if group_indent is not None and line.indent <= group_indent:
            group_indent = None
            _session_of_talks(lines, group, found)
        previous = lines[index - 1] if index else None
        nested = previous is not None and (previous.kind == item or previous.kind == text_kind) and previous.indent < line.indent
        if nested and not (group_indent is not None and previous.indent == group_indent):
            continue  # a nested item is a note of the item above it
        short = len(line.text) <= MAX_GROUP
        hint = _has_hint(line.text)
        if not short and not hint:
            continue
        child = outline.next_content(index)
        has_notes = child is not None and lines[child].kind in (L.ITEM, L.QUOTE, L.TEXT) and lines[child].indent > line.indent
        if has_notes and short and is_divider(strip_markup(line.text, symbols=False)[0]):
            group_indent, group = line.indent, (index, len(found))
            continue
        field_below = has_notes and (short or hint) and _speaker_field_item(lines[child])
        if not hint and not field_below:
            continue
        parts = read_title(line.text, product_names(), separator)
        wholly_bold = line.text.startswith(("**", "__")) and line.text.endswith(("**", "__"))
        if field_below and not parts.speakers:
            # `- Rust in the Linux Kernel` over `  - Speaker: Miguel Ojeda`: an outliner's talk.
            parts = replace(parts, speakers=list(speaker_field(lines[child].text)))
        if (parts.speakers or wholly_bold and has_notes) and parts.title and len(parts.title) <= 150:
            found[index] = ListedTalk(parts, has_notes)
    if group_indent is not None:
        _session_of_talks(lines, group, found)
    return found


_SESSION = ("lightning talks", "lightning talk", "lightning", "ignites", "ignite talks")


def _session_of_talks(lines: list[L.Line], group: tuple[int, int] | None, found: dict[int, ListedTalk]) -> None:
    """`- **Lightning talks**` over notes that name no talk of their own: the session is one talk,
    a lightning one, as `**Lightning talks**` over a paragraph is (the notes are its)."""
    if group is None or len(found) != group[1]:
        return  # its children were talks
    index = group[0]
    title = strip_markup(lines[index].text, symbols=False)[0].strip()
    if title.lower().rstrip(":") in _SESSION:
        # (called where the group ends, before any later item is read: the dict stays in line order)
        found[index] = ListedTalk(TitleParts(title, lines[index].text, kind=TalkKind.LIGHTNING), True)

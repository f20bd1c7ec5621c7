"""Talks introduced by label lines, in notes with no talk headings:

    Talk: Chaos Engineering on a Budget
    Who: Adrian Hornsby (AWS)

A top-level line of its own whose label is a talk label (shapes.toml `talk_labels`:
`Talk:`, `Session:`, `Title:`) starts a talk when a speaker field follows it, directly
or after one blank line. The speaker field is what makes the line a talk's start: a
note that merely begins with `Talk:` (a list item, a line inside a paragraph, or one
with no speaker below) stays a note. The labels are data a user can edit.
"""
from __future__ import annotations

import re

from . import lines as L
from .bylines import parse_byline, speaker_field
from .features import title_like
from .outline import Outline
from .shape_words import shape_words
from .speakers import ParsedSpeaker

# `Talk: X`, `**Talk:** X`, `**Talk**: X`, `__Session:__ X`: a short label of letters, its colon, a value.
# (The label is bounded, so a long line costs one failed match at its start.)
_LABELLED = re.compile(r"(?:\*\*|__)?\s*([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2})\s*(?:(?:\*\*|__)\s*:|:\s*(?:\*\*|__)?)\s*(\S.*)")
MAX_LABEL_GAP = 2  # the speaker field is on the next line, or the one after a blank line


def labelled(text: str) -> tuple[str, str] | None:
    """(label in lower case, value) of a `Label: value` line, else None."""
    match = _LABELLED.fullmatch(text.strip())
    return (match.group(1).lower(), match.group(2).strip()) if match else None


def talk_label(text: str) -> str | None:
    """The title of a `Talk: Title` line (any of the talk labels), else None."""
    found = labelled(text) if ":" in text else None
    if found is None or found[0] not in shape_words().talk_labels or not title_like(found[1]):
        return None
    return found[1]


def label_speakers(text: str) -> list[ParsedSpeaker] | None:
    """The speakers of the field under a talk label: a `Speaker:`-like field, or `Who: Name`."""
    if ":" not in text:
        return None
    fields = speaker_field(text)
    if fields:
        return fields
    found = labelled(text)
    if found is None or found[0] not in shape_words().speaker_labels:
        return None
    return parse_byline(found[1], lenient=True) or None


def label_talk_starts(outline: Outline) -> list[int]:
    """Indices of the lines that start label-line talks, in order."""
    headings = {h.index for h in outline.headings}  # a wholly bold `**Talk: X**` is a heading already
    in_code = {i for start, end in outline.code.items() for i in range(start, end + 1)}
    return [index for index, line in enumerate(outline.lines)
            if line.kind in _LABEL_KINDS and ":" in line.text and index not in headings and index not in in_code
            and _starts_label_talk(outline, index)]


# A label line is a line of its own, or the first item of a top-level list of fields
# (`- Talk: Title` over `- Speaker: Name`, `- Slides: url`).
_LABEL_KINDS = (L.TEXT, L.ITEM)


def _starts_label_talk(outline: Outline, index: int) -> bool:
    lines = outline.lines
    line = lines[index]
    if line.indent or outline.roles[index] is not None:
        return False  # an indented line continues an item or a note: only a top-level line titles a talk
    if index and lines[index - 1].kind in (L.TEXT, L.ITEM, L.QUOTE):
        return False  # inside a paragraph, a list or a quote: a note that starts with `Talk:`
    if talk_label(line.text) is None:
        return False
    following = outline.next_content(index)
    if following is None or following - index > MAX_LABEL_GAP:
        return False
    field = lines[following]
    if line.kind == L.ITEM and (field.kind != L.ITEM or following != index + 1):
        return False  # a listed label: its speaker field is the very next item of the list
    return field.kind == line.kind and not field.indent and label_speakers(field.text) is not None

"""Inline content of notes: code spans and commands, links, quotations.

One regex pass over all the notes' text of a file finds the few notes that can
hold inline content; only those get the detailed (slower) look.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .inline import as_command, as_quote, code_spans, note_links
from .records import Command, Link, ParsedFile, Quote
from .vocab import NoteKind

# Anything a link, code span or quote needs: most notes hold none of these. One pattern per
# form, each starting with a literal, so the regex engine skips ahead fast: as one alternation,
# every `h` and `.` of prose stopped it (0.04 s of 0.19 s in find_inline for 750 files; these
# passes take about 0.01 s; a class such as [`"] is ten times slower than a literal).
# No form spans two notes.
_INLINE_HINTS = tuple(re.compile(form) for form in ("`", '"', "\u201c", r"\.[A-Za-z]{2}", "://", r"@\w", "href", r"\]\("))


def find_inline(out: ParsedFile) -> None:
    """Code spans, commands, links and quotes of each note, and the links of each talk's
    title line, added to `out`."""
    _note_inline(out)
    title_links(out)


def title_links(out: ParsedFile) -> None:
    """Links in a talk's title line (`### Title [slides](url)`, `### [Title](url)`): the talk's,
    in no note of it (`note_id` None, as a product mentioned in a title has none).

    Each talk's go before the links of the notes written below its title: the frame stays in
    the order of the file, and a file read in pieces lists them as the whole file does."""
    found = [(talk.line, link) for talk in out.talks if talk.heading and _hinted(talk.heading)
             for link in _title_links(talk)]
    if not found:
        return
    lines = {note.note_id: note.line for note in out.notes}
    merged, at = [], 0
    for line, link in found:  # talks are in file order; the notes' links keep their own order
        while at < len(out.links) and lines[out.links[at].note_id] <= line:
            merged.append(out.links[at])
            at += 1
        merged.append(link)
    out.links[:] = [*merged, *out.links[at:]]


def _hinted(text: str) -> bool:
    return any(hint.search(text) for hint in _INLINE_HINTS)


def _title_links(talk) -> list[Link]:
    return [Link(note_id=None, talk_id=talk.talk_id, url=link.url, domain=link.domain, label=link.label, kind=link.kind)
            for link in note_links(talk.heading, code_spans(talk.heading))]


def _note_inline(out: ParsedFile) -> None:
    code, quote_kind = NoteKind.CODE, NoteKind.QUOTE  # bound once: enum lookups are slow on Python 3.11
    notes = [note for note in out.notes if note.kind != code]
    if not notes:
        return
    texts = [note.text for note in notes]
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    joined = "\n".join(texts)
    # One search per note that holds a hint: after a hit, the search resumes at the next note.
    wanted = {index for index, note in enumerate(notes) if note.kind == quote_kind}
    for hint in _INLINE_HINTS:
        search, position = hint.search, 0
        while (match := search(joined, position)) is not None:
            index = bisect_right(starts, match.start()) - 1
            wanted.add(index)
            position = starts[index + 1] if index + 1 < len(starts) else len(joined)
    for index in sorted(wanted):
        note, text = notes[index], texts[index]
        spans = code_spans(text)
        for _, _, code in spans:
            found = as_command(code)
            if found:
                out.commands.append(Command(note_id=note.note_id, talk_id=note.talk_id, command=found[0], program=found[1]))
        for link in note_links(text, spans):
            out.links.append(Link(note_id=note.note_id, talk_id=note.talk_id, url=link.url, domain=link.domain, label=link.label, kind=link.kind))
        if note.kind != NoteKind.SPEAKER_NOTE and ('"' in text or "\u201c" in text or note.kind == NoteKind.QUOTE):
            quote = as_quote(text, note.kind == NoteKind.QUOTE)
            if quote:
                out.quotes.append(Quote(note_id=note.note_id, talk_id=note.talk_id, text=quote[0], attribution=quote[1]))

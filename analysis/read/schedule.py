"""A schedule table in the notes (`| Time | Title | Speaker |`) tells who gave each talk.

A talk whose title is in the table gets the row's speakers (when its own notes name
none) and kind; a row that names a talk the notes have no section for is a talk of
its own, with no notes (shape `table-row`): it was on the programme. Breaks and rows
that name only groups (`the organizers`) are not talks.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from . import lines as L
from .bylines import parse_byline
from .outline import Table
from .records import Speaker, Talk
from .shape_words import is_break, is_divider
from .titles import product_names, read_title
from .vocab import TalkKind, TalkShape

if TYPE_CHECKING:
    from .walk import _Walker

_TITLE_COLUMN = re.compile(r"title|talk|session|topic|what|presentation", re.IGNORECASE)
# A row whose speakers are a group (`various`, `everyone`) is a talk when its title names a kind of talk.
_KIND_ROW = re.compile(r"(?:lightning talks?|lightning|ignites?|panel(?: discussion)?|workshops?|open spaces?)", re.IGNORECASE)
_SPEAKER_COLUMN = re.compile(r"speakers?|who|presenters?|by|host", re.IGNORECASE)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _columns(table: Table) -> tuple[int, int | None] | None:
    """(title column, speaker column) of a schedule table, else None. With no speaker column, the
    speakers may stand in the title's cell after a line break (`Keynote<br>Scott Hanselman`): None."""
    title = next((i for i, name in enumerate(table.header) if _TITLE_COLUMN.fullmatch(name.strip("*_ "))), None)
    speaker = next((i for i, name in enumerate(table.header) if _SPEAKER_COLUMN.fullmatch(name.strip("*_ "))), None)
    if title is None or (speaker is None and not any(_BREAK.search(cells[title]) for _, cells in table.rows if len(cells) > title)):
        return None
    return title, speaker


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def apply_schedule(walker: "_Walker") -> set[int]:
    """Speakers and talks from the schedule tables; the line numbers of the tables read as schedules."""
    out = walker.out
    programme: set[int] = set()
    talks_by_title = {_norm(t.title): t for t in out.talks}
    named = {s.talk_id for s in out.speakers}
    added: list[tuple[Talk, list, tuple]] = []
    for table in walker.outline.tables:
        columns = _columns(table)
        if columns is None:
            continue
        title_at, speaker_at = columns
        if table.rows:  # the header and the delimiter row are the two lines above the first row
            first = walker.lines[table.rows[0][0]].number
            programme.update((first - 2, first - 1, *(walker.lines[index].number for index, _ in table.rows)))
        anchor = None  # the notes' talk of the table's last row that has one: new talks go after it
        for position, (index, cells) in enumerate(table.rows):
            if max(title_at, speaker_at or 0) >= len(cells) or not cells[title_at]:
                continue
            if speaker_at is None:  # `Keynote<br>Scott Hanselman, Maddy Montaquila`
                title_cell, _, who = _BREAK.sub("\n", cells[title_at]).partition("\n")
            else:
                title_cell, who = cells[title_at], cells[speaker_at]
            parts = read_title(title_cell.strip(), product_names())
            found = (parse_byline(who, lenient=True) or []) if who.strip() else []
            people = [p for p in found if p.kind != "group"]
            slot = not people and found and _KIND_ROW.fullmatch(parts.title)
            if slot:  # `| Lightning talks | various |`: a talk slot of many speakers
                people = found
                word = parts.title.lower()
                parts = replace(parts, kind=TalkKind.LIGHTNING if word.startswith(("lightning", "ignite"))
                                else TalkKind.PANEL if word.startswith("panel")
                                else TalkKind.WORKSHOP if word.startswith("workshop") else parts.kind)
            talk = talks_by_title.get(_norm(parts.title))
            number = walker.lines[index].number
            if talk is not None:
                anchor = talk
                if talk.kind == TalkKind.TALK and parts.kind != TalkKind.TALK:
                    talk.kind = parts.kind
                if talk.talk_id not in named and people:
                    out.speakers.extend(_rows(talk.talk_id, people, number))
                    named.add(talk.talk_id)
            elif people and not is_break(parts.title) and (slot or not is_divider(parts.title)):
                talk = Talk(talk_id=-1, title=parts.title, order=0, line=number, shape=TalkShape.TABLE_ROW,
                            kind=parts.kind, heading=cells[title_at])
                added.append((talk, people, (anchor.line if anchor else -1, 1 + position)))
    if added:
        _insert(walker, added)
        if len(added) == len(out.talks):  # only the table's talks: a row's own notes (`| My notes |`) are its talk's
            row_talk = {talk.line: talk.talk_id for talk in out.talks}
            for note in out.notes:
                if note.talk_id is None and note.line in row_talk:
                    note.talk_id = row_talk[note.line]
    return programme


def _rows(talk_id: int, people, number: int) -> list[Speaker]:
    return [Speaker(talk_id=talk_id, name=p.name, handle=p.handle, email=p.email, url=p.url,
                    affiliation=p.affiliation, raw=p.raw, kind=p.kind, line=number) for p in people]


def _insert(walker: "_Walker", added: list[tuple[Talk, list, tuple]]) -> None:
    """Put the table's own talks among the others in programme order (after the talk of the row
    above them) and renumber every talk id."""
    out = walker.out
    order = {id(talk): (talk.line, 0) for talk in out.talks}
    order.update({id(talk): key for talk, _, key in added})
    talks = sorted([*out.talks, *(talk for talk, _, _ in added)], key=lambda t: order[id(t)])
    new_id = {id(talk): position for position, talk in enumerate(talks)}
    remap = {talk.talk_id: new_id[id(talk)] for talk in out.talks}
    for record in (*out.notes, *out.speakers):
        if record.talk_id is not None:
            record.talk_id = remap[record.talk_id]
    for talk, people, _ in added:
        out.speakers.extend(_rows(new_id[id(talk)], people, talk.line))
    for position, talk in enumerate(talks):
        talk.talk_id, talk.order = position, position + 1
    out.talks[:] = talks
    out.speakers.sort(key=lambda s: (s.talk_id, s.line))


_ROSTER_LABEL = re.compile(r"[*_]*(?:speakers?|presenters?|talks|line-?up|programme|program)[*_]*\s*:[*_]*\s*", re.IGNORECASE)


def has_roster(outline) -> bool:
    """A `Speakers:` line over a list before the first heading: a roster (see apply_roster)."""
    end = outline.headings[0].index if outline.headings else len(outline.lines)
    lines = outline.lines
    return any(lines[i].kind == L.TEXT and _ROSTER_LABEL.fullmatch(lines[i].text) and lines[i + 1].kind == L.ITEM
               for i in range(min(end, len(lines) - 1)))


_ROSTER_SPLIT = re.compile(r"\s+[-\u2013\u2014|]\s+|:\s+")


def apply_roster(walker: "_Walker") -> None:
    """`Speakers:` over `- Jane Doe (@jdoe_rs), Ferrous Systems — "Embedded Rust Without Tears"`, before
    the talks: a list item outside any talk that names a talk of the notes and its speakers gives
    that talk its speakers, when its own notes name none."""
    out = walker.out
    named = {s.talk_id for s in out.speakers}
    if len(named) == len(out.talks):
        return  # every talk has its speakers: the cheap way out, for most files
    unnamed = {_norm(t.title): t for t in out.talks if t.talk_id not in named}
    first_talk = min(t.line for t in out.talks)
    found: list[Speaker] = []
    for note in out.notes:
        if note.line >= first_talk:
            break  # a roster comes before the talks
        if note.talk_id is not None or note.kind != "bullet" or len(note.text) > 300:
            continue
        pieces = _ROSTER_SPLIT.split(note.text)
        for at in range(1, len(pieces)):  # the talk's title on one side of a dash or colon, who gave it on the other
            left, right = " ".join(pieces[:at]), " ".join(pieces[at:])
            for title, byline in ((right, left), (left, right)):
                key = _norm(title)
                if key in unnamed:
                    people = [p for p in parse_byline(byline, lenient=True) or [] if p.kind != "group"]
                    if people:
                        found.extend(_rows(unnamed.pop(key).talk_id, people, note.line))
                        break
            else:
                continue
            break
    if found:
        out.speakers.extend(found)
        out.speakers.sort(key=lambda s: (s.talk_id, s.line))

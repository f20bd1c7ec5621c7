"""Pass 4: the event a file's talks belong to, and the dates and days of its talks.

The event's title comes from, in order: front matter (`event`, `conference`) or a
`Conference:` line before the notes,
the file's title heading (unless the file is one talk, or the heading is a
divider such as "Presentations": then it is the talks' section), the folder
(`djangocon-us/channels.md`), and last the file name. "Day 2" at the end of a
title is the talks' day, not part of the event's name, and so is a date after the
name (`KubeCon EU 2023 — Day 1 (Tuesday 18 April)`): it dates the file as a date
line under the heading would. Dates come from date lines, the title heading, a
speaker's byline, front matter, then the path (`2012-04-23/`).
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .bylines import strip_decoration, strip_markup
from .dates import DateSpan, parse_date_line, parse_date_part
from . import lines as L
from .lines import date_in_heading
from .outline import Heading, HeadingStyle
from .paths import file_title, folder_and_stem, path_facts
from .records import Event, Talk
from .shape_words import WEEKDAY, is_divider
from .shapes import Proposal, names_an_event
from .vocab import EventOrigin, Layout, Severity, TalkShape

if TYPE_CHECKING:
    from .walk import _Walker

# Linear on long blank runs: a match starts only where a run of separators starts (the lookbehind), and
# blanks are possessive (*+), so no run is split two ways.
_TRAILING_DAY = re.compile(r"(?<![\s,;:(\-\u2013\u2014#])[\s,;:(\-\u2013\u2014#]*\bday\s*+(?:[#:=]\s*+)?(\d{1,2})\b[\s)]*$", re.IGNORECASE)
_TRAILING_WEEKDAY = re.compile(r"(?<!\s)\s*+[,;:\-\u2013\u2014]\s*(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*$", re.IGNORECASE)


def split_day(title: str) -> tuple[str, int | None]:
    """`NextGen Omics Day 1` -> (`NextGen Omics`, 1); a title without a day is returned as it is."""
    weekday = _TRAILING_WEEKDAY.search(title)
    if weekday and weekday.start() > 0:  # `FOSDEM 2020 — Saturday`: the day, not the event's name
        title = title[: weekday.start()]
    match = _TRAILING_DAY.search(title)
    if match is None or match.start() == 0:
        return title, None
    rest = title[: match.start()].rstrip(" ,;:-\u2013\u2014\u00b7|")
    if rest.count("(") > rest.count(")"):  # `conf(notes, day = 1)`: the call's opening went with the day
        rest = rest[: rest.rfind("(")].rstrip()
    return (rest or title), int(match.group(1))


# What sets a date apart after an event's name: `KubeCon EU 2023 – Day 1, 18 April 2023`, `PyCon 2019: May 3`.
# A dash within a word or a date (`2023-04-18`, `12-14 June`) sets nothing apart; a spaced one, or a long one, does.
_DATE_PART_SEPARATOR = re.compile(r"\s*(?:[,;:|\u00b7]|\s-\s|[\u2013\u2014])\s*")
_TRAILING_PARENTHESIS = re.compile(r"\(([^()]*)\)\s*$")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def split_date(title: str) -> tuple[str, DateSpan | None]:
    """`KubeCon EU 2023 (Tuesday 18 April 2023)` -> (`KubeCon EU 2023`, 18 April 2023): the date written
    after an event's name is the file's date, not part of the name. Without a year of its own the date
    takes the title's (`KubeCon EU 2023 — Day 1 (Tuesday 18 April)`). A part that is no date stays.
    """
    paren = _TRAILING_PARENTHESIS.search(title)
    if paren and paren.start() > 0:
        head, inner = title[: paren.start()].rstrip(), paren.group(1).strip()
        span = parse_date_part(inner, _title_year(head))
        if span is not None:
            return head, span
        rest, span = _split_trailing_date(inner, _title_year(head))
        if span is not None:  # `(Day 1, Tuesday 18 April)`: the day stays, for split_day
            return f"{head} ({rest})", span
    return _split_trailing_date(title, None)


def _split_trailing_date(text: str, year: int | None) -> tuple[str, DateSpan | None]:
    """The text before the longest date part after a separator, and that date (the longest, so a
    range `Mon May 12 – Wed May 15 2014` is read whole)."""
    for separator in _DATE_PART_SEPARATOR.finditer(text):
        rest = text[: separator.start()].rstrip()
        span = parse_date_part(text[separator.end():], year or _title_year(rest)) if rest else None
        if span is not None:
            return rest, span
    return text, None


def _title_year(text: str) -> int | None:
    """The one year a title names (`KubeCon EU 2023`), else None."""
    years = set(_YEAR.findall(text))
    return int(years.pop()) if len(years) == 1 else None


# `My notes from PyCon 2019`, `RubyConf 2016 notes`, `KubeCon NA 2023 - my notes`: the event is what the notes are of.
_NOTES_FROM = re.compile(r"(?:my\s+)?(?:conference\s+|session\s+)?notes\s+(?:from|on|of|at|for)\s+(?:the\s+)?(?P<event>\S.{2,})", re.IGNORECASE)
_NOTES_AFTER = re.compile(r"(?P<event>\S.{2,}?)\s*(?:[-\u2013\u2014:|(]\s*)?(?:my\s+)?(?:conference\s+)?notes\)?", re.IGNORECASE)
# `Notes: PyCon 2019`, `Notizen: Chemnitzer Linux-Tage 2023` (German, Spanish, Italian, Dutch words for notes too).
_NOTES_LABEL = re.compile(r"(?:my\s+)?(?:conference\s+)?(?:notes|notizen|notas|appunti|aantekeningen)\s*[:\u2013\u2014-]\s*(?P<event>\S.{2,})",
                          re.IGNORECASE)


_GENERIC_EVENT_WORDS = {"conference", "conferences", "session", "sessions", "talk", "talks", "meetup", "meeting", "event", "my"}


# `RenderATL 2023: what I saw`, `JSConf 2019 - a recap`: after the year, a lower-case phrase about the notes;
# `PyConES 2023 (Tenerife)`: after the year, a place (or other words) in parentheses.
# `RubyConf 2019 — Nashville`: after the year and a dash, a place (a few words, no digits).
_AFTER_YEAR = re.compile(r"(?P<event>.*?\b(?:19|20)\d\d)(?:\s*(?::|\s[-\u2013\u2014|])\s+[a-z][^\d]*|\s*\([^()\d]{2,40}\)"
                         r"|\s+[-\u2013\u2014]\s+[^\W\d_][^\d():;|]{0,30}(?:,\s*[A-Z]{2,3})?)")


def without_notes_words(title: str) -> str:
    """An event's name without the words that say these are notes of it."""
    after_year = _AFTER_YEAR.fullmatch(title.strip())  # once per file, on a short title
    if after_year is not None:
        title = after_year.group("event")
    match = _NOTES_FROM.fullmatch(title.strip()) or _NOTES_LABEL.fullmatch(title.strip()) or _NOTES_AFTER.fullmatch(title.strip())
    event = match.group("event").strip() if match else ""
    if event.count("(") > event.count(")"):  # `Berlin Buzzwords 2023 (English notes)`: the bracket went with the notes
        event = event[: event.rfind("(")].rstrip(" -\u2013\u2014:|")
    return event if event and event.lower() not in _GENERIC_EVENT_WORDS else title


def _front(front: dict, *keys: str) -> str | None:
    for key in keys:
        value = front.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def finish_event(walker: "_Walker", title: Heading | None, proposal: Proposal | None) -> None:
    out = walker.out
    front = walker.outline.front_matter
    facts = path_facts(walker.source, walker.root)
    one_talk = proposal is not None and proposal.rule in (Layout.ONE_TALK, Layout.WHOLE_FILE)
    heading_text = title.text if title is not None else None
    if heading_text is not None and is_divider(heading_text):
        span = date_in_heading(heading_text)
        for talk in out.talks:  # `# Presentations`, `# Session II: Users`: a section, not the event
            talk.section = talk.section or heading_text
            if span is not None and span.usable and talk.date is None:  # `# Day 1 – Tue 13 Nov 2018`
                talk.date = span.start
        heading_text = None
    day = heading_date = None
    if heading_text is not None:
        heading_text = strip_decoration(strip_markup(heading_text, symbols=False)[0]) or heading_text
        if not one_talk:  # a one-talk file's heading is the talk's title
            heading_text, heading_date = split_date(heading_text)
        heading_text, day = split_day(heading_text)
        heading_text = without_notes_words(heading_text)

    folder, stem = folder_and_stem(walker.source)
    name = walker.settings.get("event") or _front(front, "event", "conference", "meetup") or walker.event_field
    origin = EventOrigin.FRONT_MATTER
    if name is None and heading_text is not None and not one_talk:
        name, origin = heading_text, EventOrigin.HEADING
    if name is None and not one_talk and _front(front, "title"):
        name, origin = without_notes_words(_front(front, "title")), EventOrigin.FRONT_MATTER
    named = file_title(stem)
    if name is None and not one_talk and heading_text is None and not facts.date_only_name and names_an_event(named):
        name, origin = named, EventOrigin.FILE_NAME  # `LeadDev-London-2023.md` of several talks
    if name is None and facts.event is not None and (one_talk or heading_text is None):
        name, origin, folder = facts.event, EventOrigin.FOLDER, facts.folder
    if name is None:
        name, origin = file_title(stem), EventOrigin.FILE_NAME
        if out.talks and one_talk and title is None and proposal.rule == Layout.WHOLE_FILE:
            name = out.talks[0].title

    if not out.talks:  # notes but no talks: the whole file is one talk, named after the event
        out.talks.append(Talk(talk_id=0, title=name, order=1, line=out.notes[0].line, shape=TalkShape.WHOLE_FILE))
        for note in out.notes:
            note.talk_id = 0

    day = day or facts.day
    for talk in out.talks:
        if talk.day is None:
            talk.day = day
    if walker.event_date is None and heading_date is not None and heading_date.usable:
        walker.event_date = heading_date  # as a date line right under the heading would be
    _finish_dates(walker, front, facts, title)
    out.event = Event(
        title=name, subtitle=walker.event_subtitle,
        date_start=walker.event_date.start if walker.event_date else None,
        date_end=walker.event_date.end if walker.event_date else None,
        origin=origin, folder=folder,
    )


# `2024-03-12, hosted at Bloomberg.`, `12 March 2024 - at the Barbican, 120 people`: a line under the
# event's title that opens with a whole date, then prose.
_OPENING_DATE = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+[^\W\d_]+\.?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4})"
                           r"\s*(?:[,;:\u00b7|]|\s[-\u2013\u2014]\s)")


def _opening_date(walker: "_Walker", title: Heading | None) -> DateSpan | None:
    """The date a prose line right under the event's title opens with, else None."""
    if title is None:
        return None
    outline = walker.outline  # (the whole file's, also when it was walked in pieces)
    index = outline.next_content(title.index + (1 if title.style == HeadingStyle.SETEXT else 0))
    if index is None or index >= len(outline.lines) or outline.lines[index].kind != L.TEXT:
        return None
    text = outline.lines[index].text
    match = _OPENING_DATE.match(text)
    span = parse_date_line(match.group(1)) if match else None
    if span is None and ". " in text:  # `Brussels, 3–4 February 2024. ULB Solbosch.`: the first sentence
        span = L.date_of_sentence(text[: text.index(". ")])
    return span if span is not None and span.usable else None


_WEEKDAY_NUMBERS = {name: number for number, name in enumerate(("mon", "tues", "wednes", "thurs", "fri", "satur", "sun"))}


def _section_weekday(section: str | None) -> int | None:
    """The weekday (0 = Monday) a talk's section names (`Sunday`, `Day 2 (Saturday)`), else None."""
    match = WEEKDAY.search(section) if section else None
    return _WEEKDAY_NUMBERS[match.group(0).lower()[:-3]] if match else None


def _finish_dates(walker: "_Walker", front: dict, facts, title: Heading | None = None) -> None:
    talks = walker.out.talks
    if walker.event_date is None:
        value = front.get("date")
        if isinstance(value, datetime):
            value = value.date()
        text = _front(front, "date")
        span = DateSpan(value, value) if isinstance(value, date) else parse_date_line(text) if text else None
        if span is not None and span.usable:
            walker.event_date = span
        elif text:
            walker.problem(walker.outline.front_matter_end + 1, Severity.WARNING, f"front matter date not understood: {text!r}")
    body_dates = [t.date for t in talks if t.date is not None]
    if walker.event_date is None and body_dates:
        walker.event_date = DateSpan(min(body_dates), max(body_dates))
    elif walker.event_date is not None and body_dates and max(body_dates) > walker.event_date.end:
        walker.event_date = DateSpan(walker.event_date.start, max(body_dates))
    if walker.event_date is None and facts.date is not None:
        walker.event_date = DateSpan(facts.date, facts.date)
    if walker.event_date is None:
        walker.event_date = _opening_date(walker, title)
    if walker.event_date is not None:
        several_days = walker.event_date.end != walker.event_date.start
        start, end = walker.event_date.start, walker.event_date.end
        # Day N is the event's Nth day only where the dated days say so (`Day 2 — 06/06` of a May event does not)
        numbered = all(t.date is None or t.day is None or t.date == start + timedelta(days=t.day - 1) for t in talks)
        for talk in talks:
            weekday = _section_weekday(talk.section) if several_days and talk.date is None and talk.day is None else None
            if weekday is not None:  # `## Sunday` of a Saturday–Sunday event: that Sunday, if the event has one
                talk.date = next((start + timedelta(days=n) for n in range((end - start).days + 1)
                                  if (start + timedelta(days=n)).weekday() == weekday), None)
                continue
            # A talk of `## Day 3` in an event of several days is not on its first day: on its third,
            # when the event has that many days (`May 15–16` has no day 3).
            if talk.date is None and not (several_days and talk.day is not None):
                talk.date = start
            elif talk.date is None and numbered and 1 <= talk.day and start + timedelta(days=talk.day - 1) <= end:
                talk.date = start + timedelta(days=talk.day - 1)

"""Recognise a line that is only a date, a date range or a timestamp.

Shapes seen in notes: `Tue Apr 18 2017`, `Mon May 12 - Wed May 15 2014`,
`Sun-Wed Dec 27-31 2015`, `Wed Sep 10 18:40:03 EDT 2014`, `18 April 2017`,
`2017-04-18`. A line with any other word in it is not a date line, so prose that
happens to mention a date never becomes one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Months in German, French, Spanish, Italian, Portuguese and Dutch (`Samstag, 11. März 2023`,
# `jeudi 15 juin 2023`, `15 de junio de 2023`): notes are written in every language.
_MONTHS.update({
    name: number
    for number, names in enumerate(
        (
            ("januar", "janvier", "janv", "enero", "gennaio", "janeiro", "januari"),
            ("februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "fevereiro", "februari"),
            ("märz", "maerz", "mars", "marzo", "março", "marco", "maart"),
            ("avril", "avr", "abril", "aprile"),
            ("mai", "mayo", "maggio", "maio", "mei"),
            ("juni", "juin", "junio", "giugno", "junho"),
            ("juli", "juillet", "juil", "julio", "luglio", "julho"),
            ("août", "aout", "agosto", "augustus"),
            ("septembre", "septiembre", "setiembre", "settembre", "setembro"),
            ("oktober", "okt", "octobre", "octubre", "ottobre", "outubro"),
            ("novembre", "noviembre", "novembro"),
            ("dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dicembre", "dezembro"),
        ),
        start=1,
    )
    for name in names
})
# Russian, as dates are written (`27–28 ноября 2023`: the genitive) and as months are named.
_MONTHS.update({
    name: number
    for number, names in enumerate(
        (
            ("января", "январь"), ("февраля", "февраль"), ("марта", "март"), ("апреля", "апрель"),
            ("мая", "май"), ("июня", "июнь"), ("июля", "июль"), ("августа", "август"),
            ("сентября", "сентябрь"), ("октября", "октябрь"), ("ноября", "ноябрь"), ("декабря", "декабрь"),
        ),
        start=1,
    )
    for name in names
})
_WEEKDAYS = {
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo",
}
_JOINERS = {"to", "through", "thru", "and", "until", "till", "de", "del", "el", "du", "au", "al", "vom", "bis"}
_TOKEN = re.compile(
    r"(?P<iso>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"|(?P<numeric>\d{1,2}[-/.]\d{1,2}[-/.]\d{4})(?!\d)"  # `14/06/2023`, `14.05.2024`, `5/14/2024`
    r"|(?P<time>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?)"
    r"|(?P<offset>[+-]\d{4}\b)"
    r"|(?P<year>\d{4})(?!\d)"
    r"|(?P<day>\d{1,2})(?:st|nd|rd|th|\.(?=\s))?(?![\d:])"  # `11. März`: a German day ends with a dot
    r"|(?P<word>[^\W\d_]+)\.?"
    r"|(?P<sep>[-\u2013\u2014,/@()])"  # `2024-05-14 (Tuesday)`
    r"|(?P<space>\s+)"
)
_YEAR_HINT = re.compile(r"\d{4}")
_DECORATION = " \t#*_`>"
_YEARS = (1678, 2261)  # what a datetime64[ns] column can hold


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: date
    end: date
    in_range: bool = True  # False: a real date that a datetime64[ns] column cannot hold
    ambiguous: bool = False  # `05/06/2023`: a date, but 5 June or 6 May (start and end are one guess)

    @property
    def usable(self) -> bool:
        """Whether the date can be given to an event or a talk."""
        return self.in_range and not self.ambiguous


def parse_date_line(text: str) -> DateSpan | None:
    """The span a date-only line names, or None when the line is not just a date."""
    core = text.strip(_DECORATION)
    if not core or len(core) > 80 or not _YEAR_HINT.search(core):
        return None
    found: list[list[int | None]] = []  # [year, month, day]
    ambiguous = False
    pending_days: list[int] = []
    month: int | None = None
    month_first: bool | None = None
    position = 0
    while position < len(core):
        match = _TOKEN.match(core, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "iso":
            year, month_number, day = (int(part) for part in re.split(r"[-/.]", value))
            found.append([year, month_number, day])
        elif kind == "numeric":
            day_month = _numeric_day_month(value)
            ambiguous = ambiguous or day_month is None
            first, second = (int(part) for part in re.split(r"[-/.]", value)[:2])
            day, month_number = day_month or (second, first)
            found.append([int(value[-4:]), month_number, day])
        elif kind == "year":
            for entry in found:
                if entry[0] is None:
                    entry[0] = int(value)
        elif kind == "day":
            if month_first is None:
                month_first = month is not None
            if month_first and month is not None:
                found.append([None, month, int(value)])
            else:
                pending_days.append(int(value))
        elif kind == "word":
            word = value.lower()
            if word in _MONTHS:
                month = _MONTHS[word]
                found.extend([None, month, day] for day in pending_days)
                pending_days = []
            elif word in _WEEKDAYS or word in _JOINERS or _is_timezone(value):
                continue
            else:
                return None
        # time, offset, sep and space carry no date
    if pending_days or not found:
        return None
    try:
        days = [date(year, month_number, day) for year, month_number, day in found if year is not None]
    except ValueError:
        return None
    if len(days) != len(found):
        return None
    return DateSpan(min(days), max(days), all(_YEARS[0] <= day.year <= _YEARS[1] for day in days), ambiguous)


_FIRST_WORD = re.compile(r"\d|[A-Za-z]+")


def parse_date_part(text: str, year: int | None = None) -> DateSpan | None:
    """The date a part of a title names (`18 April 2023`, `Tuesday 18 April` with `year` given), else None.

    The part must begin as a date does (a digit, a month, a weekday): `EU, 18 April 2023`
    would parse, `EU` read as a time zone, but is no date part. `year` completes a date
    written without one, as `KubeCon EU 2023 (Tuesday 18 April)` leaves it to the title.
    """
    first = _FIRST_WORD.match(text.strip(_DECORATION))
    word = first.group(0).lower() if first else ""
    if not (word[:1].isdigit() or word in _MONTHS or word in _WEEKDAYS):
        return None
    span = parse_date_line(text)
    if span is None and year is not None and not _YEAR_HINT.search(text):
        span = parse_date_line(f"{text} {year}")
    return span


def _numeric_day_month(value: str) -> tuple[int, int] | None:
    """(day, month) of `14/06/2023`, `5/14/2024`, `14.05.2024`, `14-05-2024`. With dots or
    dashes the day comes first (as everywhere they are written so); with slashes the order is
    the writer's, and only a number over 12 tells it: `05/06/2023` could be either (None)."""
    first, second = (int(part) for part in re.split(r"[-/.]", value)[:2])
    if "/" not in value or first > 12 or first == second:  # `06/06/2024` reads the same either way
        return first, second
    if second > 12:
        return second, first
    return None


def _is_timezone(word: str) -> bool:
    return 2 <= len(word) <= 5 and word.isupper() or word.upper() in {"UTC", "GMT", "Z"}

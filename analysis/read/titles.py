"""Pass 3 on a talk's title: take out what is not the title.

Each extractor is a small function in `TITLE_RULES`, applied in order to the
title as written. What comes out: the bare title, the talk's kind (keynote,
panel, lightning, workshop), speakers named in the title, and a time or outline
marker that was dropped. Markup goes first: `**x**`, `[x](url)` keep their text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .bylines import MATERIAL_WORDS, first_names, has_first_name, looks_like_a_person, parse_byline, strip_decoration, strip_markup, with_urls
from .speakers import ParsedSpeaker, speaker_rules
from .vocab import TalkKind

# Words and phrases that name a talk's kind, here and wherever a title or section is read for one.
KIND_WORDS = {
    "keynote": TalkKind.KEYNOTE, "opening keynote": TalkKind.KEYNOTE, "closing keynote": TalkKind.KEYNOTE,
    "panel": TalkKind.PANEL, "panel discussion": TalkKind.PANEL, "panel discussions": TalkKind.PANEL,
    "panel session": TalkKind.PANEL,
    "lightning": TalkKind.LIGHTNING, "lightning talk": TalkKind.LIGHTNING,
    "workshop": TalkKind.WORKSHOP, "tutorial": TalkKind.WORKSHOP,
    # in Spanish, French and German notes (`Taller: Introducción a FastAPI`, `Atelier : ...`)
    "taller": TalkKind.WORKSHOP, "atelier": TalkKind.WORKSHOP,
    "mesa redonda": TalkKind.PANEL, "table ronde": TalkKind.PANEL, "podiumsdiskussion": TalkKind.PANEL,
}
_KIND_PREFIX = re.compile(
    r"(opening keynote|closing keynote|keynote|panel discussion|panel session|panel|lightning talk|lightning|workshop|tutorial|taller|atelier|mesa redonda|table ronde|podiumsdiskussion)"
    r"\s*(?::|\s[-\u2013\u2014|]\s)\s*(?=\S)", re.IGNORECASE)
_KIND_SUFFIX = re.compile(r"\s*[(\[](keynote|panel|panel discussion|lightning talk|lightning|workshop|tutorial)[)\]]\s*$", re.IGNORECASE)
_MARKER = re.compile(
    # `Talk 3:`, `Session:`, and the word for a talk in German, French, Spanish, Portuguese and Italian.
    r"(?:(?:talk|session|presentation|paper|vortrag|conf[ée]rence|charla|ponencia|palestra|intervento)\s*#?\s*\d{0,3}"
    r"|speaker\s*#?\s*\d{1,3}"  # `Speaker 1: Jon Skeet — "Title"` (a numbered speaker; `Speaker:` is a field)
    r"|[A-Z]|\d{1,3}|[ivxIVX]{1,4})"
    r"\s*(?::|\.(?=\s)|\)|\s[-\u2013\u2014|]\s)\s*(?=\S)", re.IGNORECASE)
_LETTER_MARKER = re.compile(r"[A-Za-z]|[ivxIVX]{1,4}")
_NUMBERED_MARKER = re.compile(r"\(\d{1,3}\)\s+(?=\S)")
# A clock time: `09:00`, `9am`, `9:45 pm`; a range joins two with a dash.
_CLOCK = r"(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
_LEADING_TIME = re.compile(
    rf"[(\[]?{_CLOCK}(?:\s*[-\u2013]\s*(?:{_CLOCK}|\d{{1,2}}))?[)\]]?\s*(?:[-\u2013\u2014:|]\s*)?(?=\S)", re.IGNORECASE)
# `09.30 – Title`, `14.00-14.45 Title`, `9.30am Title`: a clock written with a dot (as in much of Europe)
# leads a title only with a dash, colon or bar after it, a range or am/pm, and minutes in fives, as
# a programme's slots are; `3.11 What's new`, `2.0 Release notes` and `14.05.2024` stay whole.
_DOT_CLOCK = r"(?:[01]?\d|2[0-3])\.[0-5][05]"
_AM_PM = r"\s*[ap]\.?m\.?"
_LEADING_DOT_TIME = re.compile(
    rf"[(\[]?(?P<time>{_DOT_CLOCK}(?P<ampm>{_AM_PM})?(?P<range>\s*[-\u2013]\s*{_DOT_CLOCK}(?:{_AM_PM})?)?)[)\]]?"
    rf"(?:\s*[-\u2013\u2014:|]\s+|(?(ampm)\s+|(?(range)\s+|(?!))))(?=\S)", re.IGNORECASE)
_PAREN_TIME = re.compile(r"\s*\((?=\d)(?:\d{1,2}:\d{2}|\d{1,2}\s*[ap]\.?m\.?)[^)]*\)\s*$", re.IGNORECASE)
# `**Title** (Speaker) — 10:30`, `Title, 9:45-10:30`: the slot's time after the title (and its speaker)
_TRAILING_TIME = re.compile(rf"\s*[-\u2013\u2014|,@]\s*{_CLOCK}(?:\s*[-\u2013]\s*{_CLOCK})?\s*$", re.IGNORECASE)
_TRAILING_HANDLE = re.compile(r"\s+@([A-Za-z0-9_][\w.-]{0,38})$")
# Without its @, a handle is told from a word only by a digit or an underscore (`sam_42`).
_TRAILING_BARE_HANDLE = re.compile(r"(?<=\S)\s+([a-z][a-z0-9_]*(?:\d|_)[a-z0-9_]*)$")
_SPEAKER_SPLIT = re.compile(r"\s+(?:[-\u2013\u2014|]|by)\s+", re.IGNORECASE)
_MODERATED = re.compile(r"\s*[(\[-\u2013\u2014,]\s*moderated\s+by\s+([^()\[\]]+?)\s*[)\]]?\s*$", re.IGNORECASE)
_BOLD_LEAD = re.compile(r"(\*\*|__)(?!\s)([^*_]{2,150}?)(?<!\s)\1\s*(?:[-\u2013\u2014|,]|by\b)\s*(.{3,120})", re.IGNORECASE)
_NAME_FIRST = re.compile(r"([^:|\u2013\u2014]{3,60}?)(?:\s+[-\u2013\u2014|]\s+|:\s+)")
_TRAILING_PAREN = re.compile(r"\s*(?:\(([^()]{3,80})\)|\[([^\[\]]{3,80})\])\s*$")  # `Title (Name)`, `Title [Name]`
# `[slides](url)`, `[Video recording](url)`: a link whose label only names a talk's materials.
# A link at the very end of a title (with the brackets and separators written after it), found
# from its opening bracket: every quantifier is fenced by a character the next part cannot hold,
# so a long run of blanks costs linear work (tests/test_limits.py).
_LAST_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)[\s)\],;|/\u00b7]*\Z")
_MATERIAL_LABEL = re.compile(rf"\s*{MATERIAL_WORDS}(?:[\s,&/+-]+{MATERIAL_WORDS}){{0,2}}\s*", re.IGNORECASE)
# What may stand between a title and its material links: `Title — [slides](u)`, `Title ([slides](u))`.
_BEFORE_MATERIALS = " \t,;:|/&\u00b7\u2022-\u2013\u2014(["
# A title wholly in quotes, with no quote of that kind inside.
_QUOTED = re.compile(r'"([^"]{3,})"|\u201c([^\u201c\u201d]{3,})\u201d|\'([^\']{3,})\'')


@dataclass(slots=True)
class TitleParts:
    title: str
    raw: str
    kind: TalkKind = TalkKind.TALK
    speakers: list[ParsedSpeaker] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # markers and times taken out, for `explain`
    urls: list[tuple] = field(default_factory=list)  # (label, url) of links in the title
    # `Łukasz Langa: Black`: the speaker was read from a name no given-name list holds; the title
    # as it was before that split, for the walk to take back when a speaker line follows.
    unsplit: str | None = None


def read_title(text: str, known_products: frozenset[str] = frozenset(), separator: str | None = None) -> TitleParts:
    """The parts of a talk title as written. Never returns an empty title; never mutate the result.

    `separator`: the user's title/speaker separator (settings): what follows its
    last occurrence is the speaker part, whatever it looks like.
    """
    if known_products is product_names():  # the usual call: the shape rules and the walk read each title twice
        return _read_title_cached(text, separator)
    return _read_title(text, known_products, separator)


@lru_cache(maxsize=4096)
def _read_title_cached(text: str, separator: str | None) -> TitleParts:
    return _read_title(text, product_names(), separator)


def _read_title(text: str, known_products: frozenset[str], separator: str | None) -> TitleParts:
    parts = TitleParts(text, text)
    if separator and separator in text:
        plain_title(parts, known_products)
        left, _, right = parts.title.rpartition(separator)
        if left.strip() and right.strip():
            parts.title = left.strip()
            parts.speakers = parse_byline(right, lenient=True) or [ParsedSpeaker(right.strip(), raw=right.strip())]
    for rule in TITLE_RULES:
        before = parts.title
        rule(parts, known_products)
        if not parts.title.strip():
            parts.title = before
    parts.title = parts.title.strip()
    _merge_handle(parts)
    return parts


def _merge_handle(parts: TitleParts) -> None:
    """`Title | Kenji Watanabe @kwatanabe_db`: the trailing handle is the named speaker's."""
    named = [s for s in parts.speakers if s.name]
    handles = [s for s in parts.speakers if s.name is None and s.handle]
    if len(named) == 1 and len(handles) == 1 and named[0].handle is None:
        parts.speakers = [replace(named[0], handle=handles[0].handle)]


def bold_title(parts: TitleParts, products) -> None:
    """`**Hiring Without Whiteboards**, Yusuf Demir from Spotify`: the bold span is the title,
    what follows it the speakers."""
    match = _BOLD_LEAD.fullmatch(parts.title)
    if match:
        people = parse_byline(match.group(3), lenient=True)
        if people and all(p.name or p.handle for p in people):
            parts.title, parts.speakers = match.group(2).strip(), [*people, *parts.speakers]


def material_links(parts: TitleParts, _products) -> None:
    """`Python Performance Tips [slides](url) [video](url)`, `Data Science at Netflix — [slides](url)`:
    links to the talk's materials after the title are no part of it (their URLs stay in `urls`).
    Read before the markup goes, while a link is still told from words; a title that is itself
    a link (`[Title](url)`) keeps its text."""
    title = parts.title
    if "](" not in title:
        return
    removed = []
    while (match := _LAST_LINK.search(title)) is not None and _MATERIAL_LABEL.fullmatch(match.group(1)):
        before = title[: match.start()].rstrip()
        if before.split()[-1:] and before.split()[-1].lower() in speaker_rules().function_words:
            break  # `Everything About [Slides](url)`: the link is the title's last word
        removed.append(match.group(0))
        title = before.rstrip(_BEFORE_MATERIALS)
    if removed and title.strip():
        _, urls = strip_markup(" ".join(reversed(removed)), symbols=False)
        parts.title, parts.urls = title, [*parts.urls, *urls]


def plain_title(parts: TitleParts, _products) -> None:
    """Markup off: `**x**`, `_x_`, `` `x` ``, `[x](url)` keep only their text; so do emoji at
    either end (`🎤 Keynote: ...`, `... 🇯🇵`: decoration) and a closing colon (`TITLE:`)."""
    text, urls = strip_markup(parts.title, symbols=False)
    bare = strip_decoration(text)
    parts.title, parts.urls = bare or text, [*parts.urls, *urls]


def leading_time(parts: TitleParts, _products) -> None:
    """`09:00 Title`, `9am - Title`, `(9:45-10:30) Title`, `09.30 – Title`."""
    match = _LEADING_TIME.match(parts.title) or _LEADING_DOT_TIME.match(parts.title)
    if match:
        parts.dropped.append(match.group(0).strip())
        parts.title = parts.title[match.end():]
    match = _PAREN_TIME.search(parts.title) or _TRAILING_TIME.search(parts.title)
    if match and match.start() >= 3:
        parts.dropped.append(match.group(0).strip())
        parts.title = parts.title[: match.start()]


def outline_marker(parts: TitleParts, _products) -> None:
    """`Talk 3: Title`, `Talk 1 - Title`, `A. Title`, `1) Title`, `IV. Title`."""
    for pattern in (_MARKER, _NUMBERED_MARKER):
        match = pattern.match(parts.title)
        if match and len(parts.title) - match.end() >= 3:
            marker = match.group(0).strip()
            if _LETTER_MARKER.fullmatch(marker.split()[0].rstrip(".):")) and marker[-1] not in ".):":
                continue  # a letter before a dash (`I - Title`) is a word; `A.` and `IV)` are markers
            parts.dropped.append(marker)
            parts.title = parts.title[match.end():]
            return


def kind_marker(parts: TitleParts, _products) -> None:
    """`Keynote: Title`, `Keynote - Title`, `Panel Discussion: Title`, `Title (Panel)`."""
    match = _KIND_PREFIX.match(parts.title)
    if match:
        rest = parts.title[match.end():]
        if _people(rest, _products, by=False, given_name=True):
            return  # `Opening keynote - Joanna Reyes`: the kind is the title, the rest its speaker
        parts.kind = KIND_WORDS[match.group(1).lower()]
        parts.title = rest
        outline_marker(parts, _products)  # `Keynote - Talk 2: Title`
        return
    match = _KIND_SUFFIX.search(parts.title)
    if match:
        parts.kind = KIND_WORDS[match.group(1).lower()]
        parts.title = parts.title[: match.start()]
    elif parts.title.strip().lower() in KIND_WORDS:  # `Keynote`, `Opening keynote`: the kind is the whole title
        parts.kind = KIND_WORDS[parts.title.strip().lower()]


def trailing_handle(parts: TitleParts, _products) -> None:
    """`Title @handle`, and `Title handle_42` where the last word can only be a handle."""
    match = _TRAILING_HANDLE.search(parts.title)
    if match:
        parts.speakers.append(ParsedSpeaker(None, handle=match.group(1), raw=match.group(0).strip()))
        parts.title = parts.title[: match.start()]
        return
    match = _TRAILING_BARE_HANDLE.search(parts.title)
    words = parts.title.split()
    if match and len(words) >= 3 and words[0][:1].isupper():
        word = match.group(1)
        rules = speaker_rules()
        if word not in rules.common_words and word not in _products:
            parts.speakers.append(ParsedSpeaker(None, handle=word, raw=word))
            parts.title = parts.title[: match.start()]


def speaker_part(parts: TitleParts, products) -> None:
    """`Title - Speaker`, `Title | Speaker`, `Title by Speaker`, and `Speaker - Title` when
    the name side is clearly a person: a name no dictionary or product list holds."""
    title = parts.title
    pieces = list(_SPEAKER_SPLIT.finditer(title))
    for match in reversed(pieces):  # the speaker is usually last: `A - B - Name`
        left, right = title[: match.start()].strip(), title[match.end():].strip()
        people = _people(right, products, by=match.group(0).strip().lower() == "by")
        if people and len(left) >= 3:
            parts.speakers = [*people, *parts.speakers]
            parts.title = left
            return
    name_first = _NAME_FIRST.match(title)  # `Speaker - Title`, `Speaker: Title`
    if name_first:
        left, right = name_first.group(1).strip(), title[name_first.end():].strip()
        if len(right) >= 3 and len(right.split()) > len(left.split()):  # `Ruby Rogues: Live` is no speaker's title
            people = _people(left, products, by=False, given_name=True, unknown_names=True)
            if people:
                if not all(has_first_name(p) for p in people if p.name):
                    parts.unsplit = title
                parts.speakers = [*people, *parts.speakers]
                parts.title = right
                return
    paren = _TRAILING_PAREN.search(title)  # `Title (Speaker Name)`, `Title [Speaker Name]`, `Title [@handle]`
    if paren and paren.start() >= 3:
        inside = (paren.group(1) or paren.group(2)).strip()
        people = _people(inside, products, by=False)
        if people and all(p.name or (p.handle and inside.startswith("@")) for p in people):
            parts.speakers = [*people, *parts.speakers]
            parts.title = title[: paren.start()].strip()


def _people(text: str, products, by: bool, given_name: bool = False, unknown_names: bool = False) -> list[ParsedSpeaker] | None:
    """The people `text` names, or None. `by`: a `by` says they are people; `given_name`: the
    name side comes first (`Name: Title`), where `Event Sourcing: Lessons` is more likely, so
    each name must start with a known given name, or, with `unknown_names`, be words no
    dictionary holds, shaped like names (`Łukasz Langa`)."""
    found = parse_byline(text, lenient=by)
    if not found:
        return None
    for speaker in found:
        if speaker.kind == "group":
            return None
        if speaker.name is None:
            continue
        # Initials are no product names: `Robert C. Martin` is no C.
        words = [w for w in (w.lower().strip(".") for w in speaker.name.split()) if len(w) > 1]
        if " ".join(words) in products or (any(w in products for w in words) and not _named_like_a_product(words, products)):
            return None
        if not looks_like_a_person(speaker):
            return None  # `Visual Issues - Color Issues`, `by Doing - A Retrospective`: not a person
        if given_name and not (has_first_name(speaker) or (unknown_names and _unlike_any_word(speaker.name))):
            return None
    return found


_WORD_ENDINGS = ("ing", "ed", "tion", "sion", "ment", "ness", "ity", "ous", "ive", "able", "ible", "ism", "ist", "ize", "ise", "ful", "less")


def _unlike_any_word(name: str) -> bool:
    """`Łukasz Langa`, `Hynek Schlawack`: two or three Capitalised words, none of them a common
    English word in any of its forms nor ending like one (`Fuzzing`), no hyphen in the given
    name: a person's name, where a phrase (`Event Sourcing`, `Fuzzing Hands-On`) is not."""
    words = name.split()
    return (2 <= len(words) <= 3 and "-" not in words[0]
            and all(w[:1].isupper() and w[1:2].islower() and not w.lower().endswith(_WORD_ENDINGS) for w in words)
            and all(looks_like_a_person(ParsedSpeaker(word)) for word in words))


# Endings of English words that surnames hardly have: `Jasmine Testing` is no person.
_WORD_FORM = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ics|ism|ology)$")


def _named_like_a_product(words: list[str], products) -> bool:
    """`Ada Lovelace`, `Julia Evans`: a given name that is also a product's name, then
    surnames that are neither products nor English word forms (the common-words list
    holds surnames too: `evans`, `smith`)."""
    rest = words[1:]
    # `Neal Ford`: a known given name that is no product, then a surname that is one, is a person too
    return (bool(rest) and words[0] in first_names() and (not any(w in products for w in rest) or words[0] not in products)
            and not any(_WORD_FORM.search(w) for w in rest))


def speaker_urls(parts: TitleParts, _products) -> None:
    """A profile link in the title (`by [Name](https://twitter.com/handle)`) gives its handle."""
    if parts.urls and len(parts.speakers) == 1 and parts.speakers[0].url is None:
        parts.speakers = with_urls(parts.speakers, parts.urls)


# In order: markup, then what sits at the ends of the title, then the speaker split.
def moderator(parts: TitleParts, products) -> None:
    """`AI in the Dev Loop (moderated by Rachel Kim)`: a panel and its moderator."""
    match = _MODERATED.search(parts.title)
    if match and match.start() >= 3:
        people = _people(match.group(1), products, by=True)
        if people:
            parts.speakers = [*people, *parts.speakers]
            parts.title = parts.title[: match.start()].rstrip(" -\u2013\u2014,")
            parts.kind = TalkKind.PANEL


# In order: markup, then what sits at the ends of the title, then the speaker split.
def quoted_title(parts: TitleParts, _products) -> None:
    """`"Async all the things" - Ada Lovelace`: the quotes around a title are no part of it."""
    match = _QUOTED.fullmatch(parts.title.strip())
    if match:
        parts.title = next(group for group in match.groups() if group)


TITLE_RULES = [bold_title, material_links, plain_title, leading_time, kind_marker, outline_marker, kind_marker, moderator, trailing_handle,
               speaker_part, speaker_urls, quoted_title]


@lru_cache(maxsize=1)
def product_names() -> frozenset[str]:
    """Lower-case product names and aliases: a title's `- Docker Swarm` is not a speaker."""
    from ..enrich.lexicon import load_lexicon

    names = set()
    for product in load_lexicon().products:
        names.add(product.name.lower())
        names.update(alias.lower() for alias in product.aliases)
    return frozenset(names)

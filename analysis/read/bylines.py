"""Speakers written in the shapes other authors use, beyond the plain speaker line.

`speakers.parse_speaker_line` reads a line that is *only* about speakers. Here:
labelled fields (`Speaker: [Eric Ponto](url), front end developer at Principal`,
`**Moderator:** Wendy Lu (Pinterest iOS)`, `Speakers: A and B`), bylines with a
role (`Andrew Godwin, Django Core Developer, Eventbrite`), a heading such as
`Kitt Hodsden - @kitt - 5 June 2014 10:00`, a person's page URL
(`https://craft-conf.com/speaker/FrankWang`) and the name side of a title
(`Title - Uwe Schindler`, `Title by [Name](https://twitter.com/handle)`).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from .dates import parse_date_line
from .lines import SYMBOL_CHARS
from ..enrich.lexicon import first_names
from .speakers import ParsedSpeaker, parse_speaker_line, speaker_rules

_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")  # `[[Marta Kowalczyk]]`, `[[page|Shown name]]`
_ANGLE_URL = re.compile(r"<(https?://[^>\s]+)>")
# Emphasis delimiters and code ticks, not the underscores inside a word or a handle (`@rhein_wine`).
_MARKUP = re.compile(r"`|(?<![\w@])[*_]+(?=\S)|(?<=\S)[*_]+(?![\w])")
# `Jane Doe ([slides](url), [video](url))`, `Jane Doe (slides)`: parentheses that hold only the
# names of a talk's materials are no affiliation (a linked company, `([Acme](url))`, is one).
# The names of a talk's materials (also read off the end of a title: titles.material_links).
MATERIAL_WORDS = r"(?:slides?|video|recording|deck|demo|code|repo|paper|notes|pdf|youtube|transcript)"
_MATERIAL = rf"(?:\[\s*)?{MATERIAL_WORDS}(?:\s*\]\([^)\s]*\))?"
_MATERIALS_IN_PARENTHESES = re.compile(rf"\s*\(\s*{_MATERIAL}(?:\s*[,|/&\u00b7-]\s*{_MATERIAL})*\s*\)", re.IGNORECASE)
# `Yukihiro "Matz" Matsumoto`: a nickname in quotes between a given name and a surname is no part of the name.
_NICKNAME = re.compile(r"(?<=[^\W\d_])\s+[\"\u201c][^\W\d_][^\"\u201c\u201d]{0,20}[\"\u201d]\s+(?=[^\W\d_])")
_SPACED_AT = re.compile(r"\s+@\s+")
_FIELD = re.compile(
    r"(?:[-*+]\s+)?(?:\*\*|__)?\s*((?:co-?)?speakers?(?:\(s\))?|(?:co-?)?presenters?|presented by|authors?|by|moderators?|moderated by|"
    r"panel(?:ists|lists)?|(?:co-?)?hosts?|hosted by|(?:co-?)?facilitators?|instructors?|"
    # The same in German, French, Spanish, Portuguese, Italian and Dutch (`Sprecherin:`, `Intervenant :`).
    r"sprecher(?:in(?:nen)?)?|referent(?:in(?:nen)?|en)?|vortragende[rn]?|intervenant(?:e)?s?|orat(?:eur|rice)s?|"
    r"conf[ée]renci(?:er|[èe]re)s?|ponentes?|orador(?:a|es|as)?|palestrantes?|relat(?:ore|rice|ori)|sprekers?|"
    # and Russian (`Докладчик: Иван Петров (Яндекс)`)
    r"докладчи(?:к|ца|ки)|спикеры?|ведущи(?:й|е))"
    r"\s*(?:::?\s*(?:\*\*|__)?|(?:\*\*|__)\s*:)\s*(.+)$",
    re.IGNORECASE,
)
# Every label of _FIELD holds one of these words (keep them in step), and lies before the text's
# first colon: nothing but blanks and markup comes before the label, nor between it and its colon.
_FIELD_LABEL_WORDS = ("speaker", "presente", "author", "by", "moderat", "panel", "host", "facilitat", "instructor",
                      "sprecher", "referent", "vortragend", "intervenant", "orat", "conf", "ponente", "palestrante",
                      "relat", "spreker", "доклад", "спикер", "ведущ")
# The words as one search: faster than a substring test per word on the ~50k lines asked.
_FIELD_LABEL_HINT = re.compile("|".join(_FIELD_LABEL_WORDS))
_PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_AT_COMPANY = re.compile(r".*?\b(?:at|@)\s+(.+)$")
# A profile link gives a handle; a GitHub or personal page gives a URL only.
_SOCIAL = re.compile(r"https?://(?:www\.)?(?:twitter\.com|x\.com|mastodon\.social/@?)/?@?([A-Za-z0-9_.-]+)/?$")
_PERSON_PAGE = re.compile(r"https?://[^/\s]+/(?:[^\s]*/)?(?:speakers?|people|person|presenters?|authors?|profile)/([A-Za-z][\w.-]+?)/?(?:[?#]\S*)?$", re.IGNORECASE)
_CAMEL_PARTS = re.compile(r"[A-Z][a-z]+|[a-z]+")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019.-][^\W\d_]+)*\.?")
# `by` at the start, or after a short lead-in (`Talk by`, `Unconference session, facilitated by`); the names
# run to the end of the sentence.
_BY_PHRASE = re.compile(
    r"(?:(?:[\w'-]+\s+){0,3}[\w'-]+,\s*)?(?:(?:a\s+)?(?:talk|session|keynote|workshop|panel|presented|facilitated|"
    r"hosted|given|moderated|run|led|delivered|organi[sz]ed|taught)\s+)?by\s+(?P<names>[^.;!?]+?)\s*(?:[.;!?](?:\s|$).*)?$",
    re.IGNORECASE)
# (?<!\s): a match starts only where a whitespace run starts (linear time on long runs).
_AND_PANELISTS = re.compile(r"\s*[;,]\s*(?:and\s+|with\s+)?(?:the\s+)?panel(?:ists?|lists?)\s*:?\s+([^.;!?]+)", re.IGNORECASE)
_OTHER_INFO = re.compile(r"(?<!\s)\s+[\u00b7|\u2022]\s+")
_STARTS_BY = re.compile(r"(?:presented\s+)?(?:by|par|por)\s+(.+)$", re.IGNORECASE)  # and in French, Spanish
_HANDLE_ONLY = re.compile(r"@[A-Za-z0-9_][\w.-]{0,38}")
_TRAILING_HANDLE = re.compile(r"\s@([A-Za-z0-9_][\w.-]{0,38})$")
# Emoji and other symbols beside a name (`Zoë Papadopoulos 🇬🇷`) are no part of it.
_SYMBOLS = re.compile(f"[{SYMBOL_CHARS}]+")
_END_SYMBOLS = re.compile(f"^[\\s{SYMBOL_CHARS}]+|[\\s{SYMBOL_CHARS}]+$")


Link = tuple  # (label or None for a bare <url>, url)


def strip_markup(text: str, symbols: bool = True) -> tuple[str, list[Link]]:
    """Text without emphasis and link markup (links keep their label), and the links.

    `symbols`: also drop emoji and other symbols (around a name they are decoration;
    in a title, `❤️ Code`, they are kept)."""
    links: list[Link] = []

    def label(match: re.Match) -> str:
        links.append((match.group(1), match.group(2)))
        return match.group(1)

    text = _BREAK_TAG.sub(" ", _WIKILINK.sub(r"\1", text))
    text = _LINK.sub(label, text)
    text = _ANGLE_URL.sub(lambda m: links.append((None, m.group(1))) or "", text)
    if symbols:
        text = _SYMBOLS.sub(" ", text)
    return " ".join(_MARKUP.sub("", text).split()), links


def strip_decoration(text: str) -> str:
    """`🎤 Keynote: Title`, `PyCon JP 2023 🇯🇵`, `LATENCY SLOS:` without the emoji at the ends or the closing colon."""
    return _END_SYMBOLS.sub("", text).rstrip(":").strip()


def speaker_field(text: str) -> list[ParsedSpeaker] | None:
    """The speakers of a labelled field (`Speaker: ...`, `**Panelists:** ...`), else None."""
    # The reader asks this of most lines with a colon (2.6% of the parse went to _FIELD):
    # a line whose text before its first colon holds no label word is no field. (Only for
    # ASCII: under IGNORECASE a few other characters match ASCII letters, the Kelvin sign a k.)
    colon = text.find(":")
    if colon < 0:
        return None
    head = text[:colon]
    if head.isascii():
        if not _FIELD_LABEL_HINT.search(head.lower()):
            return None
    match = _FIELD.fullmatch(text.strip())
    if match is None:
        return None
    found = parse_byline(match.group(2), lenient=True)
    return found or None


def by_phrase(text: str) -> list[ParsedSpeaker] | None:
    """`By Tomás Ferreira`, `*by Dana Whitaker*`, `Talk by Helena Brooks (Monzo).`,
    `Unconference session, facilitated by Nia Campbell & Owen Price.`, `Run by Jonas Lind and Freya Kaur`."""
    lowered = text.lower()
    if "by " not in lowered and "par " not in lowered and "por " not in lowered:
        return None  # the cheap test first: most lines hold no by-phrase
    if "by " not in lowered and not _STARTS_BY.match(text.strip().strip("*_").strip()):
        return None  # `Par José Paumard`: in other languages, only a line that starts with the word
    starts_by = _STARTS_BY.match(text.strip().strip("*_").strip())
    if starts_by:  # `by [Ola Nordmann](https://github.com/olanordmann)`: the links are read with the names
        names = _OTHER_INFO.split(starts_by.group(1))[0]  # `by X · [slides](url)`: what follows is no name
        speakers = parse_byline(names, lenient=True)
    else:
        plain, _ = strip_markup(text)
        match = _BY_PHRASE.match(plain)
        if match is None:
            return None
        speakers = parse_byline(match.group("names").strip(), lenient=True)
        panel = _AND_PANELISTS.match(plain, match.end("names")) if speakers else None
        if panel is not None:  # `Moderated by Ken Rubin; panelists Diana Larsen, Jeff Patton and Esther Derby.`
            speakers += parse_byline(panel.group(1).strip(), lenient=True) or []
    if not speakers or not all(s.name or s.handle for s in speakers):
        return None
    return speakers


def field_label(text: str) -> str | None:
    """The label of a speaker field, lower-cased (`panelists`, `moderator`, `speaker`), else None."""
    match = _FIELD.fullmatch(text.strip())
    return match.group(1).lower() if match else None


def parse_byline(text: str, lenient: bool = False) -> list[ParsedSpeaker] | None:
    """People named by `text`, with handles, URLs and affiliations; None when it is not a byline.

    `lenient`: the context already says these are speakers (a labelled field, a
    title's speaker side), so one capitalised word is enough for a name. Without
    it, a line of ordinary words (`Predicting User Satisfaction`) is no byline:
    some word of some name must be one no dictionary holds, or a handle or link
    must say it is a person.
    """
    found = _parse_byline(text, lenient)
    return None if found is None else list(found)


@lru_cache(maxsize=16384)  # pure, and frozen speakers in a tuple: the same lines recur across files
def _parse_byline(text: str, lenient: bool) -> tuple[ParsedSpeaker, ...] | None:
    raw = _MATERIALS_IN_PARENTHESES.sub("", text).strip()
    plain, links = strip_markup(_NICKNAME.sub(" ", raw) if '"' in raw or "\u201c" in raw else raw)
    if not plain:
        return None
    plain = _SPACED_AT.sub(" at ", plain)  # `Staff Engineer @ Stripe`: an @ between spaces is "at", no handle
    speakers = _chunks(plain, lenient)
    if not speakers:
        found = parse_speaker_line(plain, allow_single_name=lenient)
        if found is None or any(s.kind != "group" and not _plausible(s) for s in found.speakers):
            return None
        speakers = list(found.speakers)
    if not lenient and not links and not any(looks_like_a_person(s) for s in speakers):
        return None
    speakers = [replace(s, raw=raw, name=speaker_rules().honorific.sub("", s.name) if s.name else s.name) for s in speakers]
    return tuple(with_urls(speakers, links))


def organisations_after_names(speakers: list[ParsedSpeaker]) -> list[ParsedSpeaker]:
    """`Inês Carvalho, Crunchy Data`: a "name" of ordinary words after a person is where they work,
    and so is a company of the lexicon (`Deutsche Telekom`). Written once after several people
    (`Jan Schmidt & Marta Nowak, Deutsche Telekom`), it is where each of those without a company
    works, as a lower-case one is (`Harris Reynolds, shipt`, speakers.py)."""
    common = speaker_rules().common_words
    out: list[ParsedSpeaker] = []
    for speaker in speakers:
        words = (speaker.name or "").lower().split()
        contactless = words and not (speaker.handle or speaker.email or speaker.url)
        ordinary = contactless and words[-1] in common
        company = (ordinary and not _first_name(speaker.name)) or (contactless and _organisation(speaker.name))
        if out and company and out[-1].name and out[-1].affiliation is None:
            at = len(out)
            while at > 0 and out[at - 1].name and out[at - 1].affiliation is None and out[at - 1].kind != "group":
                at -= 1
                out[at] = replace(out[at], affiliation=speaker.name)
        else:
            out.append(speaker)
    return out


def front_matter_speakers(value: object) -> list[ParsedSpeaker]:
    """`speaker: Noor Al-Sayed`, `speakers: [A, B]` or `speakers: [{name: A, company: X, twitter: a}]`."""
    items = value if isinstance(value, list) else [value]
    speakers: list[ParsedSpeaker] = []
    for item in items:
        if isinstance(item, str) and item.strip():
            speakers.extend(parse_byline(item, lenient=True) or [ParsedSpeaker(item.strip(), raw=item.strip())])
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            def text(*keys):
                return next((str(item[k]).strip() for k in keys if item.get(k)), None)
            handle = text("twitter", "handle", "x", "mastodon")
            speakers.append(ParsedSpeaker(
                item["name"].strip(), handle=handle.lstrip("@") if handle else None, url=text("url", "website", "github"),
                affiliation=text("company", "affiliation", "organisation", "organization", "org", "employer"),
                raw=str(item),
            ))
    return speakers


def has_first_name(speaker: ParsedSpeaker) -> bool:
    """A handle or link says it is a person; else the name must start with a known given name."""
    if speaker.handle or speaker.email or speaker.url:
        return True
    return bool(speaker.name) and " " in speaker.name and _first_name(speaker.name)


_INFLECTIONS = ("ies", "es", "s", "ing", "ed", "er", "ers")


def looks_like_a_person(speaker: ParsedSpeaker) -> bool:
    """A handle or link, a name that starts with a given name (`Sarah Carl`), or a name
    word that is no common English word in any of its forms (`Uwe Schindler`)."""
    if speaker.handle or speaker.email or speaker.url:
        return True
    if not speaker.name:
        return False
    words = speaker.name.split()
    if len(words) >= 2 and words[0].lower().strip(".") in first_names():
        return True
    common = speaker_rules().common_words
    for word in speaker.name.lower().split():
        word = word.strip(".")
        stems = [word] + [word[: -len(end)] for end in _INFLECTIONS if word.endswith(end) and len(word) - len(end) >= 3]
        if not any(stem in common for stem in stems):
            return True
    return False


def _chunks(plain: str, lenient: bool) -> list[ParsedSpeaker] | None:
    """`Name (Affiliation), Name, role at Company, Company` chunk by chunk."""
    rules = speaker_rules()
    parts, separators = _split_outside_parentheses(plain)
    speakers: list[ParsedSpeaker] = []
    roles = False  # a role chunk was read: `Ann Lee, CTO & Bob Stone (Initech)` shares nothing
    for position, part in enumerate(parts):
        if (position and separators[position - 1] == "&" and " " not in part.strip() and speakers
                and speakers[-1].affiliation and not _first_name(part) and part[:1].isupper()):
            # `Adam Wiggins, Ink & Switch`: one word after `&` that follows a company is more of its name
            speakers[-1] = replace(speakers[-1], affiliation=f"{speakers[-1].affiliation} & {part.strip()}")
            continue
        part = speaker_rules().honorific.sub("", part.strip())
        affiliation = handle_after = None
        paren = _PAREN.match(part)
        if paren and paren.group(1):
            part = paren.group(1).strip()
            handle_after, affiliation = handle_and_affiliation(paren.group(2))  # `Name (@handle)`, `Name (@handle, Co)`
        trailing = _TRAILING_HANDLE.search(part)
        if trailing and trailing.start() > 0:  # `Kenji Watanabe @kwatanabe_db`
            part, handle_after = part[: trailing.start()].strip(), trailing.group(1)
        if parse_date_line(part) is not None or re.fullmatch(r"[\d:.\s]+(?:am|pm)?", part, re.IGNORECASE):
            continue  # `Kitt Hodsden - @kitt - 5 June 2014 10:00`: a date beside the name
        handle = re.fullmatch(r"@([A-Za-z0-9_][\w.-]{0,38})", part)
        if handle:
            if speakers and speakers[-1].handle is None:
                speakers[-1] = replace(speakers[-1], handle=handle.group(1))
            else:
                speakers.append(ParsedSpeaker(None, handle=handle.group(1)))
            continue
        if _is_name(part, rules, lenient and not speakers) and not (speakers and _organisation(part)) and (
            not speakers or handle_after or _first_name(part) or speakers[-1].affiliation is not None
            or part.split()[-1].lower() not in rules.common_words
            or (lenient and looks_like_a_person(ParsedSpeaker(part)))
        ):  # after a name, `Crunchy Data`, `Big Medium` are where they work; `Aaron Jorbin`, `Tibor Vass` are speakers
            speakers.append(ParsedSpeaker(part, handle=handle_after, affiliation=affiliation))
            continue
        name, _, where = part.partition(" from ")
        if where and _is_name(name, rules, lenient) and where[:1].isupper():  # `Yusuf Demir from Spotify`
            speakers.append(ParsedSpeaker(name.strip(), affiliation=where.strip()))
            continue
        if not speakers:
            return None
        # After a name: a role (`front end developer at Principal`) or an affiliation.
        company = _AT_COMPANY.match(part)
        if company and _role_like(part.split(" at ")[0] if " at " in part else part):
            _affiliate(speakers, company.group(1).strip())
            roles = True
        elif _role_like(part):
            roles = True
            if affiliation and not _role_like(affiliation):  # `Dr. Helen Greul, PhD (Spotify)`: the role's company
                _affiliate(speakers, affiliation)
            continue
        elif part[:1].isupper() and len(part.split()) <= 6:
            _affiliate(speakers, part, handle_after)  # `Jane Roe, Uber (@janeroe)`: the handle is still hers
        else:
            return None
    speakers = [s for s in speakers if s.name or s.handle]
    if not roles and set(separators) <= _JOINERS:
        speakers = shared_affiliation(speakers)
    return speakers or None


# What joins the names of one list (`Ann Lee, Bob Stone & Cy Park`); a dash or a bar sets other things apart.
_JOINERS = {",", "&", "and", "et", "und", "y", "\u00b7"}


def shared_affiliation(speakers: list[ParsedSpeaker]) -> list[ParsedSpeaker]:
    """`Jan Schmidt & Marta Nowak (Deutsche Telekom)`, `Ann Lee and Bob Stone, Acme Corp`: the one
    affiliation written after the last of several names is where all of them work.

    That is how a shared employer is written; had the earlier people worked elsewhere, the
    author would have said where (`Ann Lee (Acme), Bob Stone (Initech)` keeps each its own).
    So only when the last person alone has an affiliation, and it reads as no role or group
    (`Ann Lee, Bob Stone (moderator)`). The caller checks that the names are joined only by
    `,`, `&` or `and`, with no role between them.
    """
    if len(speakers) < 2:
        return speakers
    *others, last = speakers
    affiliation = last.affiliation
    if affiliation is None or any(s.affiliation or s.kind == "group" for s in others):
        return speakers
    if _role_like(affiliation) or any(w.lower() in speaker_rules().group_words for w in affiliation.split()):
        return speakers
    return [replace(s, affiliation=affiliation) for s in others] + [last]


_CHUNK_SEPARATOR = re.compile(r"\s*(?:,\s*with\s|,|;|\s&\s|\sand\s|\set\s|\sund\s|\sy\s|\s\u00b7\s|\swith\s|\s\+\s|\s-\s|\s\|\s|\s\u2013\s|\s\u2014\s)\s*")


def _split_outside_parentheses(text: str) -> tuple[list[str], list[str]]:
    """Chunks of a byline, and the separators between them (`,`, `&`, `and`, lower-cased);
    a separator inside `(London School of Hygiene & Tropical Medicine)` splits nothing."""
    parts, separators, start, depth, position = [], [], 0, 0, 0
    while position < len(text):
        char = text[position]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = _CHUNK_SEPARATOR.match(text, position)
            if match and match.group(0).strip():  # a separator, not only the spaces between words
                parts.append(text[start:position])
                separators.append(match.group(0).strip().lower())
                start = position = match.end()
                continue
        position += 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()], separators


def _first_name(part: str) -> bool:
    return part.split()[0].lower().strip(".") in first_names()


def _affiliate(speakers: list[ParsedSpeaker], affiliation: str, handle: str | None = None) -> None:
    last = speakers[-1]
    if last.affiliation is None:
        last = speakers[-1] = replace(last, affiliation=affiliation)
    if handle and last.handle is None and last.kind != "group":
        speakers[-1] = replace(last, handle=handle)


_PAREN_PARTS = re.compile(r"\s*[,;|\u00b7]\s*")


def handle_and_affiliation(text: str) -> tuple[str | None, str | None]:
    """What parentheses after a name hold: `(@sschmidt_dev, Zalando)` a handle and where they work,
    in either order; `(@handle)` a handle only; anything else (`(Acme, Inc.)`) an affiliation.
    Only one handle: two are no one person's."""
    text = _ALL_OF.sub("", text.strip())  # `(all Meta)`, `(both at Shopify)`: the one company of all of them
    # Pronouns (`she/her`, `he/him`) are the person's, no affiliation; nor is where they worked (`ex-New Relic`).
    split = _PAREN_PARTS.split(text)
    parts = [_NOW.sub("", p) for p in split if not _PRONOUNS.fullmatch(p.strip()) and not _FORMER.match(p.strip())]
    handles = [p for p in parts if _HANDLE_ONLY.fullmatch(p)]
    if len(handles) != 1:
        kept = _without_roles(parts)
        rest = text if parts == split and kept == parts else ", ".join(p for p in kept if p)
        return None, rest or None
    rest = ", ".join(p for p in _without_roles(parts) if p and p != handles[0])
    return handles[0].lstrip("@"), rest or None


_NOW = re.compile(r"^\s*now\s+(?:at\s+)?(?=\S)", re.IGNORECASE)  # `(ex-Google, now Stripe)`: Stripe
_FORMER = re.compile(r"(?:ex-|ex\s|former(?:ly)?\s)", re.IGNORECASE)


def _without_roles(parts: list[str]) -> list[str]:
    """`(CTO, Pleo)`, `(Staff Engineer at Spotify)`: beside where they work, a role is no affiliation.
    Parts that are all roles (`(moderator)`) stay as they are."""
    if not any(_role_like(p) for p in parts):
        return parts
    kept = []
    for part in parts:
        if not _role_like(part):
            kept.append(part)
            continue
        company = _AT_COMPANY.match(part)
        if company and not _role_like(company.group(1)):
            kept.append(company.group(1).strip())
    return kept or parts


_ALL_OF = re.compile(r"^(?:all|both)\s+(?:(?:at|from|of)\s+)?(?=\S)", re.IGNORECASE)
_PRONOUNS = re.compile(r"(?:she|he|they|ze|xe|it)\s*/\s*(?:her|hers|him|his|them|they|theirs|she|he|zir|xem|it)(?:\s*/\s*\w+)?", re.IGNORECASE)


def _is_name(part: str, rules, lenient: bool) -> bool:
    words = part.split()
    # Particles are no name words of their own: `María José de la Fuente` is four.
    if not 1 <= len(words) <= 6 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    if len(words) > 4 and sum(w not in rules.particles for w in words) > 4:
        return False
    if not all(w[0].isupper() or w.lower() in rules.particles for w in words) and not _caseless_name(words):
        return False
    if words[0].lower() in rules.function_words or _role_like(part) or words[-1].isupper() and len(words[-1]) > 1:
        return False
    if any(w.isupper() and len(w) >= 3 for w in words):  # `PWA Stats`: an acronym, not a name (`RC Lations` is)
        return False
    if len(words) == 1:
        return lenient and words[0].lower() not in rules.common_words
    return not _organisation(part)


def _caseless_name(words: list[str]) -> bool:
    """`鈴木 一郎`, `王小明`: a name in a script without capitals is short words of letters that are
    neither upper nor lower case (a title in that script is one long run: `の内部構造を覗く`)."""
    return len(words) <= 3 and all(len(w) <= 4 and all(c.isalpha() and not c.isupper() and not c.islower() for c in w)
                                   for w in words)


def _organisation(part: str) -> bool:
    """`Vivlion GmbH`, `Fluent Biosciences`, `Red Hat`: a chunk after a name that names where they
    work, by an organisation word or as a company or product of the lexicon (the whole chunk)."""
    from .titles import product_names  # titles reads bylines: imported when first needed

    names = speaker_rules().organisation_words
    return any(word.strip(".,").lower() in names for word in part.split()) or part.strip().lower() in product_names()


def _plausible(speaker: ParsedSpeaker) -> bool:
    return bool(speaker.handle or speaker.email or speaker.url or (speaker.name and " " in speaker.name))


def _role_like(text: str | None) -> bool:
    if not text:
        return False
    roles = speaker_rules().role_words
    return any(word.strip(".,").lower() in roles for word in text.split())


def with_urls(speakers: list[ParsedSpeaker], links: list[Link]) -> list[ParsedSpeaker]:
    """A link around a name (`[Lucy Chen](https://twitter.com/lucychen_dev)`) gives that person
    the URL, and a social profile their handle; a bare `<url>` beside one person is theirs."""
    by_label = {label.casefold(): url for label, url in links if label}
    bare = [url for label, url in links if not label]
    people = [s for s in speakers if s.kind != "group"]
    out = []
    for speaker in speakers:
        url = by_label.get((speaker.name or "").casefold())
        if url is None and len(bare) == 1 and len(people) == 1 and speaker is people[0]:
            url = bare[0]
        if url:
            social = _SOCIAL.match(url)
            handle = speaker.handle or (social.group(1) if social else None)
            speaker = replace(speaker, url=speaker.url or url, handle=handle)
        out.append(speaker)
    return out


def name_from_person_page(url: str) -> str | None:
    """`https://craft-conf.com/speaker/FrankWang` -> `Frank Wang`: a person's page names them."""
    match = _PERSON_PAGE.match(url.strip("<>"))
    if match is None:
        return None
    slug = match.group(1)
    words = slug.replace("_", "-").split("-") if "-" in slug or "_" in slug else _CAMEL_PARTS.findall(slug)
    words = [w for w in words if w]
    if not 2 <= len(words) <= 4 or not all(w.isalpha() for w in words):
        return None
    return " ".join(w.capitalize() for w in words)

"""Decide whether a line names a talk's speakers, and split it into speakers.

Speakers come as names, @handles, emails, URLs and bare domains, with an optional
affiliation after a comma: `Harris Reynolds, shipt`,
`Ilya Dmitrichenko @errordeveloper`, `Sam Bowne & Alex Muentz samsclass.info`.
A line is a speaker line only when *every* chunk of it reads as a speaker, a
group or an affiliation; anything else is left to be a note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..config import packaged_toml
from ..enrich.lexicon import common_words
from .links import find_links


@dataclass(frozen=True, slots=True)
class ParsedSpeaker:
    name: str | None
    handle: str | None = None
    email: str | None = None
    url: str | None = None
    affiliation: str | None = None
    raw: str = ""
    kind: str = "person"  # or "group"


@dataclass(frozen=True, slots=True)
class SpeakerLine:
    speakers: tuple[ParsedSpeaker, ...]
    strong: bool  # holds a handle, email, URL or group word: certainly about people


@dataclass(frozen=True)
class SpeakerRules:
    group_words: frozenset[str]
    function_words: frozenset[str]
    particles: frozenset[str]
    separators: re.Pattern
    common_words: frozenset[str]
    role_words: frozenset[str]  # `Django Core Developer` is a role (bylines.py)
    organisation_words: frozenset[str]  # `Vivlion GmbH` is an organisation (bylines.py)
    honorific: re.Pattern  # `Dr. ` before a name, dropped (bylines.py)


@lru_cache(maxsize=1)
def speaker_rules() -> SpeakerRules:
    data = packaged_toml("speakers.toml")
    separators = "|".join(re.escape(s.strip()) if s.strip() == s else r"\s+" + re.escape(s.strip()) + r"\s+" for s in data["separators"])
    return SpeakerRules(
        frozenset(data["group_words"]),
        frozenset(data["function_words"]),
        frozenset(data["name_particles"]),
        re.compile(rf"\s*(?:{separators})\s*", re.IGNORECASE),
        frozenset(common_words()),
        frozenset(data["role_words"]),
        frozenset(data["affiliation_words"]),
        re.compile(rf"^(?:{'|'.join(map(re.escape, data['honorifics']))})\.?\s+", re.IGNORECASE),
    )


_HANDLE = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,38}[A-Za-z0-9_])?)")
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019.-](?=[^\W\d_])|\.$)*\.?")
_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_-]*[a-z0-9]")
_DASHES = re.compile(r"\s+[-\u2013\u2014|\u00b7]\s+")
_SENTENCE_END = (".", "?", "!", ":", ";", ",")
MAX_LINE = 200
MAX_GROUP_WORDS = 4  # `NYC organizers`, `Docker security team`


@lru_cache(maxsize=16384)  # a pure function of its arguments, and the result is frozen: the same lines recur
def parse_speaker_line(text: str, allow_single_name: bool = False) -> SpeakerLine | None:
    """The speakers a line names, or None when the line is not (only) about speakers.

    `allow_single_name` lets a lone one-word line such as `Kaktus` count as a name;
    the caller allows it only where nothing but a speaker could stand.
    """
    if not text or len(text) > MAX_LINE or text.endswith(_SENTENCE_END) or text[0] in "-*+>#`[<|":
        return None
    rules = speaker_rules()
    chunks = [c for c in rules.separators.split(_DASHES.sub(" ", text)) if c]
    speakers: list[ParsedSpeaker] = []
    strong = False
    for position, chunk in enumerate(chunks):
        parsed = _parse_chunk(chunk, rules)
        if parsed is None:
            return None
        kind, speaker = parsed
        if kind == "group":
            strong = True
            speakers.append(speaker)
        elif kind in ("contact", "role"):  # a handle, an email or a role in brackets: surely people
            strong = True
            speakers.append(speaker)
        elif kind == "person":
            strong = strong or bool(speaker.handle or speaker.email or speaker.url)
            speakers.append(speaker)
        elif kind == "single":  # one capitalised word: a first name only next to clear speakers
            speakers.append(speaker)
        elif kind == "affiliation":
            if position == 0:
                return None
            _give_affiliation(speakers, chunk.strip())
    if not speakers:
        return None
    singles = [s for s in speakers if s.name and " " not in s.name and not (s.handle or s.email or s.url)]
    if singles and not strong:
        lone_ok = allow_single_name and len(speakers) == 1 and singles[0].name.lower() not in rules.common_words
        if not lone_ok:
            return None
    return SpeakerLine(tuple(speakers), strong)


def _parse_chunk(chunk: str, rules: SpeakerRules):
    tokens = chunk.split()
    names: list[str] = []
    handle = email = url = None
    affiliation: str | None = None
    inside: list[str] = []
    other: list[str] = []
    role = False
    for token in tokens:
        if affiliation == "":  # inside `(Grafana Labs)`
            inside.append(token)
            if token.endswith(")"):
                affiliation = " ".join(inside).strip("() ") or None
            continue
        if token[0] == "(" and token[1:2].isupper() and names and affiliation is None and not other:
            # `María José de la Fuente (Idealista)`, `Marta Kowalczyk (Grafana Labs)`: words in
            # parentheses after a name are where they work, not more of the name
            inside = [token]
            affiliation = token.strip("() ") if token.endswith(")") else ""
            continue
        bare = token.strip("()[]<>\"'")
        lowered = bare.lower()
        handle_match = _HANDLE.fullmatch(bare)
        if handle_match:
            handle = handle or handle_match.group(1)
            continue
        if "@" in bare or "." in bare or "://" in bare:
            links = find_links(bare)
            if len(links) == 1 and links[0].end - links[0].start == len(bare):
                found = links[0]
                if found.url.startswith("mailto:"):
                    email = email or found.url[7:]
                else:
                    url = url or found.url
                continue
        if token[0] == "(" and token.endswith(")") and names and lowered in rules.group_words:
            # `Bob Stone (organisers)`, `Ann (moderator)`: the named person's role, not a group instead of
            # them; kept where a byline keeps it (bylines.handle_and_affiliation: a role alone stays)
            role = True
            affiliation = affiliation or bare
            continue
        if lowered in rules.group_words and len(tokens) <= MAX_GROUP_WORDS:  # not a sentence that says "community"
            return "group", ParsedSpeaker(None, raw=chunk.strip(), kind="group")
        if _NAME_WORD.fullmatch(bare) and (bare[0].isupper() and not (len(bare) > 1 and bare.isupper())):
            names.append(bare)
        elif lowered in rules.particles and names:
            names.append(bare)
        else:
            other.append(bare)
    raw = chunk.strip()
    if other:
        # A trailing lowercase identifier after a full name is a handle without
        # its @ (`Chris Jones tophj-ibm`); a lone lowercase word after a name is
        # an affiliation (`Harris Reynolds, shipt`).
        if len(other) == 1 and len(names) >= 2 and tokens[-1].strip("()") == other[0] and _IDENTIFIER.fullmatch(other[0]) and not handle:
            handle = other[0]
        elif not names and len(other) <= 3 and not (handle or email or url) and all(_IDENTIFIER.fullmatch(o) or o.isalpha() for o in other):
            if other[0].lower() in rules.function_words:
                return None
            return "affiliation", None
        else:
            return None
    if names:
        if names[0].lower() in rules.function_words or len([n for n in names if n.lower() not in rules.particles]) > 4:
            return None
        if names[-1].lower() in rules.particles:
            return None
        name = " ".join(names)
        if affiliation == "":
            return None  # an unclosed parenthesis
        speaker = ParsedSpeaker(name, handle, email, url, affiliation, raw)
        if role:
            return "role", speaker
        if len(names) == 1 and not (handle or email or url):
            return "single", speaker
        return "person", speaker
    if handle or email:
        return "contact", ParsedSpeaker(None, handle, email, url, None, raw)
    if url:
        return "affiliation", None  # a bare site after names: where they work
    return None


def _give_affiliation(speakers: list[ParsedSpeaker], affiliation: str) -> None:
    for index in range(len(speakers) - 1, -1, -1):
        if speakers[index].affiliation is not None or speakers[index].kind == "group":
            break
        speakers[index] = replace(speakers[index], affiliation=affiliation)


def merge_split_speakers(lines: list[tuple[int, list[ParsedSpeaker]]]) -> list[tuple[int, ParsedSpeaker]]:
    """Join a handle-only line with the name line next to it when they are one person.

    `lines` holds (line number, speakers of that line); the result is (line number
    of the speaker's first line, speaker). `@HarrisReynolds` above
    `Harris Reynolds, shipt` is one speaker: the handle, with spaces and case
    ignored, contains the name's first or last word.
    """
    merged: list[tuple[int, ParsedSpeaker]] = []
    index = 0
    while index < len(lines):
        number, group = lines[index]
        if index + 1 < len(lines) and len(group) == 1 and len(lines[index + 1][1]) == 1:
            one, two = group[0], lines[index + 1][1][0]
            joined = _join(one, two) or _join(two, one)
            if joined is not None:
                merged.append((number, joined))
                index += 2
                continue
        merged.extend((number, speaker) for speaker in group)
        index += 1
    return merged


def _join(contact: ParsedSpeaker, person: ParsedSpeaker) -> ParsedSpeaker | None:
    if contact.name or not contact.handle or not person.name or person.handle:
        return None
    squashed = re.sub(r"[^a-z0-9]", "", contact.handle.lower())
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in person.name.split()]
    if not any(len(w) >= 3 and w in squashed for w in (words[0], words[-1])):
        return None
    return replace(
        person,
        handle=contact.handle,
        email=person.email or contact.email,
        url=person.url or contact.url,
        raw=f"{contact.raw} / {person.raw}",
    )

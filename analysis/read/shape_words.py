"""The words a reader uses to tell a divider, a break or a section from a talk title.

They are data (analysis/lexicon/shapes.toml) a user can edit; these functions read a
heading's text against them, ignoring case, punctuation and emoji.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..config import packaged_toml


# `Day 2`, `day #3`, `Day: 1` anywhere in a heading: the number of a conference day; the word for
# day in German, French, Spanish, Portuguese and Italian only at the start (`Tag 2 - Samstag`).
# Dutch `dag` is left out: "DAG 2" of a pipeline names no day.
DAY_NUMBER = re.compile(r"(?:\bday|^\W*(?:tag|jour|d[ií]a|giorno))\s*+(?:[#:=]\s*+)?(\d{1,2})\b", re.IGNORECASE)
WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)


@dataclass(frozen=True)
class ShapeWords:
    divider_phrases: frozenset[str]
    divider_prefixes: tuple[str, ...]
    break_phrases: frozenset[str]
    segment_phrases: frozenset[str]
    segment_prefixes: tuple[str, ...]
    break_words: frozenset[str]
    talk_labels: frozenset[str]  # `Talk:`, `Session:` opening a label line (label_lines.py)
    speaker_labels: frozenset[str]  # `Who:` under a talk label: beyond the `Speaker:` fields


@lru_cache(maxsize=1)
def shape_words() -> ShapeWords:
    data = packaged_toml("shapes.toml")
    return ShapeWords(
        frozenset(data["divider_phrases"]), tuple(data["divider_prefixes"]), frozenset(data["break_phrases"]),
        frozenset(data["segment_phrases"]), tuple(data["segment_prefixes"]), frozenset(data["break_words"]),
        frozenset(data.get("talk_labels", [])), frozenset(data.get("speaker_labels", [])),
    )


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w&;:' ]+", " ", text.lower()).split()).strip(" :")


# A heading that starts with a day number in another language (`Tag 2 - Samstag`, `Jour 1`); English
# `day ` is a divider prefix already. Only with the number: "Tag management" is a talk.
_DAY_HEADING = re.compile(r"(?:tag|jour|d[ií]a|giorno) \d{1,2}\b")


@lru_cache(maxsize=8192)
def is_divider(text: str) -> bool:
    """`Day 2`, `Tuesday, May 14`, `Afternoon: Observability track`, `Lunch`."""
    words = shape_words()
    norm = " ".join(_norm(text).replace(":", " ").split())
    return (norm in words.divider_phrases or norm in words.break_phrases or norm.startswith(words.divider_prefixes)
            or _DAY_HEADING.match(norm) is not None)


@lru_cache(maxsize=8192)
def is_break(text: str) -> bool:
    """`Lunch`, `Coffee ☕`, `Afternoon coffee + sponsor raffle`: a short title holding a break word."""
    norm = _norm(text)
    words = shape_words()
    return norm in words.break_phrases or (len(norm.split()) <= 6 and any(w in words.break_words for w in norm.split()))


@lru_cache(maxsize=8192)
def is_segment(text: str) -> bool:
    words = shape_words()
    norm = _norm(text)
    lowered = text.strip().lower()
    return norm in words.segment_phrases or lowered.startswith(words.segment_prefixes) or norm.startswith(words.segment_prefixes)

"""The product matcher: every spelling of the lexicon in a few regex tries, run over all
notes at once.

Speed is the design constraint (a 6 MB archive must be scanned in a fraction of a
second), so nothing loops over notes or aliases in Python: every spelling (plain aliases
and the lower-cased form of the case-sensitive ones) goes into a character trie with
longer continuations first, so that the longest spelling wins ("docker swarm" before
"docker") and the engine never tries more than one branch per character; the tries run
over all the notes' lower-cased text with Arrow's RE2 kernel, which wraps each match in
marker characters; splitting on the markers yields the matches and their offsets. What
the matches mean (case rules, context words, code, titles) is mentions.py's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .lexicon import Lexicon
from .textprep import MATCH_END, MATCH_START, Prepared


def trie_pattern(spellings: Iterable[str], word_boundaries: bool = False) -> str:
    """A regex source matching any of `spellings`, longest first, as a character trie.

    A flat alternation of 2,000 aliases would be tried one alias after the other
    at every character; a trie tries one branch per character.  At a node where a
    spelling ends, the longer continuations come first and the end itself last,
    so the longest spelling wins and shorter ones are only a fallback.  With
    `word_boundaries`, a spelling ending in a word character must be followed by
    a non-word character (RE2 has no look-around, so a word boundary does this).
    """
    trie: dict = {}
    for spelling in spellings:
        node = trie
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}

    # Built in the parent before the workers start (serial time): a chain of single children
    # is followed in a loop rather than by recursion, and each character is escaped once
    # (37k re.escape calls and 37k recursive calls were half of Enricher.load's 0.06 s of tries).
    escaped: dict[str, str] = {}

    def emit(node: dict, last_char: str) -> str:
        head = []
        while len(node) == 1 and "" not in node:
            (last_char, node), = node.items()
            head.append(escaped.get(last_char) or escaped.setdefault(last_char, re.escape(last_char)))
        branches = [(escaped.get(char) or escaped.setdefault(char, re.escape(char))) + emit(node[char], char)
                    for char in sorted(node) if char]
        if "" in node:
            ends_word = last_char.isalnum() or last_char == "_"
            branches.append("\\b" if word_boundaries and ends_word else "")
        if len(branches) == 1:
            return "".join(head) + branches[0]
        return "".join(head) + "(?:" + "|".join(branches) + ")"

    return emit(trie, "")


def bounded_trie(spellings: Iterable[str]) -> str:
    """Whole-word trie: spellings that start with a word character need a word boundary before
    them; the few that start with punctuation (".net") are checked afterwards."""
    spellings = list(spellings)
    word_start = [s for s in spellings if s[0].isalnum() or s[0] == "_"]
    other_start = [s for s in spellings if not (s[0].isalnum() or s[0] == "_")]
    parts = []
    if word_start:
        parts.append("\\b" + trie_pattern(word_start, word_boundaries=True))
    if other_start:
        parts.append(trie_pattern(other_start, word_boundaries=True))
    return "|".join(parts)


# Spellings per regex: RE2 builds a DFA within a fixed memory budget and falls back to a
# far slower engine beyond it: ~6,500 spellings in one trie are past it (4x slower), 2,400 are not.
SPELLINGS_PER_PATTERN = 2400


def split_patterns(spellings: Iterable[str]) -> tuple[str, ...]:
    """Whole-word tries over `spellings`, split into groups of whole first characters (all
    spellings that can match at one position are in one group, so the longest still wins)."""
    by_first: dict[str, list[str]] = {}
    for spelling in sorted(spellings):
        by_first.setdefault(spelling[0], []).append(spelling)
    groups: list[list[str]] = [[]]
    for first in sorted(by_first, key=lambda c: (not c.isalnum(), c)):
        if groups[-1] and len(groups[-1]) + len(by_first[first]) > SPELLINGS_PER_PATTERN:
            groups.append([])
        groups[-1].extend(by_first[first])
    return tuple(bounded_trie(group) for group in groups if group)


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# ----------------------------------------------------------------------- matcher


@dataclass(kw_only=True)
class ProductMatcher:
    """Compiled form of a Lexicon; built once per Lexicon object and cached on it."""

    patterns: tuple[str, ...]  # RE2 sources over lower-cased text, spellings split by first character
    plain: dict[str, str]  # lower-case spelling -> product
    cased: dict[str, tuple[str, ...]]  # exact spelling -> candidate products, in file order
    cased_by_lower: dict[str, tuple[str, ...]]  # lower-case form -> exact spellings
    context_patterns: dict[str, str] = field(default_factory=dict)  # product -> RE2 source
    categories: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, frozenset[str]] = field(default_factory=dict)  # product -> rules (ambiguous ones)
    cased_any: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lower-case form -> products, file order
    capitals_only: dict[str, frozenset[str]] = field(default_factory=dict)  # lower-case form -> products spelling it all-capital

    @classmethod
    def for_lexicon(cls, lexicon: Lexicon) -> "ProductMatcher":
        cached = lexicon.cache.get("matcher")
        if cached is None:
            cached = lexicon.cache["matcher"] = cls._build(lexicon)
        return cached

    @classmethod
    def _build(cls, lexicon: Lexicon) -> "ProductMatcher":
        cased_by_lower: dict[str, tuple[str, ...]] = {}
        for spelling in lexicon.cased:
            cased_by_lower[spelling.lower()] = cased_by_lower.get(spelling.lower(), ()) + (spelling,)
        return cls(
            patterns=split_patterns(set(lexicon.plain) | set(cased_by_lower)),
            plain=dict(lexicon.plain),
            cased=dict(lexicon.cased),
            cased_by_lower=cased_by_lower,
            context_patterns={
                p.name: bounded_trie({c.lower() for c in p.context})
                for p in lexicon.products
                if p.context and p.ambiguous and "context" in p.evidence
            },
            categories={p.name: p.category for p in lexicon.products},
            evidence={p.name: frozenset(p.evidence) for p in lexicon.products if p.ambiguous},
            cased_any={
                lower: tuple(dict.fromkeys(product for spelling in spellings for product in lexicon.cased[spelling]))
                for lower, spellings in cased_by_lower.items()
            },
            capitals_only={
                lower: frozenset(p for s in spellings if s.isupper() and len(s) > 1 for p in lexicon.cased[s])
                - frozenset(p for s in spellings if not s.isupper() for p in lexicon.cased[s])
                for lower, spellings in cased_by_lower.items()
            },
        )


@dataclass(kw_only=True)
class RawMatches:
    """Matches as parallel arrays, in note order then position.  Spellings are
    dictionary-encoded: per-spelling work is done once per distinct spelling."""

    row: np.ndarray  # row in Prepared.notes
    start: np.ndarray  # character offset in the note
    code: np.ndarray  # index into `spellings`
    spellings: list[str]  # distinct lower-case texts matched
    slash_follows: np.ndarray  # bool: "/" right after the match (Docker For Mac/Windows)


# Arrow's RE2 compiles a pattern on every call (about 12 ms for a trie of a few thousand
# spellings), then scans fast (about 8 ms per MB); Python's re keeps what it compiled but
# compiles slower (about 25 ms a trie) and scans slower (about 35 ms per MB). A process that
# scans small texts again and again (titles in every chunk, a notebook, a test run) moves
# them to re once a pattern has been used on small texts a few times; both find the same
# matches (re.ASCII: RE2's \b is ASCII too).
SMALL_TEXT = 300_000  # bytes of lower-cased text
SMALL_SCANS_BEFORE_RE = 2
_small_scans: dict[str, int] = {}


@lru_cache(maxsize=16)
def _python_pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.ASCII)


def scan(text: Prepared, pattern: str) -> RawMatches:
    """Run `pattern` over all lower-cased notes at once and return every match."""
    if text.lower.nbytes < SMALL_TEXT:
        seen = _small_scans[pattern] = _small_scans.get(pattern, 0) + 1
        if seen > SMALL_SCANS_BEFORE_RE:
            return _scan_small(text, _python_pattern(pattern))
    marked = pc.replace_substring_regex(text.lower, pattern, MATCH_START + r"\0" + MATCH_END)
    # Only the notes the markers made longer hold a match: most notes hold none, and splitting
    # them all took half of what follows the regex (about 8 of 13 ms a pattern for 3.4 MB).
    matched = np.flatnonzero(pc.not_equal(pc.binary_length(marked), pc.binary_length(text.lower)).to_numpy(zero_copy_only=False))
    pieces = pc.split_pattern(marked.take(pa.array(matched)), MATCH_START)
    flat = pc.list_flatten(pieces)
    parent = matched[pc.list_parent_indices(pieces).to_numpy()]
    lengths = pc.utf8_length(flat).to_numpy().astype(np.int64)
    is_first = np.ones(len(parent), bool)
    is_first[1:] = parent[1:] != parent[:-1]
    lengths -= ~is_first  # every piece but a note's first holds one end marker
    before = np.cumsum(lengths) - lengths
    offset = before - np.maximum.accumulate(np.where(is_first, before, 0))
    has_match = ~is_first
    split = pc.split_pattern(flat.filter(pa.array(has_match)), MATCH_END, max_splits=1)
    encoded = pc.dictionary_encode(pc.list_element(split, 0))
    return RawMatches(
        row=parent[has_match],
        start=offset[has_match],
        code=encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64),
        spellings=encoded.dictionary.to_pylist(),
        slash_follows=pc.starts_with(pc.list_element(split, 1), "/").to_numpy(zero_copy_only=False),
    )


def _scan_small(text: Prepared, pattern: re.Pattern) -> RawMatches:
    """`scan` with Python's re, note by note: for small texts, with the pattern compiled once."""
    rows, starts, codes, slash = [], [], [], []
    spellings: dict[str, int] = {}  # in order of first match, as Arrow's dictionary encoding
    for row, note in enumerate(text.lower.to_pylist()):
        if not note:
            continue
        for match in pattern.finditer(note):
            rows.append(row)
            starts.append(match.start())
            codes.append(spellings.setdefault(match.group(), len(spellings)))
            slash.append(note.startswith("/", match.end()))
    return RawMatches(row=np.array(rows, np.int64), start=np.array(starts, np.int64), code=np.array(codes, np.int64),
                      spellings=list(spellings), slash_follows=np.array(slash, bool))


def scan_all(text: Prepared, patterns: tuple[str, ...]) -> RawMatches:
    """`scan` with each pattern, merged as one regex would match: in note order, then
    position; a match that starts inside an earlier (leftmost, then longest) one goes."""
    parts = [scan(text, pattern) for pattern in patterns]
    if len(parts) == 1:
        return parts[0]
    spellings: list[str] = []
    codes = []
    for part in parts:
        codes.append(part.code + len(spellings))
        spellings.extend(part.spellings)
    row = np.concatenate([part.row for part in parts])
    start = np.concatenate([part.start for part in parts])
    code = np.concatenate(codes)
    slash = np.concatenate([part.slash_follows for part in parts])
    length = np.array([len(s) for s in spellings], np.int64)[code] if len(code) else np.zeros(0, np.int64)
    order = np.lexsort((-length, start, row))
    row, start, code, slash, length = row[order], start[order], code[order], slash[order], length[order]
    # A match starting before the end of an earlier one in its note goes (as in one regex,
    # up to rare partial overlaps, which this drops too).
    ends = start + length
    big = int(ends.max(initial=0)) + 1
    reach = np.maximum.accumulate(row * big + ends) - row * big  # furthest end so far in the note
    keep = np.ones(len(row), bool)
    keep[1:] = ~((row[1:] == row[:-1]) & (start[1:] < reach[:-1]))
    return RawMatches(row=row[keep], start=start[keep], code=code[keep], spellings=spellings, slash_follows=slash[keep])

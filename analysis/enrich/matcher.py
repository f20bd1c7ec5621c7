"""The product matcher: every spelling of the lexicon found in all notes at once.

Speed is the design constraint (a 6 MB archive must be scanned in a fraction of a
second, whatever the size of the lexicon), so nothing loops over notes or aliases in
Python: every spelling (plain aliases and the lower-cased form of the case-sensitive
ones) goes into one trie over words (word_trie.py), walked over all the notes'
lower-cased text with numpy and one Arrow hash lookup per word; at each position the
longest spelling wins ("docker swarm" before "docker"). What the matches mean (case
rules, context words, code, titles) is mentions.py's.

`bounded_trie` writes a set of words as one RE2 pattern, for the few small word sets
(each product's context words) that are searched in a talk's notes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .lexicon import Lexicon
from .textprep import Prepared
from .word_trie import WordTrie, find_spellings


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


# ----------------------------------------------------------------------- matcher


@dataclass(kw_only=True)
class ProductMatcher:
    """Compiled form of a Lexicon; built once per Lexicon object and cached on it."""

    trie: WordTrie  # every lower-case spelling
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
            trie=WordTrie.of(set(lexicon.plain) | set(cased_by_lower)),
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


def scan(text: Prepared, trie: WordTrie) -> RawMatches:
    """Every match of the trie's spellings in all lower-cased notes, in note order, then position."""
    found = find_spellings(trie, text.lower)
    distinct, code = np.unique(found.spelling, return_inverse=True)
    return RawMatches(row=found.row, start=found.start, code=code.reshape(-1).astype(np.int64),
                      spellings=[trie.spellings[i] for i in distinct.tolist()], slash_follows=found.slash_follows)

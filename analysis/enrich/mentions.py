"""Find product mentions in note texts.

Speed is the design constraint (a 6 MB archive must be scanned in a fraction of
a second), so the matcher does not loop over notes or aliases in Python:

* note texts go into one Arrow string array; URLs and markdown link targets are
  blanked and the texts lower-cased with Arrow compute kernels;
* every spelling (plain aliases and the lower-cased form of the case-sensitive
  "ambiguous" ones) goes into ONE regex, built as a character trie with longer
  continuations first, so that the longest spelling wins ("docker swarm" before
  "docker") and the engine never tries more than one branch per character;
* the regex runs once over all notes with Arrow's RE2 kernel, which wraps each
  match in marker characters; splitting on the markers yields the matches and
  their offsets without any per-match regex work in Python (Python's `re` would
  take about 4x longer for the same scan).

Case-sensitive spellings ("Go", "Hub", "Compose", "Edge") are found through
their lower-case form, then compared with the text as written; their `context`
words are looked for only in the notes of the talks that need it.

The text preparation (URL blanking, lower-casing) is textprep.py's
`prepare`, shared with candidates, themes and keywords through `prepared=`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..frames.schema import SCHEMA
from .lexicon import Lexicon
from .textprep import MATCH_END, MATCH_START, Prepared, prepare, string_array, substrings

MENTION_COLUMNS = SCHEMA["mentions"]


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

    def emit(node: dict, last_char: str) -> str:
        children = sorted((char, child) for char, child in node.items() if char)
        branches = [re.escape(char) + emit(child, char) for char, child in children]
        if "" in node:
            ends_word = last_char.isalnum() or last_char == "_"
            branches.append("\\b" if word_boundaries and ends_word else "")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

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


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


# ----------------------------------------------------------------------- matcher


@dataclass(kw_only=True)
class ProductMatcher:
    """Compiled form of a Lexicon; built once per Lexicon object and cached on it."""

    pattern: str  # RE2 source over lower-cased text
    plain: dict[str, str]  # lower-case spelling -> product
    cased: dict[str, tuple[str, ...]]  # exact spelling -> candidate products, in file order
    cased_by_lower: dict[str, tuple[str, ...]]  # lower-case form -> exact spellings
    context_patterns: dict[str, str] = field(default_factory=dict)  # product -> RE2 source
    categories: dict[str, str] = field(default_factory=dict)

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
            pattern=bounded_trie(set(lexicon.plain) | set(cased_by_lower)),
            plain=dict(lexicon.plain),
            cased=dict(lexicon.cased),
            cased_by_lower=cased_by_lower,
            context_patterns={
                p.name: bounded_trie({c.lower() for c in p.context})
                for p in lexicon.products
                if p.context and p.ambiguous
            },
            categories={p.name: p.category for p in lexicon.products},
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


def scan(text: Prepared, pattern: str) -> RawMatches:
    """Run `pattern` over all lower-cased notes at once and return every match."""
    marked = pc.replace_substring_regex(text.lower, pattern, MATCH_START + r"\0" + MATCH_END)
    pieces = pc.split_pattern(marked, MATCH_START)
    flat = pc.list_flatten(pieces)
    parent = pc.list_parent_indices(pieces).to_numpy()
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


def _slices(array: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """text[row][start:end] for each triple (Python, so only for the few rows that need it)."""
    texts = array.take(pa.array(rows, pa.int64())).to_pylist()
    return [t[s:e] for t, s, e in zip(texts, starts.tolist(), ends.tolist())]


_SLASH_PARTS = re.compile(r"(?:/[\w.+#-]+)+")
_LAST_WORD = re.compile(r"[\s-](\S+)$")


@dataclass(kw_only=True)
class Found:
    """Working set of matches: parallel arrays that the steps below filter and extend."""

    row: np.ndarray
    start: np.ndarray
    end: np.ndarray
    product: np.ndarray  # object array; None = no product (yet)

    def keep(self, mask: np.ndarray) -> "Found":
        return Found(row=self.row[mask], start=self.start[mask], end=self.end[mask], product=self.product[mask])


def _slash_shorthand(matcher: ProductMatcher, text: Prepared, found: Found, slash: np.ndarray) -> Found:
    """"Docker For Mac/Windows" -> Docker for Mac + Docker for Windows.

    For a multi-word match followed by "/part(/part)*", try the match's prefix
    (all but its last word) with each part; a known spelling replaces whatever
    the bare part matched on its own ("Windows").
    """
    idx = np.flatnonzero(slash & (found.product != None))  # noqa: E711 (element-wise)
    if len(idx) == 0:
        return found
    rows, starts, ends = found.row[idx], found.start[idx], found.end[idx]
    spellings = _slices(text.lower, rows, starts, ends)
    tails = _slices(text.lower, rows, ends, ends + 200)
    added: dict[tuple[int, int], tuple[int, str]] = {}
    for row, end, spelling, tail in zip(rows.tolist(), ends.tolist(), spellings, tails):
        last_word = _LAST_WORD.search(spelling)
        parts = _SLASH_PARTS.match(tail)
        if last_word is None or parts is None:
            continue
        prefix = spelling[: last_word.start(1)]
        position = end
        for part in parts.group().split("/")[1:]:
            position += 1  # the slash
            product = matcher.plain.get(prefix + part)
            if product is not None:
                added[(row, position)] = (position + len(part), product)
            position += len(part)
    if not added:
        return found
    width = int(max(found.start.max(initial=0), max(k[1] for k in added))) + 1
    added_keys = np.array([row * width + start for row, start in added], np.int64)
    replaced = np.isin(found.row * width + found.start, added_keys)
    found = found.keep(~replaced)
    new_rows = np.array([k[0] for k in added], np.int64)
    new_starts = np.array([k[1] for k in added], np.int64)
    merged = Found(
        row=np.concatenate([found.row, new_rows]),
        start=np.concatenate([found.start, new_starts]),
        end=np.concatenate([found.end, np.array([v[0] for v in added.values()], np.int64)]),
        product=np.concatenate([found.product, np.array([v[1] for v in added.values()], object)]),
    )
    order = np.lexsort((merged.start, merged.row))
    return merged.keep(order)


def _resolve_cased(matcher: ProductMatcher, text: Prepared, found: Found, is_cased: np.ndarray, groups: np.ndarray) -> None:
    """Cased spellings: keep those written exactly as listed, and give each the first
    candidate product whose context occurs in the same talk (or that has none).
    A spelling that is also a plain alias keeps its plain product otherwise."""
    idx = np.flatnonzero(is_cased)
    if len(idx) == 0:
        return
    # Work per distinct (spelling as written, talk) pair, not per match.
    written = pc.dictionary_encode(substrings(text.masked, found.row[idx], found.start[idx], found.end[idx]))
    spelling = written.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    options = [matcher.cased.get(w, ()) for w in written.dictionary.to_pylist()]
    group_code, group_values = pd.factorize(groups)
    n_groups = len(group_values)
    pairs, pair_of_match = np.unique(spelling * n_groups + group_code[found.row[idx]], return_inverse=True)
    pair_spelling, pair_group = np.divmod(pairs, n_groups)
    wanted: dict[str, list[int]] = {}
    for w, g in zip(pair_spelling.tolist(), pair_group.tolist()):
        for product in options[w]:
            if product in matcher.context_patterns:
                wanted.setdefault(product, []).append(g)
    present: dict[str, np.ndarray] = {}  # product -> bool per group: a context word occurs
    for product, product_groups in wanted.items():
        in_groups = np.zeros(n_groups, bool)
        in_groups[product_groups] = True
        rows = np.flatnonzero(in_groups[group_code])
        hit = pc.match_substring_regex(text.lower.take(pa.array(rows)), matcher.context_patterns[product])
        found_in = np.zeros(n_groups, bool)
        found_in[group_code[rows[hit.to_numpy(zero_copy_only=False)]]] = True
        present[product] = found_in
    chosen = np.empty(len(pairs), object)
    for i, (w, g) in enumerate(zip(pair_spelling.tolist(), pair_group.tolist())):
        for product in options[w]:
            if product not in matcher.context_patterns or present[product][g]:
                chosen[i] = product
                break
    resolved = chosen[pair_of_match]
    assign = resolved != None  # noqa: E711 (element-wise)
    found.product[idx[assign]] = resolved[assign]


def _glued_to_previous_word(text: Prepared, found: Found, punct_start: np.ndarray) -> np.ndarray:
    """Spellings starting with punctuation (".net") have no word boundary in the
    regex; flag those glued to a preceding word ("example.net")."""
    glued = np.zeros(len(found.row), bool)
    idx = np.flatnonzero(punct_start & (found.start > 0))
    if len(idx):
        previous = _slices(text.lower, found.row[idx], found.start[idx] - 1, found.start[idx])
        glued[idx] = [is_word_char(c) for c in previous]
    return glued


def context_groups(notes: pd.DataFrame) -> np.ndarray:
    """Talk of each note as an int array; a note without a talk is its own group."""
    talk = notes["talk_id"].astype("Int64")
    fallback = -np.arange(1, len(notes) + 1, dtype=np.int64)
    return np.where(talk.isna().to_numpy(), fallback, talk.fillna(0).to_numpy(dtype=np.int64))


def empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in MENTION_COLUMNS.items()})


def find_mentions(notes: pd.DataFrame, lexicon: Lexicon, *, prepared: Prepared | None = None) -> pd.DataFrame:
    """One row per product mention: note_id, talk_id, product, category, matched.

    Ordered by note_id, then position in the note.  `matched` is the text as
    written ("k8s" for Kubernetes).  `prepared` is `prepare(notes)` when the
    caller shares it with the other enrichment steps (built here otherwise).
    """
    if notes.empty:
        return empty_mentions()
    matcher = ProductMatcher.for_lexicon(lexicon)
    text = prepared if prepared is not None else prepare(notes)
    raw = scan(text, matcher.pattern)
    if len(raw.row) == 0:
        return empty_mentions()
    # Per distinct spelling, then spread to matches through the codes.
    spellings = raw.spellings
    length = np.array([len(s) for s in spellings], np.int64)[raw.code]
    plain_product = np.array([matcher.plain.get(s) for s in spellings] + [None], object)[:-1][raw.code]
    is_cased = np.array([s in matcher.cased_by_lower for s in spellings], bool)[raw.code]
    punct_start = np.array([not is_word_char(s[0]) for s in spellings], bool)[raw.code]

    found = Found(row=raw.row, start=raw.start, end=raw.start + length, product=plain_product.copy())
    _resolve_cased(matcher, text, found, is_cased, context_groups(text.notes))
    glued = _glued_to_previous_word(text, found, punct_start)
    found.product[glued] = None
    found = _slash_shorthand(matcher, text, found, raw.slash_follows)
    found = found.keep(found.product != None)  # noqa: E711 (element-wise)
    if len(found.row) == 0:
        return empty_mentions()

    # Products as codes into one table of names: no Python string per mention.
    product_code, names = pd.factorize(found.product)
    names = list(names)
    categories = MENTION_COLUMNS["category"]
    category_code = categories.categories.get_indexer([matcher.categories[name] for name in names])
    frame = pd.DataFrame(
        {
            "note_id": pd.array(text.notes["note_id"].to_numpy(dtype=np.int64)[found.row], dtype="Int64"),
            "talk_id": text.notes["talk_id"].array.take(found.row),
            "product": string_array(pa.array(names, pa.large_string()).take(pa.array(product_code))),
            "category": pd.Categorical.from_codes(category_code[product_code], dtype=categories),
            "matched": string_array(substrings(text.masked, found.row, found.start, found.end)),
        }
    )
    return frame.astype(MENTION_COLUMNS)

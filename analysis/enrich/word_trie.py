"""Spellings found word by word: the product matcher's scan, in one pass whose cost per
character does not depend on how many spellings the lexicon holds.

A spelling is a sequence of words and of the gaps between them: "docker swarm" is
"docker", " ", "swarm"; ".net" is "net" after a leading "."; "c++" is "c" before a
trailing "++". The notes are cut into the same words and gaps with numpy, every word and
gap is looked up once in one hash table of the lexicon's words and gaps (Arrow's
`index_in`), and a trie whose edges are (gap, word) ids is walked from every word that
starts some spelling, one level per further word, for all positions at once. Per
character that is a table lookup and a hash probe, however many spellings there are.
(The RE2 tries this replaces had to be split into passes of 2,400 spellings, one pass
each, to stay within RE2's DFA memory.) Only what is specific to notes is written here:
Arrow and numpy do the scanning.

A word is a run of characters that Python's `str.isalnum` accepts, or "_" (so "München"
and "dassault systèmes" hold whole words), the same test as mentions.py's
`is_word_char`; characters beyond the Basic Multilingual Plane (emoji) are never word
characters. A note's start and end end its words. A match is what one leftmost-first
regex alternation of all spellings, longest first, with word boundaries, would find.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Bytes of text handled at once: bounds the working arrays (about 40 bytes per word) for
# a single very large notes file.
BYTES_PER_SLICE = 8_000_000


def is_word_char(char: str) -> bool:
    return (char.isalnum() or char == "_") and ord(char) < 0x10000


@lru_cache(maxsize=1)
def _word_table() -> np.ndarray:
    """Whether each Basic Multilingual Plane code point is a word character."""
    return np.fromiter((is_word_char(chr(code)) for code in range(0x10000)), bool, 0x10000)


@lru_cache(maxsize=1)
def _ascii_byte_table() -> np.ndarray:
    """Whether each byte value is an ASCII word character (bytes of other characters: no)."""
    return np.concatenate([_word_table()[:128], np.zeros(128, bool)])


_RUNS = re.compile(r"\w+|\W+")  # re's \w is str.isalnum() or "_", as is_word_char below the astral planes


def split_words(spelling: str) -> tuple[str, list[str], list[str], str]:
    """(leading gap, words, gaps between them, trailing gap) of a spelling."""
    if spelling.isascii() or all(ord(char) < 0x10000 for char in spelling):
        runs = _RUNS.findall(spelling)
    else:
        runs = ["".join(group) for _, group in groupby(spelling, is_word_char)]
    lead = runs.pop(0) if runs and not is_word_char(runs[0][0]) else ""
    trail = runs.pop() if runs and not is_word_char(runs[-1][0]) else ""
    return lead, runs[0::2], runs[1::2], trail


@dataclass(frozen=True, kw_only=True)
class _Odd:
    """A spelling with punctuation before its first word or after its last one (".net", "c++")."""

    node: int
    lead: bytes
    trail: bytes
    spelling: int


@dataclass(frozen=True, kw_only=True)
class WordTrie:
    """Every spelling of a lexicon as a trie over word and gap ids."""

    spellings: tuple[str, ...]
    vocab: pa.Array  # words (ids 0..words-1), then gaps
    words: int
    root_child: np.ndarray  # word id -> node, or -1
    edge_keys: np.ndarray  # sorted (node, gap, word) keys of the other edges
    edge_child: np.ndarray
    has_children: np.ndarray  # per node
    terminal: np.ndarray  # per node: spelling ending there with no leading or trailing gap, or -1
    odd: tuple[_Odd, ...]

    @classmethod
    def of(cls, spellings: Iterable[str]) -> "WordTrie":
        spellings = tuple(sorted(set(spellings)))
        split = [split_words(s) for s in spellings]
        words = sorted({w for _, ws, _, _ in split for w in ws})
        gaps = sorted({g for _, _, gs, _ in split for g in gs})
        word_id = {w: i for i, w in enumerate(words)}
        gap_id = {g: i for i, g in enumerate(gaps)}
        root: dict[int, int] = {}
        edges: dict[tuple[int, int, int], int] = {}
        terminal: dict[int, int] = {}
        odd: list[_Odd] = []
        nodes = 0
        for index, (lead, ws, gs, trail) in enumerate(split):
            if not ws:
                continue  # no word to find it by (none in the packaged lexicon)
            node = root.get(word_id[ws[0]])
            if node is None:
                node = root[word_id[ws[0]]] = nodes
                nodes += 1
            for gap, word in zip(gs, ws[1:]):
                key = (node, gap_id[gap], word_id[word])
                child = edges.get(key)
                if child is None:
                    child = edges[key] = nodes
                    nodes += 1
                node = child
            if lead or trail:
                odd.append(_Odd(node=node, lead=lead.encode(), trail=trail.encode(), spelling=index))
            else:
                terminal[node] = index
        root_child = np.full(len(words), -1, np.int64)
        root_child[list(root)] = list(root.values())
        triples = np.array(list(edges), np.int64).reshape(-1, 3)
        keys = _edge_key(triples[:, 0], triples[:, 1], triples[:, 2], gaps=len(gaps), words=len(words))
        children = np.array(list(edges.values()), np.int64)
        order = np.argsort(keys)
        has_children = np.zeros(nodes + 1, bool)
        has_children[[n for n, _, _ in edges]] = True
        terminal_of = np.full(nodes + 1, -1, np.int64)
        terminal_of[list(terminal)] = list(terminal.values())
        return cls(spellings=spellings, vocab=pa.array(words + gaps, pa.large_string()), words=len(words),
                   root_child=root_child, edge_keys=keys[order], edge_child=children[order],
                   has_children=has_children, terminal=terminal_of, odd=tuple(odd))

    def edge_key(self, node: np.ndarray, gap: np.ndarray, word: np.ndarray) -> np.ndarray:
        return _edge_key(node, gap, word, gaps=len(self.vocab) - self.words, words=self.words)


def _edge_key(node: np.ndarray, gap: np.ndarray, word: np.ndarray, *, gaps: int, words: int) -> np.ndarray:
    """One int64 per (node, gap id, word id): the key an edge is stored and looked up by."""
    return (node * (gaps + 1) + gap) * words + word


@dataclass(kw_only=True)
class WordMatches:
    """Matches in note order, then position: note row, character offsets, spelling index."""

    row: np.ndarray
    start: np.ndarray
    end: np.ndarray
    spelling: np.ndarray
    slash_follows: np.ndarray  # "/" right after the match


def find_spellings(trie: WordTrie, texts: pa.Array) -> WordMatches:
    """Every match of the trie's spellings in `texts` (a large_string array, no nulls)."""
    offsets = np.frombuffer(texts.buffers()[1], np.int64)[texts.offset : texts.offset + len(texts) + 1]
    parts = []
    first = 0
    while first < len(texts):
        # Whole notes, at least one, up to BYTES_PER_SLICE bytes.
        last = int(np.searchsorted(offsets, offsets[first] + BYTES_PER_SLICE, side="right")) - 1
        last = min(max(last, first + 1), len(texts))
        found = _find_in_slice(trie, texts, offsets[first : last + 1])
        found.row += first
        parts.append(found)
        first = last
    if not parts:
        return _no_matches()
    return WordMatches(**{name: np.concatenate([getattr(p, name) for p in parts])
                          for name in ("row", "start", "end", "spelling", "slash_follows")})


def _no_matches() -> WordMatches:
    empty = np.zeros(0, np.int64)
    return WordMatches(row=empty, start=empty, end=empty, spelling=empty, slash_follows=np.zeros(0, bool))


def _word_bytes(data: np.ndarray) -> np.ndarray:
    """Whether each byte of UTF-8 `data` belongs to a word character."""
    table = _word_table()
    word = _ascii_byte_table()[data]
    high = np.flatnonzero(data >= 0x80)
    if len(high) == 0:
        return word
    is_lead = data[high] >= 0xC0
    leads = high[is_lead]
    size = len(data)
    def byte(at: np.ndarray) -> np.ndarray:
        return data[np.minimum(at, size - 1)].astype(np.int64) & 0x3F
    lead = data[leads].astype(np.int64)
    code = np.where(lead < 0xE0, ((lead & 0x1F) << 6) | byte(leads + 1),
                    ((lead & 0x0F) << 12) | (byte(leads + 1) << 6) | byte(leads + 2))
    lead_word = np.where(lead < 0xF0, table[np.minimum(code, 0xFFFF)], False)
    # A continuation byte belongs to the character of the last lead byte before it (none: a
    # slice that starts mid-character).
    lead_index = np.cumsum(is_lead) - 1
    word[high] = np.where(lead_index >= 0, lead_word[np.maximum(lead_index, 0)], False)
    return word


def _find_in_slice(trie: WordTrie, texts: pa.Array, bounds: np.ndarray) -> WordMatches:
    """Matches in the notes whose byte offsets are `bounds` (notes' starts, then the last end)."""
    base = int(bounds[0])
    data_buffer = texts.buffers()[2]
    if data_buffer is None or bounds[-1] == base:
        return _no_matches()
    data = np.frombuffer(data_buffer, np.uint8)[base : int(bounds[-1])]
    note_start = bounds[:-1] - base
    note_end = bounds[1:] - base
    nonempty = note_end > note_start
    cuts = _word_cuts(_word_bytes(data), note_start[nonempty])
    count = len(cuts) // 2
    if count == 0:
        return _no_matches()
    starts, ends = cuts[0::2], cuts[1::2]
    # Words and the gaps between them as one Arrow array over the notes' own bytes (no
    # copy): word, gap, word, ... each looked up once in the trie's vocabulary.
    pieces = pa.LargeStringArray.from_buffers(2 * count - 1, pa.py_buffer(cuts + base), data_buffer)
    ids = pc.index_in(pieces, value_set=trie.vocab).fill_null(-1).to_numpy(zero_copy_only=False)
    word_id = ids[0::2]
    gap_id = ids[1::2] - trie.words  # the gap after each word but the last

    first_word = np.flatnonzero(word_id >= 0)
    node = trie.root_child[word_id[first_word]]
    begin = first_word[node >= 0]  # word where the match begins
    node = node[node >= 0]
    last = begin.copy()  # word where it ends so far
    found_start, found_end, found_spelling = [], [], []
    while len(node):
        _collect(trie, node, begin, last, starts, ends, data, note_start, note_end,
                 found_start, found_end, found_spelling)
        going = trie.has_children[node] & (last + 1 < count)
        node, begin, last = node[going], begin[going], last[going]
        gap, following = gap_id[np.minimum(last, count - 2)], word_id[np.minimum(last + 1, count - 1)]
        going = (gap >= 0) & (following >= 0)
        going[going] = ~_note_edge_between(note_start, ends[last[going]], starts[last[going] + 1])
        node, begin, last, gap, following = node[going], begin[going], last[going], gap[going], following[going]
        keys = trie.edge_key(node, gap, following)
        at = np.minimum(np.searchsorted(trie.edge_keys, keys), max(len(trie.edge_keys) - 1, 0))
        going = trie.edge_keys[at] == keys if len(trie.edge_keys) else np.zeros(len(keys), bool)
        node, begin, last = trie.edge_child[at[going]], begin[going], last[going] + 1
    if not found_start:
        return _no_matches()
    start = np.concatenate(found_start)
    end = np.concatenate(found_end)
    spelling = np.concatenate(found_spelling)
    keep = _leftmost_longest(start, end)
    start, end, spelling = start[keep], end[keep], spelling[keep]
    row = np.searchsorted(note_start, start, side="right") - 1
    slash = np.zeros(len(end), bool)
    inside = end < note_end[row]
    slash[inside] = data[end[inside]] == ord("/")
    # Byte offsets to character offsets within each note: less the continuation bytes before.
    continuation = np.flatnonzero((data & 0xC0) == 0x80)
    def chars(at: np.ndarray) -> np.ndarray:
        return at - np.searchsorted(continuation, at) if len(continuation) else at
    begins = chars(note_start[row])
    start, end = chars(start) - begins, chars(end) - begins
    return WordMatches(row=row, start=start, end=end, spelling=spelling, slash_follows=slash)


def _word_cuts(word: np.ndarray, note_start: np.ndarray) -> np.ndarray:
    """Start and end of every word, alternating, as byte offsets: runs of word bytes, cut at
    every (non-empty) note's start and end, where one note's last word meets the next's first."""
    size = len(word)
    begins = np.zeros(size + 1, bool)  # a word begins at this byte
    begins[:size] = word
    begins[1:size] &= ~word[:-1]
    ends = np.zeros(size + 1, bool)  # a word ends just before this byte
    ends[1:] = word
    ends[1:size] &= ~word[1:]
    # A note's first byte and the previous note's last byte both in words: one word ends and
    # the next begins there. (Marked in place: inserting the cuts into the array cost 0.05 s
    # on the benchmark archive, where nearly every note starts with a word.)
    joined = note_start[(note_start > 0) & word[note_start] & word[np.maximum(note_start - 1, 0)]]
    begins[joined] = True
    ends[joined] = True
    starts = np.flatnonzero(begins)
    cuts = np.empty(2 * len(starts), np.int64)
    cuts[0::2] = starts
    cuts[1::2] = np.flatnonzero(ends)
    return cuts


def _note_edge_between(note_start: np.ndarray, after: np.ndarray, before: np.ndarray) -> np.ndarray:
    """Whether a note starts at or after `after` and at or before `before` (pairs of offsets)."""
    at = np.searchsorted(note_start, after)
    return (at < len(note_start)) & (note_start[np.minimum(at, len(note_start) - 1)] <= before)


def _collect(trie, node, begin, last, starts, ends, data, note_start, note_end,
             found_start, found_end, found_spelling) -> None:
    """The spellings that end at these nodes: byte spans and spelling indices."""
    spelling = trie.terminal[node]
    done = spelling >= 0
    found_start.append(starts[begin[done]])
    found_end.append(ends[last[done]])
    found_spelling.append(spelling[done])
    for odd in trie.odd:
        at = np.flatnonzero(node == odd.node)
        if len(at) == 0:
            continue
        start = starts[begin[at]] - len(odd.lead)
        end = ends[last[at]] + len(odd.trail)
        note = np.searchsorted(note_start, starts[begin[at]], side="right") - 1
        fits = (start >= note_start[note]) & (end <= note_end[note])
        for offset, char in enumerate(odd.lead):
            fits &= data[np.clip(start + offset, 0, len(data) - 1)] == char
        for offset, char in enumerate(odd.trail):
            fits &= data[np.clip(ends[last[at]] + offset, 0, len(data) - 1)] == char
        found_start.append(start[fits])
        found_end.append(end[fits])
        found_spelling.append(np.full(int(fits.sum()), odd.spelling, np.int64))


def _leftmost_longest(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Indices of the matches a leftmost-first scan keeps, longest first at each position:
    the longest match at the leftmost start, then the same from its end on."""
    order = np.lexsort((start - end, start))
    start, end = start[order], end[order]
    first_at = np.ones(len(start), bool)
    first_at[1:] = start[1:] != start[:-1]
    order, start, end = order[first_at], start[first_at], end[first_at]
    reach = np.maximum.accumulate(end)
    overlaps = np.zeros(len(start), bool)
    overlaps[1:] = start[1:] < reach[:-1]
    if not overlaps.any():
        return order
    # Only within a run of overlapping matches does the order of choosing matter: those
    # (few) are walked in Python, the others are kept.
    run_of = np.cumsum(~overlaps) - 1
    in_overlapping_run = np.isin(run_of, run_of[overlaps])
    keep = ~in_overlapping_run
    run, reached = -1, 0
    for i in np.flatnonzero(in_overlapping_run).tolist():
        if run_of[i] != run:
            run, reached = run_of[i], start[i]
        if start[i] >= reached:
            keep[i] = True
            reached = end[i]
    return order[keep]

"""Text preparation shared by mentions, candidates, themes and keywords.

`prepare(notes)` does, once per notes frame, the work every enrichment step
needs: note texts sorted by note_id as one Arrow array, URLs blanked
(`masked`), lower-cased (`lower`), and, on first use, the word tokens.  Pass
the result as `prepared=` to find_mentions, find_candidates, assign_themes and
talk_keywords so that they share it; each builds its own when given none.
There is no module-level cache: a Prepared lives as long as its caller keeps it.

Only numpy, pandas and pyarrow are imported here (no scikit-learn, no scipy).

Tokens are made with Arrow kernels (no Python loop over notes or words).  A
token is a run of characters other than whitespace, with a little punctuation
("`", "[", ".", ":", quotes, brackets) trimmed off its ends but remembered,
because candidates.py needs to know where sentences, code spans and link
labels start; so "containerd", "k8s", "ci/cd", "docker-compose",
"portainer.io" and "c++" survive as one term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .lexicon import common_words

# Link targets and bare URLs are addresses, not prose: "github.com/linuxkit/linuxkit"
# is not three mentions.  Link labels and `code spans` stay searchable.  (RE2 syntax.)
URL_PATTERN = r"\]\([^)\s]*\)|(?:https?|ftp)://[^\s<>()\[\]]+|www\.[^\s<>()\[\]]+"
# Every URL_PATTERN match contains one of these; texts without any are left alone.
URL_HINT = r"\]\(|://|www\."
MATCH_START, MATCH_END = "\x01", "\x02"  # markers regex scans wrap around matches (package_names.py); removed from input first

# Tokens are split on whitespace; this punctuation is trimmed off their ends
# ("c#" keeps its "#", "c++" its "+", "k8s." loses its ".").
LEADING_PUNCTUATION = "`[](){}<>\"'“”‘’*_~,;:.!?-/@#$%&=|\\"
TRAILING_PUNCTUATION = "`[](){}<>\"'“”‘’*_~,;:.!?-/@$%&=|\\"
SENTENCE_END = r"[.!?:][\"'”’)]*$"  # a raw token ending like this ends a sentence
OPENS_SPAN = r"^[(\"“'‘]*[`\[]"  # a raw token starting like this opens a `code span` or [link label]
OPENS_QUOTE = r"^\(?[\"“‘]"  # a raw token starting like this is quoted: "Pipseeker" is named, not a person's name


@lru_cache(maxsize=1)
def common_words_array() -> pa.Array:
    """The packaged common English words (lexicon.common_words) as one Arrow array, built once."""
    return pa.array(common_words(), pa.large_string())


def as_arrow_strings(values: pd.Series) -> pa.Array:
    """A string column as one non-null Arrow large_string array (nulls become "")."""
    array = pa.array(values.astype("string[pyarrow]"), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if array.type != pa.large_string():
        array = array.cast(pa.large_string())
    return array.fill_null("") if array.null_count else array


def _data_bytes(array: pa.Array) -> np.ndarray:
    """The bytes of a string array's values (a view, no copy)."""
    offsets = array.buffers()[1]
    data = array.buffers()[2]
    if data is None or len(array) == 0:
        return np.zeros(0, np.uint8)
    bounds = np.frombuffer(offsets, np.int64)[array.offset : array.offset + len(array) + 1]
    return np.frombuffer(data, np.uint8)[bounds[0] : bounds[-1]]


def regex_flags(words: pa.Array, is_ascii: np.ndarray, pattern: str, how: str = "match", re2: tuple[str, ...] | None = None) -> np.ndarray:
    """Python-`re` semantics of `pattern` (str.match or str.search) per word, fast:
    RE2 on the ASCII words (where RE2 and `re` agree; `re2` replaces a pattern RE2
    cannot run by patterns that must all match), `re` on the few others."""
    result = np.zeros(len(words), bool)
    ascii_idx = np.flatnonzero(is_ascii)
    if len(ascii_idx):
        subset = words.take(pa.array(ascii_idx)) if len(ascii_idx) < len(words) else words
        hit = np.ones(len(ascii_idx), bool)
        for i, part in enumerate(re2 or (pattern,)):
            anchored = how == "match" and (re2 is None or i == 0)
            source = "^(" + part.removeprefix("^") + ")" if anchored else part
            hit &= pc.match_substring_regex(subset, source).to_numpy(zero_copy_only=False)
        result[ascii_idx] = hit
    other = np.flatnonzero(~is_ascii)
    if len(other):
        compiled = re.compile(pattern)
        test = compiled.match if how == "match" else compiled.search
        result[other] = [test(w) is not None for w in words.take(pa.array(other)).to_pylist()]
    return result


def string_array(values: pa.Array) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as pandas' "string" dtype, without a Python round trip."""
    if values.type != pa.large_string():
        values = values.cast(pa.large_string())
    return pd.arrays.ArrowStringArray(values)


def substrings(texts: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> pa.Array:
    """texts[row][start:end] (character offsets) for each triple, as one Arrow array.

    The bytes are gathered with numpy; only for texts that are not pure ASCII are
    character offsets turned into byte offsets in Python (one slice per match there).
    """
    rows = np.asarray(rows, np.int64)
    starts = np.asarray(starts, np.int64)
    ends = np.asarray(ends, np.int64)
    if len(rows) == 0:
        return pa.array([], pa.large_string())
    offsets = np.frombuffer(texts.buffers()[1], np.int64)[texts.offset : texts.offset + len(texts) + 1]
    byte_start, byte_end = starts.copy(), ends.copy()
    ascii_rows = pc.string_is_ascii(texts).to_numpy(zero_copy_only=False)
    other = np.flatnonzero(~ascii_rows[rows])
    if len(other):
        values = texts.take(pa.array(rows[other])).to_pylist()
        for i, text, start, end in zip(other.tolist(), values, starts[other].tolist(), ends[other].tolist()):
            byte_start[i] = len(text[:start].encode("utf-8"))
            byte_end[i] = byte_start[i] + len(text[start:end].encode("utf-8"))
    byte_start += offsets[rows]
    byte_end += offsets[rows]
    lengths = byte_end - byte_start
    out_offsets = np.zeros(len(rows) + 1, np.int64)
    np.cumsum(lengths, out=out_offsets[1:])
    data = np.frombuffer(texts.buffers()[2], np.uint8) if texts.buffers()[2] is not None else np.zeros(0, np.uint8)
    gather = np.arange(out_offsets[-1], dtype=np.int64) + np.repeat(byte_start - out_offsets[:-1], lengths)
    return pa.LargeStringArray.from_buffers(len(rows), pa.py_buffer(out_offsets), pa.py_buffer(data[gather].tobytes()))


def mask_urls(texts: pa.Array) -> pa.Array:
    """`texts` with marker characters and URLs replaced by a space; only the few
    texts that may hold a URL go through the regex."""
    if np.count_nonzero(_data_bytes(texts) < 3):  # \x01 or \x02 (or NUL) somewhere: rare
        texts = pc.replace_substring_regex(texts, "[\x01\x02]", " ")
    maybe = pc.match_substring_regex(texts, URL_HINT)
    if not pc.any(maybe).as_py():
        return texts
    replaced = pc.replace_substring_regex(texts.filter(maybe), URL_PATTERN, " ")
    return pc.replace_with_mask(texts, maybe, replaced)


def lower_same_length(texts: pa.Array) -> pa.Array:
    """Lower-cased with the same length in characters ("İ" is the only character
    whose lower-case form is two characters long)."""
    if pc.all(pc.string_is_ascii(texts)).as_py():
        return pc.ascii_lower(texts)
    return pc.utf8_lower(pc.replace_substring(texts, "\u0130", "I"))


def list_parents(lists: pa.Array) -> np.ndarray:
    """Row of each element of a list array, as int64."""
    offsets = lists.offsets.to_numpy().astype(np.int64)
    return np.repeat(np.arange(len(lists), dtype=np.int64), np.diff(offsets))


def tokenize(texts: pa.Array) -> tuple[np.ndarray, np.ndarray, pa.Array, pa.Array]:
    """Split texts into tokens.

    Returns (row of each token, code of each token, raw forms, trimmed forms),
    the last two indexed by code.  Texts are split on whitespace only (Arrow's
    fast path); punctuation is then trimmed off the ends of each *distinct*
    token, which is far less work than trimming every occurrence.
    """
    pieces = pc.utf8_split_whitespace(texts)
    rows = list_parents(pieces)
    encoded = pc.dictionary_encode(pc.list_flatten(pieces))
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    raw = encoded.dictionary
    core = pc.utf8_rtrim(pc.utf8_ltrim(raw, LEADING_PUNCTUATION), TRAILING_PUNCTUATION)
    keep_code = pc.greater(pc.utf8_length(core), 0).to_numpy(zero_copy_only=False)
    if keep_code.all():
        return rows, codes, raw, core
    keep = keep_code[codes]
    return rows[keep], codes[keep], raw, core


@dataclass(kw_only=True)
class Tokens:
    """Every token of every note, as parallel arrays in note order."""

    row: np.ndarray  # note row of each token (row in Prepared.notes)
    cased: np.ndarray  # code into cased_vocab
    cased_vocab: pa.Array  # distinct tokens as written
    lower: np.ndarray  # code into lower_vocab
    lower_vocab: pa.Array  # distinct lower-case tokens
    sentence_start: np.ndarray  # bool: first token of its note or after . ! ? :
    marked: np.ndarray  # bool: token opened a `code span` or [link label]
    handle: np.ndarray  # bool: token was written as @name (a social-media handle)
    quoted: np.ndarray  # bool: token opened a quotation ("Pipseeker")


def _tokens_of(masked: pa.Array) -> Tokens:
    rows, codes, raw, core = tokenize(masked)
    # Everything below works on distinct tokens, then spreads through the codes.
    cased = pc.dictionary_encode(core)
    cased_of_raw = cased.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    lowered = pc.dictionary_encode(pc.utf8_lower(cased.dictionary))
    lower_of_cased = lowered.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    ends_sentence = pc.match_substring_regex(raw, SENTENCE_END).to_numpy(zero_copy_only=False)[codes]
    opens_span = pc.match_substring_regex(raw, OPENS_SPAN).to_numpy(zero_copy_only=False)[codes]
    first_in_note = np.ones(len(rows), bool)
    first_in_note[1:] = rows[1:] != rows[:-1]
    sentence_start = first_in_note
    sentence_start[1:] |= ends_sentence[:-1]
    cased_codes = cased_of_raw[codes]
    return Tokens(
        row=rows,
        cased=cased_codes,
        cased_vocab=cased.dictionary,
        lower=lower_of_cased[cased_codes],
        lower_vocab=lowered.dictionary,
        sentence_start=sentence_start,
        marked=opens_span,
        handle=pc.starts_with(raw, "@").to_numpy(zero_copy_only=False)[codes],
        quoted=pc.match_substring_regex(raw, OPENS_QUOTE).to_numpy(zero_copy_only=False)[codes],
    )


@dataclass(kw_only=True)
class TalkTerms:
    """Tokens of notes and titles attributed to talks, over one lower-case vocabulary:
    the token stream themes.py scores and the counts keywords.py weighs.

    Talks are every talk_id of `talks`, in its order, then those only in the notes.
    Note tokens come first (in note order), then title tokens (in `talks` order).
    """

    talk_ids: np.ndarray  # int64, talk of each talk position
    n_notes: np.ndarray  # notes per talk position
    vocab: pa.Array  # lower-case terms: the notes' vocabulary, then title-only words (sorted)
    talk: np.ndarray  # talk position of each token (-1: a note without talk)
    term: np.ndarray  # vocab code of each token
    segment: np.ndarray  # note row, or n_notes_rows + title row: tokens of one segment are adjacent
    n_note_tokens: int  # tokens [0, n_note_tokens) are note tokens, the rest title tokens

    @cached_property
    def vocab_list(self) -> list[str]:
        return self.vocab.to_pylist()


@dataclass(kw_only=True)
class Prepared:
    """Note texts of a notes frame, sorted by note_id, as Arrow arrays; tokens on demand.

    `masked` is the text with URLs replaced by one space; `lower` is `masked`
    lower-cased with the same length in characters, so an offset found in
    `lower` is valid in `masked`.
    """

    notes: pd.DataFrame  # note_id, talk_id, text (kind, title_chars) sorted by note_id, index 0..n-1
    masked: pa.Array
    lower: pa.Array
    _talk_terms: tuple = field(default=(), repr=False)  # (talks frame, its TalkTerms)

    @cached_property
    def tokens(self) -> Tokens:
        return _tokens_of(self.masked)

    @cached_property
    def code_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """(note is a code note, note has a backtick) per row."""
        kinds = self.notes.get("kind")
        code_note = np.zeros(len(self.notes), bool)
        if kinds is not None:
            code_note = np.asarray(kinds.astype(object) == "code", bool)
        return code_note, pc.match_substring(self.masked, "`").to_numpy(zero_copy_only=False)

    @cached_property
    def talk_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """(talk_id of each note as int64 with 0 for none, bool: note has a talk)."""
        talk = self.notes["talk_id"]
        has = talk.notna().to_numpy()
        return talk.to_numpy(dtype=np.int64, na_value=0), has

    def talk_terms(self, talks: pd.DataFrame) -> TalkTerms:
        """The talk token stream for `talks`; built once per talks frame."""
        if self._talk_terms and self._talk_terms[0] is talks:
            return self._talk_terms[1]
        built = _talk_terms(self, talks)
        self._talk_terms = (talks, built)
        return built


def prepare(notes: pd.DataFrame) -> Prepared:
    """Text preparation of a notes frame (columns note_id, talk_id, text), shared by
    find_mentions, find_candidates, assign_themes and talk_keywords (`prepared=`)."""
    ordered = _ordered(notes)
    masked = mask_urls(as_arrow_strings(ordered["text"]))
    return Prepared(notes=ordered, masked=masked, lower=lower_same_length(masked))


def _ordered(notes: pd.DataFrame) -> pd.DataFrame:
    # `kind` (code notes) and `title_chars` (a segment title heading the text) when present.
    ordered = notes[["note_id", "talk_id", "text", *(c for c in ("kind", "title_chars") if c in notes.columns)]]
    if not ordered["note_id"].is_monotonic_increasing:
        ordered = ordered.sort_values("note_id", kind="stable")
    return ordered.reset_index(drop=True)


def prepare_part(whole: Prepared, notes: pd.DataFrame) -> Prepared:
    """`prepare(notes)` where `notes` are some of the notes `whole` was prepared from (note ids
    unique in `whole`): URL masking and lower-casing work text by text, so their results are
    taken from `whole` rather than computed again."""
    ordered = _ordered(notes)
    rows = pd.Index(whole.notes["note_id"]).get_indexer(ordered["note_id"])
    if not whole.notes["note_id"].is_unique or (rows < 0).any():
        return prepare(notes)
    rows = pa.array(rows.astype(np.int64))
    return Prepared(notes=ordered, masked=whole.masked.take(rows), lower=whole.lower.take(rows))


def _title_tokens(talks: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pa.Array]:
    """(row in the titled talks, lower-case code, lower-case vocabulary) of title tokens,
    and the talk_id of each titled talk."""
    rows, codes, _, core = tokenize(as_arrow_strings(talks["title"]))
    lowered = pc.dictionary_encode(pc.utf8_lower(core))
    return rows, lowered.indices.to_numpy(zero_copy_only=False).astype(np.int64)[codes], lowered.dictionary


def talk_ids_of(notes: pd.DataFrame, talks: pd.DataFrame) -> np.ndarray:
    """Every talk_id of `talks`, in its order, then those only in the notes (TalkTerms' rows)."""
    titled = talks["talk_id"].dropna().to_numpy(dtype=np.int64)
    noted = notes["talk_id"].dropna().to_numpy(dtype=np.int64)
    return pd.unique(np.concatenate([titled, noted])).astype(np.int64)


def _talk_terms(prepared: Prepared, talks: pd.DataFrame) -> TalkTerms:
    tokens = prepared.tokens
    note_talk, has_talk = prepared.talk_codes
    titled = talks[["talk_id", "title"]]
    titled = titled[titled["talk_id"].notna()].reset_index(drop=True)
    title_talk_ids = titled["talk_id"].to_numpy(dtype=np.int64)
    talk_ids = talk_ids_of(prepared.notes, talks)
    position = pd.Index(talk_ids)
    talk_of_note = np.where(has_talk, position.get_indexer(note_talk), -1)
    n_notes = np.bincount(talk_of_note[has_talk], minlength=len(talk_ids))

    title_rows, title_codes, title_vocab = _title_tokens(titled)
    # One vocabulary: the notes' terms, then title words new to the notes, sorted.
    in_notes = pc.index_in(title_vocab, value_set=tokens.lower_vocab).fill_null(-1)
    in_notes = in_notes.to_numpy(zero_copy_only=False).astype(np.int64)
    new = np.flatnonzero(in_notes < 0)
    new_words = title_vocab.take(pa.array(new, pa.int64()))
    order = pc.array_sort_indices(new_words).to_numpy().astype(np.int64)
    title_map = in_notes.copy()
    title_map[new[order]] = len(tokens.lower_vocab) + np.arange(len(new))
    vocab = pa.concat_arrays([tokens.lower_vocab, new_words.take(pa.array(order, pa.int64()))])

    return TalkTerms(
        talk_ids=talk_ids.astype(np.int64),
        n_notes=n_notes,
        vocab=vocab,
        talk=np.concatenate([talk_of_note[tokens.row], position.get_indexer(title_talk_ids)[title_rows]]),
        term=np.concatenate([tokens.lower, title_map[title_codes]]),
        segment=np.concatenate([tokens.row, len(prepared.notes) + title_rows]),
        n_note_tokens=len(tokens.row),
    )

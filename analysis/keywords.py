"""Distinctive terms per talk (TF-IDF) and related talks, plus the shared word tokens.

Tokens are made once per notes frame with Arrow's RE2 kernels (no Python loop
over notes or words) and cached by a hash of the text, because themes.py,
candidates.py and this module all need the same tokens.  A token is a run of
characters other than whitespace and a little punctuation, so "containerd",
"k8s", "ci/cd", "docker-compose", "portainer.io" and "c++" survive as one term:
a token is what lies between whitespace, with punctuation ("`", "[", ".", ":",
quotes, brackets) trimmed off its ends but remembered, because candidates.py needs to know where sentences, code spans and link
labels start.

TF-IDF: each talk is one document (its notes + its title); unigrams only (bigrams
double the work for little gain at archive scale); sklearn's ENGLISH_STOP_WORDS
plus note-taking words are dropped, as are numbers and one-letter tokens.
Weights come from sklearn's TfidfTransformer (smooth idf, sublinear tf, l2 norm).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfTransformer

from analysis.mentions import ArchiveText, fingerprint

# Tokens are split on whitespace; this punctuation is trimmed off their ends
# ("c#" keeps its "#", "c++" its "+", "k8s." loses its ".").
LEADING_PUNCTUATION = "`[](){}<>\"'“”‘’*_~,;:.!?-/@#$%&=|\\"
TRAILING_PUNCTUATION = "`[](){}<>\"'“”‘’*_~,;:.!?-/@$%&=|\\"
SENTENCE_END = r"[.!?:][\"'”’)]*$"  # a raw token ending like this ends a sentence
OPENS_SPAN = r"^[(\"“'‘]*[`\[]"  # a raw token starting like this opens a `code span` or [link label]

NOTE_TAKING_WORDS = frozenset(
    """
    talk talks slide slides demo demos speaker speakers presentation question questions
    q a qa note notes like just really pretty lot lots thing things way ways use used
    using uses want wants need needs make makes making good great new different also
    did does doing don didn doesn isn aren won can't people time day today
    """.split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | NOTE_TAKING_WORDS

KEYWORD_COLUMNS = {"talk_id": "Int64", "term": "string", "score": "Float64"}
RELATED_COLUMNS = {"talk_id": "Int64", "title": "string", "similarity": "Float64"}


# ------------------------------------------------------------------------ tokens


@dataclass
class Tokens:
    """Every token of every note, as parallel arrays in note order."""

    notes: pd.DataFrame  # the notes, sorted by note_id, index 0..n-1 (rows below refer to it)
    row: np.ndarray  # note row of each token
    cased: np.ndarray  # code into cased_vocab
    cased_vocab: np.ndarray  # object array: distinct tokens as written
    lower: np.ndarray  # code into lower_vocab
    lower_vocab: np.ndarray  # object array: distinct lower-case tokens
    sentence_start: np.ndarray  # bool: first token of its note or after . ! ? :
    marked: np.ndarray  # bool: token opened a `code span` or [link label]
    handle: np.ndarray  # bool: token was written as @name (a social-media handle)


_TOKEN_CACHE: dict[str, Tokens] = {}


def tokenize(texts: pa.Array) -> tuple[np.ndarray, np.ndarray, pa.Array, pa.Array]:
    """Split texts into tokens.

    Returns (row of each token, code of each token, raw forms, trimmed forms),
    the last two indexed by code.  Texts are split on whitespace only (Arrow's
    fast path); punctuation is then trimmed off the ends of each *distinct*
    token, which is far less work than trimming every occurrence.
    """
    pieces = pc.utf8_split_whitespace(texts)
    rows = pc.list_parent_indices(pieces).to_numpy()
    encoded = pc.dictionary_encode(pc.list_flatten(pieces))
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    raw = encoded.dictionary
    core = pc.utf8_rtrim(pc.utf8_ltrim(raw, LEADING_PUNCTUATION), TRAILING_PUNCTUATION)
    keep = pc.greater(pc.utf8_length(core), 0).to_numpy(zero_copy_only=False)[codes]
    return rows[keep], codes[keep], raw, core


def note_tokens(notes: pd.DataFrame) -> Tokens:
    """Tokens of a notes frame (cached by content, so repeated calls are free)."""
    key = fingerprint(notes)
    if key not in _TOKEN_CACHE:
        _TOKEN_CACHE.clear()  # keep one archive: the cache is for calls on the same frame
        _TOKEN_CACHE[key] = _note_tokens(notes)
    return _TOKEN_CACHE[key]


def _note_tokens(notes: pd.DataFrame) -> Tokens:
    text = ArchiveText.from_notes(notes)
    rows, codes, raw, core = tokenize(text.masked)
    # Everything below works on distinct tokens, then spreads through the codes.
    cased = pc.dictionary_encode(core)
    cased_of_raw = cased.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    lowered = pc.dictionary_encode(pc.utf8_lower(cased.dictionary))
    lower_of_cased = lowered.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    ends_sentence = pc.match_substring_regex(raw, SENTENCE_END).to_numpy(zero_copy_only=False)[codes]
    opens_span = pc.match_substring_regex(raw, OPENS_SPAN).to_numpy(zero_copy_only=False)[codes]
    first_in_note = np.ones(len(rows), bool)
    first_in_note[1:] = rows[1:] != rows[:-1]
    sentence_start = first_in_note.copy()
    sentence_start[1:] |= ends_sentence[:-1]
    cased_codes = cased_of_raw[codes]
    return Tokens(
        notes=text.notes,
        row=rows,
        cased=cased_codes,
        cased_vocab=np.array(cased.dictionary.to_pylist(), dtype=object),
        lower=lower_of_cased[cased_codes],
        lower_vocab=np.array(lowered.dictionary.to_pylist(), dtype=object),
        sentence_start=sentence_start,
        marked=opens_span,
        handle=pc.starts_with(raw, "@").to_numpy(zero_copy_only=False)[codes],
    )


# ----------------------------------------------------------------------- matrix


@dataclass
class TermMatrix:
    """Talk x term counts (notes + title) and its TF-IDF form, rows in `talk_ids` order."""

    talk_ids: np.ndarray
    terms: np.ndarray  # object array, column labels
    counts: sparse.csr_matrix
    tfidf: sparse.csr_matrix


def _is_keyword_term(vocab: np.ndarray) -> np.ndarray:
    """Vocabulary filter: no stop words, at least two characters, at least one letter."""
    series = pd.Series(vocab, dtype="string[pyarrow]")
    shaped = series.str.len().ge(2) & series.str.contains(r"[^\W\d_]", regex=True)
    return (shaped & ~series.isin(STOP_WORDS)).to_numpy(dtype=bool, na_value=False)


def talk_term_matrix(notes: pd.DataFrame, talks: pd.DataFrame) -> TermMatrix:
    """Counts of keyword terms per talk, from the notes and the talk title."""
    tokens = note_tokens(notes)
    talk_ids = pd.Index(pd.concat([talks["talk_id"], tokens.notes["talk_id"]]).dropna().astype("int64").unique())
    note_talk = talk_ids.get_indexer(tokens.notes["talk_id"].astype("Int64").to_numpy(dtype=np.float64, na_value=np.nan))

    titles = talks[["talk_id", "title"]].dropna(subset=["talk_id"])
    title_text = pa.array(titles["title"].astype("string[pyarrow]"), from_pandas=True)
    if isinstance(title_text, pa.ChunkedArray):
        title_text = title_text.combine_chunks()
    title_rows, title_codes_raw, _, title_core = tokenize(title_text.fill_null(""))
    title_lower = pc.utf8_lower(title_core).to_numpy(zero_copy_only=False)[title_codes_raw]

    # One vocabulary for notes and titles: title words new to the notes are appended.
    vocab = pd.Index(tokens.lower_vocab)
    extra = pd.Index(title_lower).difference(vocab)
    vocab = vocab.append(extra)
    title_codes = vocab.get_indexer(title_lower)
    title_talk = talk_ids.get_indexer(titles["talk_id"].astype("int64").to_numpy()[title_rows])

    doc = np.concatenate([note_talk[tokens.row], title_talk])
    term = np.concatenate([tokens.lower, title_codes])
    valid = doc >= 0
    counts = sparse.csr_matrix(
        (np.ones(valid.sum(), np.float64), (doc[valid], term[valid])), shape=(len(talk_ids), len(vocab))
    )
    keep = _is_keyword_term(vocab.to_numpy(dtype=object))
    counts = counts[:, np.flatnonzero(keep)]
    counts.sum_duplicates()
    if counts.shape[0] == 0 or counts.shape[1] == 0:
        tfidf = counts.copy()  # nothing to weigh (sklearn refuses empty matrices)
    else:
        tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    return TermMatrix(talk_ids.to_numpy(), vocab.to_numpy(dtype=object)[keep], counts.tocsr(), tfidf.tocsr())


def top_per_row(matrix: sparse.csr_matrix, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, value) of the n largest stored values of each row, best first;
    ties broken by column (alphabetical when columns are sorted terms)."""
    coo = matrix.tocoo()
    order = np.lexsort((coo.col, -coo.data, coo.row))
    rows, cols, values = coo.row[order], coo.col[order], coo.data[order]
    first_of_row = np.searchsorted(rows, rows, side="left")
    rank = np.arange(len(rows)) - first_of_row
    keep = rank < n
    return rows[keep], cols[keep], values[keep]


def talk_keywords(notes: pd.DataFrame, talks: pd.DataFrame, top_n: int = 8) -> pd.DataFrame:
    """The top_n terms that set each talk apart: talk_id, term, score (TF-IDF)."""
    if notes.empty and talks.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in KEYWORD_COLUMNS.items()})
    matrix = talk_term_matrix(notes, talks)
    rows, cols, values = top_per_row(matrix.tfidf, top_n)
    frame = pd.DataFrame({"talk_id": matrix.talk_ids[rows], "term": matrix.terms[cols], "score": values})
    return frame.astype(KEYWORD_COLUMNS).reset_index(drop=True)


def related_talks(notes: pd.DataFrame, talks: pd.DataFrame, talk_id: int, n: int = 5) -> pd.DataFrame:
    """The n talks most similar to `talk_id` (cosine of TF-IDF rows), itself excluded."""
    matrix = talk_term_matrix(notes, talks)
    position = np.flatnonzero(matrix.talk_ids == talk_id)
    if len(position) == 0:
        raise KeyError(f"talk_id {talk_id} has no notes or title")
    # Rows are l2-normalised, so the dot product is the cosine similarity.
    similarity = (matrix.tfidf @ matrix.tfidf[position[0]].T).toarray().ravel()
    similarity[position[0]] = -1.0
    best = np.argsort(-similarity, kind="stable")[:n]
    best = best[similarity[best] > 0]
    titles = talks.drop_duplicates("talk_id").set_index("talk_id")["title"]
    ids = matrix.talk_ids[best]
    frame = pd.DataFrame({"talk_id": ids, "title": titles.reindex(ids).to_numpy(), "similarity": similarity[best]})
    return frame.astype(RELATED_COLUMNS)


# ------------------------------------------------------------- talk token stream


@dataclass
class TalkTokens:
    """Tokens of notes and titles, attributed to talks, over one lower-case vocabulary.

    Used by themes.py: `segment` tells which tokens are adjacent (same note or
    same title), so phrases can be matched on consecutive tokens.
    """

    talk_ids: np.ndarray  # talk of each row position below
    talk: np.ndarray  # index into talk_ids, per token (-1: note without talk)
    term: np.ndarray  # index into vocab, per token
    in_title: np.ndarray  # bool per token
    segment: np.ndarray  # note row, or len(notes) + title row
    vocab: np.ndarray  # object array of lower-case terms
    n_notes: np.ndarray  # notes per talk, per talk_ids position


def _title_tokens(talks: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(talk_id of each title token, its row in `talks`, lower-case token)."""
    titles = talks[["talk_id", "title"]].dropna(subset=["talk_id"]).reset_index(drop=True)
    title_text = pa.array(titles["title"].astype("string[pyarrow]"), from_pandas=True)
    if isinstance(title_text, pa.ChunkedArray):
        title_text = title_text.combine_chunks()
    rows, codes, _, core = tokenize(title_text.fill_null(""))
    lower = pc.utf8_lower(core).to_numpy(zero_copy_only=False)[codes]
    return titles["talk_id"].astype("int64").to_numpy()[rows], rows, lower


def talk_tokens(notes: pd.DataFrame, talks: pd.DataFrame) -> TalkTokens:
    tokens = note_tokens(notes)
    note_talk_ids = tokens.notes["talk_id"].astype("Int64")
    talk_ids = pd.Index(note_talk_ids.dropna().astype("int64").unique())
    talk_of_note = talk_ids.get_indexer(note_talk_ids.to_numpy(dtype=np.float64, na_value=np.nan))
    title_talk_ids, title_rows, title_lower = _title_tokens(talks)
    title_talk = talk_ids.get_indexer(title_talk_ids)  # titles of talks without notes: -1, dropped
    vocab = pd.Index(tokens.lower_vocab)
    vocab = vocab.append(pd.Index(title_lower).unique().difference(vocab))
    keep = title_talk >= 0
    n_notes = np.bincount(talk_of_note[talk_of_note >= 0], minlength=len(talk_ids))
    return TalkTokens(
        talk_ids=talk_ids.to_numpy(),
        talk=np.concatenate([talk_of_note[tokens.row], title_talk[keep]]),
        term=np.concatenate([tokens.lower, vocab.get_indexer(title_lower[keep])]),
        in_title=np.concatenate([np.zeros(len(tokens.row), bool), np.ones(keep.sum(), bool)]),
        segment=np.concatenate([tokens.row, len(tokens.notes) + title_rows[keep]]),
        vocab=vocab.to_numpy(dtype=object),
        n_notes=n_notes,
    )

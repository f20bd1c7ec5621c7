"""Distinctive terms per talk (TF-IDF) and related talks.

Tokens come from textprep.py (shared with themes.py and candidates.py
through `prepared=`); the talk x term counts are TextPrep's TalkTerms, the same
token stream themes.py scores, so the matrix is built once per load.

TF-IDF: each talk is one document (its notes + its title); unigrams only (bigrams
double the work for little gain at archive scale); English stop words (the
scikit-learn list) plus note-taking words are dropped, as are contractions of
stop words ("don't", "it's", "they're"), numbers and one-letter tokens.  Weights
are scikit-learn's TfidfTransformer's (smooth idf, sublinear tf, l2 norm),
computed with numpy on the sorted codes: importing scikit-learn and scipy would
cost more than the whole computation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._memory import release_free_memory
from ..frames.schema import SCHEMA
from ._stopwords import ENGLISH_STOP_WORDS
from .textprep import Prepared, TalkTerms, as_arrow_strings, prepare, regex_flags, string_array

NOTE_TAKING_WORDS = frozenset(
    """
    talk talks slide slides demo demos speaker speakers presentation question questions
    q a qa note notes like just really pretty lot lots thing things way ways use used
    using uses want wants need needs make makes making good great new different also
    did does doing don didn doesn isn aren won can't people time day today
    """.split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | NOTE_TAKING_WORDS
APOSTROPHES = "'’"

KEYWORD_COLUMNS = SCHEMA["keywords"]
RELATED_COLUMNS = {"talk_id": "Int64", "title": "string", "similarity": "Float64"}


# ----------------------------------------------------------------------- matrix


@dataclass(kw_only=True)
class TermMatrix:
    """Talk x term TF-IDF weights as CSR arrays (rows in `talk_ids` order, columns
    in `terms` order, sorted within each row), and the raw counts."""

    talk_ids: np.ndarray
    terms: pa.Array  # column labels
    indptr: np.ndarray  # row r holds entries indptr[r]:indptr[r + 1]
    indices: np.ndarray  # column of each entry
    counts: np.ndarray  # count of each entry (notes + title)
    tfidf: np.ndarray  # TF-IDF weight of each entry

    @property
    def rows(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.talk_ids), dtype=np.int64), np.diff(self.indptr))


def _stop_array() -> pa.Array:
    return pa.array(sorted(STOP_WORDS), pa.large_string())


def _is_keyword_term(vocab: pa.Array) -> np.ndarray:
    """Vocabulary filter: no stop words nor contractions of them ("don't", "it's",
    "they're", "wasn't"), at least two characters, at least one letter."""
    is_ascii = pc.string_is_ascii(vocab).to_numpy(zero_copy_only=False)
    shaped = pc.greater_equal(pc.utf8_length(vocab), 2).to_numpy(zero_copy_only=False)
    shaped &= regex_flags(vocab, is_ascii, r"[^\W\d_]", "search")
    stop = _stop_array()
    is_stop = pc.is_in(vocab, value_set=stop).to_numpy(zero_copy_only=False)
    # Contractions: the part before the apostrophe is a stop word ("they're" -> "they"),
    # or is one once the "n" of "n't" is dropped ("wasn't" -> "was").
    has_apostrophe = pc.match_substring_regex(vocab, f"[{APOSTROPHES}]").to_numpy(zero_copy_only=False)
    if has_apostrophe.any():
        stem = pc.replace_substring_regex(vocab, f"[{APOSTROPHES}].*$", "")
        contraction = pc.is_in(stem, value_set=stop).to_numpy(zero_copy_only=False)
        negated = pc.match_substring_regex(vocab, f"n[{APOSTROPHES}]t$").to_numpy(zero_copy_only=False)
        without_n = pc.replace_substring_regex(stem, "n$", "")
        contraction |= negated & pc.is_in(without_n, value_set=stop).to_numpy(zero_copy_only=False)
        is_stop |= has_apostrophe & contraction
    return shaped & ~is_stop


def _within_row_order(rows: np.ndarray, values: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Order of entries by row, then value (largest first), then column.

    Entries come sorted by (row, column), so one stable sort of row + (1 - value)
    does it (values are in (0, 1]); the result is checked exactly, and an exact
    (slower) lexsort is used in the unlikely case rounding merged two values."""
    order = np.argsort(rows + (1.0 - values), kind="stable")
    r, v, c = rows[order], values[order], cols[order]
    same_row = r[1:] == r[:-1]
    wrong = same_row & ((v[1:] > v[:-1]) | ((v[1:] == v[:-1]) & (c[1:] < c[:-1])))
    if wrong.any():
        return np.lexsort((cols, -values, rows))
    return order


TERM_COUNT_COLUMNS = {"talk_id": "int64", "term": "string", "count": "int64"}
TERM_FIRST_COLUMNS = {"term": "string", "note_id": "int64", "position": "int64"}


def talk_term_counts(notes: pd.DataFrame, talks: pd.DataFrame, *, prepared: Prepared | None = None) -> dict[str, pd.DataFrame]:
    """Keyword-term counts per talk of some notes and talks (any chunk of a load):
    `term_counts` (talk_id, term, count) and `term_first` (term, note_id, position: the
    term's first note token, which orders the matrix's columns as one pass over every
    note would). Counting is most of the keywords' work, so the loader does it per chunk,
    in the worker processes; `keywords_from_counts` weighs the stacked counts once."""
    prepared = prepared if prepared is not None else prepare(notes)
    stream: TalkTerms = prepared.talk_terms(talks)
    keep = _is_keyword_term(stream.vocab)
    n_terms = max(len(keep), 1)
    valid = (stream.talk >= 0) & keep[stream.term] if len(keep) else np.zeros(len(stream.term), bool)
    key = stream.talk[valid] * n_terms + stream.term[valid]
    key = key[np.argsort(key, kind="stable")]  # notes come in talk order: mostly sorted already
    boundary = np.ones(len(key), bool)
    boundary[1:] = key[1:] != key[:-1]
    starts = np.flatnonzero(boundary)
    rows, cols = np.divmod(key[starts], n_terms)
    counts = pd.DataFrame({
        "talk_id": stream.talk_ids[rows],
        "term": string_array(stream.vocab.take(pa.array(cols, pa.int64()))),
        "count": np.diff(np.append(starts, len(key))),
    })
    # First note token of each kept term (title-only words have none).
    note_terms = stream.term[: stream.n_note_tokens]
    kept_positions = np.flatnonzero(keep[note_terms]) if len(keep) else np.zeros(0, np.int64)
    codes, first = np.unique(note_terms[kept_positions], return_index=True)
    positions = kept_positions[first]
    note_ids = prepared.notes["note_id"].to_numpy(dtype=np.int64)[stream.segment[positions]]
    firsts = pd.DataFrame({
        "term": string_array(stream.vocab.take(pa.array(codes, pa.int64()))),
        "note_id": note_ids,
        "position": positions,
    })
    return {"term_counts": counts.astype(TERM_COUNT_COLUMNS), "term_first": firsts.astype(TERM_FIRST_COLUMNS)}


def keywords_from_counts(counts: pd.DataFrame, firsts: pd.DataFrame, talk_ids: np.ndarray) -> TermMatrix:
    """The TF-IDF matrix of stacked `talk_term_counts` of every chunk of a load.

    Rows are `talk_ids` in order (every talk: one without keyword terms still counts in
    the idf); columns are terms in order of first note token (note_id, then position),
    then title-only words sorted, as `talk_term_matrix` orders them in one pass."""
    terms, col = _term_columns(counts, firsts)
    n_rows, n_cols = len(talk_ids), len(terms)
    row = pd.Index(talk_ids).get_indexer(counts["talk_id"].to_numpy(dtype=np.int64))
    key = row.astype(np.int64) * max(n_cols, 1) + col
    order = np.argsort(key, kind="stable")
    rows, indices = np.divmod(key[order], max(n_cols, 1))
    values = counts["count"].to_numpy(dtype=np.float64)[order]
    indptr = np.searchsorted(rows, np.arange(n_rows + 1))
    return _weighed(np.asarray(talk_ids, np.int64), terms, indptr, rows, indices, values, _idf(indices, n_rows, n_cols))


def _term_columns(counts: pd.DataFrame, firsts: pd.DataFrame) -> tuple[pa.Array, np.ndarray]:
    """(column labels, column of each row of `counts`). `counts["term"]` is strings, or a
    categorical (the codes of one vocabulary: a big file read in pieces, analysis/_load_pieces.py)."""
    # Work on Arrow dictionary codes: a load has hundreds of thousands of (talk, term) rows.
    seen = firsts.sort_values(["note_id", "position"], kind="stable").drop_duplicates("term")["term"]
    term = counts["term"]
    if isinstance(term.dtype, pd.CategoricalDtype):
        codes = term.cat.codes.to_numpy()
        used = np.flatnonzero(np.bincount(codes, minlength=len(term.cat.categories)))  # as dictionary_encode: present terms only
        local = np.full(len(term.cat.categories), -1, np.int32)
        local[used] = np.arange(len(used), dtype=np.int32)
        distinct = pa.array(term.cat.categories.to_numpy(dtype=object)[used], pa.large_string())
        local_codes = local[codes]
        del codes, local
    else:
        encoded = pc.dictionary_encode(as_arrow_strings(term))
        distinct = encoded.dictionary
        local_codes = encoded.indices.to_numpy(zero_copy_only=False)
        del encoded
    seen_terms = as_arrow_strings(seen)
    rank = pc.index_in(distinct, value_set=seen_terms)
    is_seen = pc.is_valid(rank).to_numpy(zero_copy_only=False)
    title_only = np.flatnonzero(~is_seen)
    title_order = title_only[pc.array_sort_indices(distinct.take(pa.array(title_only, pa.int64()))).to_numpy()]
    # int32: one column per row of `counts` (millions for a big file); callers widen per block.
    column_of = rank.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64 if len(distinct) > 2**31 - 1 else np.int32)
    column_of[title_order] = len(seen) + np.arange(len(title_order))
    # Column labels: every seen term (some may have no count left after filtering), then title-only words.
    terms = pa.concat_arrays([seen_terms, distinct.take(pa.array(title_order, pa.int64()))])
    return terms, column_of[local_codes]


def _idf(indices: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    # TfidfTransformer(smooth_idf=True): idf = ln((1 + n) / (1 + df)) + 1.
    df = np.bincount(indices, minlength=n_cols).astype(np.float64) + 1.0
    return np.log(np.full(n_cols, float(n_rows + 1)) / df) + 1.0


def _weighed(talk_ids: np.ndarray, terms: pa.Array, indptr: np.ndarray, rows: np.ndarray, indices: np.ndarray,
             values: np.ndarray, idf: np.ndarray) -> TermMatrix:
    """The matrix of entries sorted by (row, column): sublinear tf = 1 + ln(count), times idf, rows l2-normalised."""
    weights = (np.log(values) + 1.0) * idf[indices]
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(talk_ids)))
    norms[norms == 0.0] = 1.0
    tfidf = weights / norms[rows]
    return TermMatrix(talk_ids=talk_ids, terms=terms, indptr=indptr, indices=indices, counts=values, tfidf=tfidf)


ROWS_PER_BLOCK_ENTRIES = 200_000  # (talk, term) entries weighed at a time by keywords_of_counts (~60 bytes each)


def keywords_of_counts(counts: pd.DataFrame, firsts: pd.DataFrame, talk_ids: np.ndarray, top_n: int = 8) -> pd.DataFrame:
    """`keywords_of(keywords_from_counts(...))`, value for value, in bounded memory.

    A 200 MB file has ~14 million (talk, term) counts, and the whole matrix's arrays (keys,
    order, rows, columns, weights, tf-idf, ranks) were ~4x the file. Only the idf needs every
    row; a row's weights need only its own entries. So when the counts come in row order (as
    chunks and pieces stack them) rows are weighed a block at a time, each block's entries
    sorted by column exactly as the whole matrix sorts them, so every sum adds the same
    numbers in the same order."""
    talk_ids = np.asarray(talk_ids, np.int64)
    n_rows = len(talk_ids)
    talk = counts["talk_id"].to_numpy()
    if n_rows and np.array_equal(talk_ids, np.arange(n_rows)):
        row = talk if talk.dtype.kind == "i" else talk.astype(np.int64)  # ids are the rows: no lookup
    else:
        row = pd.Index(talk_ids).get_indexer(talk.astype(np.int64))
    if len(row) and (row.min() < 0 or (row[1:] < row[:-1]).any()):
        return keywords_of(keywords_from_counts(counts, firsts, talk_ids), top_n)
    terms, col = _term_columns(counts, firsts)
    release_free_memory()  # the encoding's arrays (several times the counts' rows) are freed
    n_cols = len(terms)
    idf = _idf(col, n_rows, n_cols)
    count = counts["count"].to_numpy()
    row_starts = np.searchsorted(row, np.arange(n_rows + 1))
    kept_rows, kept_cols, kept_values = [], [], []
    first = 0
    while first < n_rows:
        last = int(np.searchsorted(row_starts, row_starts[first] + ROWS_PER_BLOCK_ENTRIES, side="right")) - 1
        last = min(max(last, first + 1), n_rows)
        start, stop = row_starts[first], row_starts[last]
        key = (row[start:stop] - first).astype(np.int64) * max(n_cols, 1) + col[start:stop]
        order = np.argsort(key, kind="stable")
        rows, indices = np.divmod(key[order], max(n_cols, 1))
        values = count[start:stop].astype(np.float64)[order]
        indptr = np.searchsorted(rows, np.arange(last - first + 1))
        block = _weighed(talk_ids[first:last], terms, indptr, rows, indices, values, idf)
        block_rows, block_cols, block_values = top_per_row(block, top_n)
        kept_rows.append(block_rows + first)
        kept_cols.append(block_cols)
        kept_values.append(block_values)
        first = last
    del row, col, count
    rows = np.concatenate(kept_rows) if kept_rows else np.zeros(0, np.int64)
    cols = np.concatenate(kept_cols) if kept_cols else np.zeros(0, np.int64)
    values = np.concatenate(kept_values) if kept_values else np.zeros(0, np.float64)
    return _keywords_frame(talk_ids[rows], terms.take(pa.array(cols, pa.int64())), values)


def talk_term_matrix(notes: pd.DataFrame, talks: pd.DataFrame, *, prepared: Prepared | None = None) -> TermMatrix:
    """Counts and TF-IDF of keyword terms per talk, from the notes and the talk title."""
    prepared = prepared if prepared is not None else prepare(notes)
    counted = talk_term_counts(notes, talks, prepared=prepared)
    return keywords_from_counts(counted["term_counts"], counted["term_first"], prepared.talk_terms(talks).talk_ids)


def top_per_row(matrix: TermMatrix, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, value) of the n largest TF-IDF values of each row, best first;
    ties broken by column (alphabetical when columns are sorted terms)."""
    rows = matrix.rows
    order = _within_row_order(rows, matrix.tfidf, matrix.indices)
    rank = np.arange(len(order)) - matrix.indptr[rows[order]]
    order = order[rank < n]
    return rows[order], matrix.indices[order], matrix.tfidf[order]


def talk_keywords(notes: pd.DataFrame, talks: pd.DataFrame, top_n: int = 8, *, prepared: Prepared | None = None) -> pd.DataFrame:
    """The top_n terms that set each talk apart: talk_id, term, score (TF-IDF).

    `prepared` is `prepare(notes)` when the caller shares it with the other
    enrichment steps (built here otherwise)."""
    if notes.empty and talks.empty:
        return empty_keywords()
    return keywords_of(talk_term_matrix(notes, talks, prepared=prepared), top_n)


def keywords_of(matrix: TermMatrix, top_n: int = 8) -> pd.DataFrame:
    """The keywords frame of a matrix: the top_n terms of each row."""
    rows, cols, values = top_per_row(matrix, top_n)
    return _keywords_frame(matrix.talk_ids[rows], matrix.terms.take(pa.array(cols, pa.int64())), values)


def _keywords_frame(talk_ids: np.ndarray, terms: pa.Array, scores: np.ndarray) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "talk_id": pd.array(talk_ids, dtype="Int64"),
            "term": string_array(terms),
            "score": pd.array(scores, dtype="Float64"),
        }
    )
    return frame.astype(KEYWORD_COLUMNS).reset_index(drop=True)


def empty_keywords() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in KEYWORD_COLUMNS.items()})


def related_talks(notes: pd.DataFrame, talks: pd.DataFrame, talk_id: int, n: int = 5, *, prepared: Prepared | None = None) -> pd.DataFrame:
    """The n talks most similar to `talk_id` (cosine of TF-IDF rows), itself excluded."""
    matrix = talk_term_matrix(notes, talks, prepared=prepared)
    position = np.flatnonzero(matrix.talk_ids == talk_id)
    if len(position) == 0:
        raise KeyError(f"talk_id {talk_id} has no notes or title")
    # Rows are l2-normalised, so the dot product is the cosine similarity.
    target = np.zeros(len(matrix.terms))
    own = slice(matrix.indptr[position[0]], matrix.indptr[position[0] + 1])
    target[matrix.indices[own]] = matrix.tfidf[own]
    similarity = np.bincount(matrix.rows, weights=matrix.tfidf * target[matrix.indices], minlength=len(matrix.talk_ids))
    similarity[position[0]] = -1.0
    best = np.argsort(-similarity, kind="stable")[:n]
    best = best[similarity[best] > 0]
    titles = talks.drop_duplicates("talk_id").set_index("talk_id")["title"]
    ids = matrix.talk_ids[best]
    frame = pd.DataFrame({"talk_id": ids, "title": titles.reindex(ids).to_numpy(), "similarity": similarity[best]})
    return frame.astype(RELATED_COLUMNS)

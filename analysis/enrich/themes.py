"""Assign broad themes to talks from keywords and product mentions.

The taxonomy (analysis/lexicon/themes.toml, read by lexicon.py) lists, per theme, keywords (words
or 2-3 word phrases), products, and product categories.  Scoring, kept simple
on purpose so a reader can check it by hand:

    score = (1 x keyword hits in notes + 3 x keyword hits in the title
             + 2 x mentions of the theme's products) / sqrt(1 + notes in the talk)

A talk keeps its `top_n` themes scoring at least MIN_SCORE; a talk with notes
but no such theme gets one "Other" row with score 0.  Keyword matching runs on
the shared token stream of textprep.py (no extra pass over the text):
single words match simple inflections (see themes.toml), phrases match
consecutive tokens of one note or title.  The token stream is textprep's
TalkTerms, shared with keywords.py through `prepared=`; all the work is numpy
on integer codes, and `evidence` is built only for the rows kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..frames.schema import SCHEMA
from .lexicon import Taxonomy
from .textprep import Prepared, TalkTerms, prepare, string_array
from .vocab import OTHER_THEME

OTHER = OTHER_THEME
TITLE_WEIGHT = 3.0
NOTE_WEIGHT = 1.0
PRODUCT_WEIGHT = 2.0
MIN_SCORE = 0.3
EVIDENCE_ITEMS = 3  # keywords / products listed in `evidence`
INFLECTIONS = "(?:s|es|ed|d|ing|er|ers|ly|al)?"


# ----------------------------------------------------------------------- scoring


def _word_pattern(words: Iterable[str]) -> str:
    """RE2 source matching a whole vocabulary entry that is one of `words`,
    possibly inflected ("schedule" -> "scheduling", "policy" -> "policies")."""
    stems = set()
    for word in words:
        stems.add(re.escape(word))
        if len(word) > 3 and word.endswith("e"):
            stems.add(re.escape(word[:-1]))
        if len(word) > 3 and word.endswith("y"):
            stems.add(re.escape(word[:-1]) + "(?:i|y)")
    return f"^(?:{'|'.join(sorted(stems))}){INFLECTIONS}$"


@dataclass(kw_only=True)
class Hits:
    """Weighted evidence as parallel arrays; `label` indexes the label texts
    (the vocabulary, then phrases, then products)."""

    talk: np.ndarray
    theme: np.ndarray
    label: np.ndarray
    weight: np.ndarray

    @staticmethod
    def concat(parts: list["Hits"]) -> "Hits":
        if not parts:
            return Hits(talk=np.zeros(0, np.int64), theme=np.zeros(0, np.int64), label=np.zeros(0, np.int64), weight=np.zeros(0, np.float64))
        return Hits(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Hits)})


def _keyword_hits(stream: TalkTerms, taxonomy: Taxonomy, counted: np.ndarray, weight: np.ndarray) -> Hits:
    """Word hits, one per (talk, word, theme) with the summed weight: the label of a
    word is its vocabulary index."""
    vocab_size = len(stream.vocab)
    member = np.zeros((len(taxonomy), vocab_size), bool)
    for theme_index, theme in enumerate(taxonomy.themes):
        if theme.words:
            member[theme_index] = pc.match_substring_regex(stream.vocab, _word_pattern(theme.words)).to_numpy(zero_copy_only=False)
    any_theme = member.any(axis=0)
    hit = np.flatnonzero(any_theme[stream.term] & counted)
    if len(hit) == 0:
        return Hits.concat([])
    pairs, inverse = np.unique(stream.talk[hit] * vocab_size + stream.term[hit], return_inverse=True)
    summed = np.bincount(inverse, weights=weight[hit], minlength=len(pairs))
    talk, term = np.divmod(pairs, vocab_size)
    theme, which = np.nonzero(member[:, term])
    return Hits(talk=talk[which], theme=theme, label=term[which], weight=summed[which])


def _phrase_hits(stream: TalkTerms, taxonomy: Taxonomy, labels: list[str], counted: np.ndarray, weight: np.ndarray) -> Hits:
    """Phrases are consecutive tokens of one note or title: candidates are the tokens
    holding a phrase's first word; only those are checked further.  Phrase labels
    are appended to `labels`."""
    entries = [(theme_index, phrase) for theme_index, theme in enumerate(taxonomy.themes) for phrase in theme.phrases]
    if not entries:
        return Hits.concat([])
    words = [word for _, phrase in entries for word in phrase]
    codes = pc.index_in(pa.array(words, pa.large_string()), value_set=stream.vocab).fill_null(-1).to_numpy(zero_copy_only=False)
    phrases = []  # (theme, codes, label)
    at = 0
    for theme_index, phrase in entries:
        phrase_codes = codes[at : at + len(phrase)].astype(np.int64)
        at += len(phrase)
        if (phrase_codes >= 0).all():
            labels.append(" ".join(phrase))
            phrases.append((theme_index, phrase_codes, len(labels) - 1))
    n = len(stream.term)
    if not phrases or n < 2:
        return Hits.concat([])
    is_first = np.zeros(len(stream.vocab), bool)
    is_first[[c[0] for _, c, _ in phrases]] = True
    starts = np.flatnonzero(is_first[stream.term[:-1]] & counted[:-1])
    starts = starts[stream.segment[starts + 1] == stream.segment[starts]]
    parts = []
    for theme_index, phrase_codes, label in phrases:
        hit = starts[(stream.term[starts] == phrase_codes[0]) & (stream.term[starts + 1] == phrase_codes[1])]
        for offset in range(2, len(phrase_codes)):
            hit = hit[hit + offset < n]
            hit = hit[(stream.term[hit + offset] == phrase_codes[offset]) & (stream.segment[hit + offset] == stream.segment[hit])]
        parts.append(Hits(talk=stream.talk[hit], theme=np.full(len(hit), theme_index), label=np.full(len(hit), label), weight=weight[hit]))
    return Hits.concat(parts)


def _product_hits(mentions: pd.DataFrame, stream: TalkTerms, taxonomy: Taxonomy, labels: list[str], has_notes: np.ndarray) -> Hits:
    """One hit per (mention, theme it counts for); product names are appended to `labels`."""
    if mentions.empty:
        return Hits.concat([])
    # Which themes each distinct (product, category) counts for: a few hundred pairs, in Python.
    product_code, products = pd.factorize(mentions["product"].to_numpy(dtype=object, na_value=None))
    category_code, categories = pd.factorize(mentions["category"].to_numpy(dtype=object, na_value=None))
    pair_code, pairs = pd.factorize(product_code * (len(categories) + 1) + category_code)
    link_theme, link_label, link_start = [], [], [0]
    for pair in pairs.tolist():
        p, c = divmod(pair, len(categories) + 1)
        product = products[p] if p >= 0 else None
        category = categories[c] if 0 <= c < len(categories) else None
        themes = [i for i, t in enumerate(taxonomy.themes) if product in t.products or category in t.categories]
        if themes:
            labels.append(product)
            link_theme.extend(themes)
            link_label.extend([len(labels) - 1] * len(themes))
        link_start.append(len(link_theme))
    if not link_theme:
        return Hits.concat([])
    talk = pd.Index(stream.talk_ids).get_indexer(mentions["talk_id"].to_numpy(dtype=np.float64, na_value=np.nan))
    keep = talk >= 0
    keep[keep] = has_notes[talk[keep]]
    talk, pair_code = talk[keep], pair_code[keep]
    link_start = np.array(link_start, np.int64)
    n_links = (link_start[1:] - link_start[:-1])[pair_code]
    mention = np.repeat(np.arange(len(talk)), n_links)
    link = np.repeat(link_start[:-1][pair_code], n_links) + (np.arange(len(mention)) - np.repeat(np.cumsum(n_links) - n_links, n_links))
    return Hits(talk=talk[mention], theme=np.array(link_theme, np.int64)[link], label=np.array(link_label, np.int64)[link],
                weight=np.full(len(mention), PRODUCT_WEIGHT))


def _top_labels(hits: Hits, labels: list[str], cells: np.ndarray, n_themes: int) -> pa.Array:
    """"a, b, c": the EVIDENCE_ITEMS heaviest labels (ties: alphabetical) of each
    (talk, theme) cell in `cells` (sorted, distinct), "" for none; numpy on codes."""
    if len(cells) == 0:
        return pa.array([], pa.large_string())
    cell = hits.talk * n_themes + hits.theme
    position = np.searchsorted(cells, cell)
    inside = position < len(cells)
    inside[inside] = cells[position[inside]] == cell[inside]
    if not inside.any():
        return pa.array([""] * len(cells), pa.large_string())
    position, label, weight = position[inside], hits.label[inside], hits.weight[inside]
    n_labels = len(labels)
    pairs, inverse = np.unique(position * n_labels + label, return_inverse=True)
    summed = np.bincount(inverse, weights=weight, minlength=len(pairs))
    pair_cell, pair_label = np.divmod(pairs, n_labels)
    used = np.unique(pair_label)
    text_rank = np.zeros(n_labels, np.int64)
    text_rank[used[np.argsort(np.array([labels[i] for i in used.tolist()], dtype=object), kind="stable")]] = np.arange(len(used))
    order = np.lexsort((text_rank[pair_label], -summed, pair_cell))
    pair_cell, pair_label = pair_cell[order], pair_label[order]
    first = np.searchsorted(pair_cell, pair_cell, side="left")
    top = (np.arange(len(pair_cell)) - first) < EVIDENCE_ITEMS
    pair_cell, pair_label = pair_cell[top], pair_label[top]
    offsets = np.searchsorted(pair_cell, np.arange(len(cells) + 1)).astype(np.int64)
    values = pa.array(labels, pa.large_string()).take(pa.array(pair_label, pa.int64()))
    return pc.binary_join(pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), values), pa.scalar(", ", pa.large_string()))


def assign_themes(
    notes: pd.DataFrame,
    talks: pd.DataFrame,
    mentions: pd.DataFrame,
    taxonomy: Taxonomy,
    top_n: int = 3,
    *,
    prepared: Prepared | None = None,
) -> pd.DataFrame:
    """Top themes per talk: talk_id, theme (category), score, evidence.

    Every talk with at least one note gets at least one row ("Other", score 0,
    when no theme reaches MIN_SCORE).  Rows are ordered by talk_id, then score.
    `prepared` is `prepare(notes)` when the caller shares it with the other
    enrichment steps (built here otherwise).
    """
    theme_dtype = pd.CategoricalDtype(taxonomy.names + [OTHER])
    columns = {**SCHEMA["themes"], "theme": theme_dtype}  # the taxonomy's themes, in its order
    if notes.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    prepared = prepared if prepared is not None else prepare(notes)
    stream = prepared.talk_terms(talks)
    n_themes = len(taxonomy)
    has_notes = stream.n_notes > 0  # titles of talks without notes do not count
    counted = stream.talk >= 0
    counted[counted] = has_notes[stream.talk[counted]]
    weight = np.full(len(stream.term), NOTE_WEIGHT)
    weight[stream.n_note_tokens :] = TITLE_WEIGHT

    labels = stream.vocab_list.copy() if n_themes else []
    keyword_hits = Hits.concat([_keyword_hits(stream, taxonomy, counted, weight), _phrase_hits(stream, taxonomy, labels, counted, weight)])
    product_hits = _product_hits(mentions, stream, taxonomy, labels, has_notes)

    both = Hits.concat([keyword_hits, product_hits])
    totals = np.bincount(both.talk * n_themes + both.theme, weights=both.weight, minlength=len(stream.talk_ids) * n_themes)
    scores = totals.reshape(len(stream.talk_ids), n_themes) / np.sqrt(1.0 + stream.n_notes)[:, None]
    talk, theme = np.nonzero(scores >= MIN_SCORE)
    score = scores[talk, theme]
    order = np.lexsort((theme, -score, talk))
    talk, theme, score = talk[order], theme[order], score[order]
    rank = np.arange(len(talk)) - np.searchsorted(talk, talk, side="left")
    kept = rank < top_n
    talk, theme, score = talk[kept], theme[kept], score[kept]

    cells = talk * n_themes + theme
    cell_order = np.argsort(cells, kind="stable")
    keyword_text = _top_labels(keyword_hits, labels, cells[cell_order], n_themes)
    product_text = _top_labels(product_hits, labels, cells[cell_order], n_themes)
    back = np.empty(len(cells), np.int64)
    back[cell_order] = np.arange(len(cells))
    keyword_text = keyword_text.take(pa.array(back))
    product_text = product_text.take(pa.array(back))
    def text(value: str) -> pa.Scalar:
        return pa.scalar(value, pa.large_string())

    keyword_part = pc.if_else(pc.equal(keyword_text, text("")), text(""), pc.binary_join_element_wise(text("keywords: "), keyword_text, text("")))
    product_part = pc.if_else(pc.equal(product_text, text("")), text(""), pc.binary_join_element_wise(text("; products: "), product_text, text("")))
    evidence = pc.binary_join_element_wise(keyword_part, product_part, text(""))
    evidence = pc.if_else(pc.starts_with(evidence, "; "), pc.utf8_slice_codeunits(evidence, 2), evidence)

    unthemed = np.setdiff1d(np.flatnonzero(has_notes), talk)
    all_talk = np.concatenate([talk, unthemed])
    all_score = np.concatenate([score, np.zeros(len(unthemed))])
    all_theme = np.concatenate([theme, np.full(len(unthemed), n_themes)])  # n_themes: Other
    talk_ids = stream.talk_ids[all_talk]
    order = np.lexsort((all_theme, -all_score, talk_ids))
    evidence = pa.concat_arrays([evidence.cast(pa.large_string()), pa.array([""] * len(unthemed), pa.large_string())])
    result = pd.DataFrame(
        {
            "talk_id": pd.array(talk_ids[order], dtype="Int64"),
            "theme": pd.Categorical.from_codes(all_theme[order], dtype=theme_dtype),
            "score": pd.array(all_score[order], dtype="Float64"),
            "evidence": string_array(evidence.take(pa.array(order))),
        }
    )
    return result.astype(columns)

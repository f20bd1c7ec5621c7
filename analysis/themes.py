"""Assign broad themes to talks from keywords and product mentions.

The taxonomy (analysis/lexicon/themes.toml) lists, per theme, keywords (words
or 2-3 word phrases), products, and product categories.  Scoring, kept simple
on purpose so a reader can check it by hand:

    score = (1 x keyword hits in notes + 3 x keyword hits in the title
             + 2 x mentions of the theme's products) / sqrt(1 + notes in the talk)

A talk keeps its `top_n` themes scoring at least MIN_SCORE; a talk with notes
but no such theme gets one "Other" row with score 0.  Keyword matching runs on
the shared token stream of analysis/keywords.py (no extra pass over the text):
single words match simple inflections (see themes.toml), phrases match
consecutive tokens of one note or title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.keywords import TalkTokens, talk_tokens
from analysis.lexicon import CATEGORIES, LEXICON_DIR, Lexicon, LexiconError, load_lexicon, merge_by_name, read_toml

THEMES_FILE = LEXICON_DIR / "themes.toml"
OTHER = "Other"
TITLE_WEIGHT = 3.0
NOTE_WEIGHT = 1.0
PRODUCT_WEIGHT = 2.0
MIN_SCORE = 0.3
EVIDENCE_ITEMS = 3  # keywords / products listed in `evidence`
INFLECTIONS = "(?:s|es|ed|d|ing|er|ers|ly|al)?"

_THEME_KEYS = {"name", "keywords", "products", "categories"}


@dataclass(frozen=True)
class Theme:
    name: str
    keywords: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    source: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(k.lower() for k in self.keywords if len(k.split()) == 1)

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(k.lower().split()) for k in self.keywords if len(k.split()) > 1)


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.themes]

    def __len__(self) -> int:
        return len(self.themes)


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: {key!r} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _parse_theme(table: object, index: int, source: str, lexicon: Lexicon) -> Theme:
    where = f"{source}: theme #{index + 1}"
    if not isinstance(table, dict) or not isinstance(table.get("name"), str) or not table["name"].strip():
        raise LexiconError(f"{where}: expected a table with a non-empty 'name'")
    where = f"{source}: theme {table['name']!r}"
    unknown = set(table) - _THEME_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_THEME_KEYS)}")
    theme = Theme(
        name=table["name"].strip(),
        keywords=_strings(table.get("keywords", []), "keywords", where),
        products=_strings(table.get("products", []), "products", where),
        categories=_strings(table.get("categories", []), "categories", where),
        source=source,
    )
    if theme.name == OTHER:
        raise LexiconError(f"{where}: {OTHER!r} is reserved for talks without a theme")
    missing = [p for p in theme.products if p not in lexicon.by_name]
    if missing:
        raise LexiconError(f"{where}: unknown product(s) {missing}; use canonical names from products.toml")
    bad = [c for c in theme.categories if c not in CATEGORIES]
    if bad:
        raise LexiconError(f"{where}: unknown categor(y/ies) {bad}; allowed: {list(CATEGORIES)}")
    too_long = [k for k in theme.keywords if len(k.split()) > 3]
    if too_long:
        raise LexiconError(f"{where}: keyword phrases have at most 3 words: {too_long}")
    return theme


def read_themes(path: str | Path, lexicon: Lexicon) -> list[Theme]:
    data = read_toml(path)
    unknown = set(data) - {"theme"}
    if unknown:
        raise LexiconError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected [[theme]] tables")
    tables = data.get("theme", [])
    if not isinstance(tables, list):
        raise LexiconError(f"{path}: 'theme' must be an array of tables ([[theme]])")
    return [_parse_theme(table, i, str(path), lexicon) for i, table in enumerate(tables)]


def load_taxonomy(extra: Iterable[str | Path] = (), lexicon: Lexicon | None = None) -> Taxonomy:
    """The packaged themes, then each extra file (a theme with the same name replaces
    the packaged one).  Product names are checked against `lexicon` (default: the
    packaged lexicon)."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    themes = read_themes(THEMES_FILE, lexicon)
    for path in extra:
        themes = merge_by_name(themes, read_themes(path, lexicon))
    return Taxonomy(tuple(themes))


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


@dataclass
class Hits:
    """Weighted evidence as parallel arrays; `label` indexes `labels` (words, phrases, products)."""

    talk: np.ndarray
    theme: np.ndarray
    label: np.ndarray
    weight: np.ndarray

    @staticmethod
    def concat(parts: list["Hits"]) -> "Hits":
        if not parts:
            return Hits(*(np.zeros(0, dtype) for dtype in (np.int64, np.int64, np.int64, np.float64)))
        return Hits(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("talk", "theme", "label", "weight")))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"talk": self.talk, "theme": self.theme, "label": self.label, "weight": self.weight})


def _keyword_hits(tokens: TalkTokens, taxonomy: Taxonomy, labels: list[str]) -> Hits:
    """Keyword hits of every theme; word labels are vocabulary indexes, phrase labels
    are appended to `labels` (which starts as the vocabulary)."""
    vocab = pa.array(tokens.vocab, pa.large_string())
    weight = np.where(tokens.in_title, TITLE_WEIGHT, NOTE_WEIGHT)
    has_talk = tokens.talk >= 0
    parts = []
    for theme_index, theme in enumerate(taxonomy.themes):
        if theme.words:
            vocab_hit = pc.match_substring_regex(vocab, _word_pattern(theme.words)).to_numpy(zero_copy_only=False)
            hit = np.flatnonzero(vocab_hit[tokens.term] & has_talk)
            parts.append(Hits(tokens.talk[hit], np.full(len(hit), theme_index), tokens.term[hit], weight[hit]))
    parts.append(_phrase_hits(tokens, taxonomy, labels, weight, has_talk))
    return Hits.concat(parts)


def _phrase_hits(tokens: TalkTokens, taxonomy: Taxonomy, labels: list[str], weight: np.ndarray, has_talk: np.ndarray) -> Hits:
    """Phrases are consecutive tokens of one note or title.  Their first two words are
    looked up as one integer key over all token pairs at once; only the few pairs
    that match are checked further."""
    position = pd.Index(tokens.vocab)
    size = len(tokens.vocab)
    phrases = []  # (theme, codes, label)
    for theme_index, theme in enumerate(taxonomy.themes):
        for phrase in theme.phrases:
            codes = position.get_indexer(list(phrase))
            if (codes >= 0).all():
                labels.append(" ".join(phrase))
                phrases.append((theme_index, codes, len(labels) - 1))
    n = len(tokens.term)
    if not phrases or n < 2:
        return Hits.concat([])
    same_segment = tokens.segment[1:] == tokens.segment[:-1]
    pair_key = np.where(same_segment, tokens.term[:-1] * size + tokens.term[1:], -1)
    wanted = np.array([codes[0] * size + codes[1] for _, codes, _ in phrases])
    starts = np.flatnonzero(np.isin(pair_key, wanted) & has_talk[:-1])
    parts = []
    for theme_index, codes, label in phrases:
        hit = starts[pair_key[starts] == codes[0] * size + codes[1]]
        for offset in range(2, len(codes)):
            inside = hit + offset < n
            hit = hit[inside]
            hit = hit[(tokens.term[hit + offset] == codes[offset]) & (tokens.segment[hit + offset] == tokens.segment[hit])]
        parts.append(Hits(tokens.talk[hit], np.full(len(hit), theme_index), np.full(len(hit), label), weight[hit]))
    return Hits.concat(parts)


def _product_hits(mentions: pd.DataFrame, tokens: TalkTokens, taxonomy: Taxonomy, labels: list[str]) -> Hits:
    """One hit per (mention, theme it counts for); product names are appended to `labels`."""
    if mentions.empty:
        return Hits.concat([])
    # Which themes each distinct (product, category) counts for: a few hundred pairs, in Python.
    pairs = mentions[["product", "category"]].astype(object).drop_duplicates()
    links = []
    for product, category in pairs.itertuples(index=False):
        themes = [i for i, t in enumerate(taxonomy.themes) if product in t.products or category in t.categories]
        if themes:
            labels.append(product)
            links.extend((product, category, i, len(labels) - 1) for i in themes)
    if not links:
        return Hits.concat([])
    link = pd.DataFrame(links, columns=["product", "category", "theme", "label"])
    talk = pd.Index(tokens.talk_ids).get_indexer(mentions["talk_id"].to_numpy(dtype=np.float64, na_value=np.nan))
    counted = pd.DataFrame({"talk": talk, "product": mentions["product"].to_numpy(dtype=object), "category": mentions["category"].to_numpy(dtype=object)})
    hits = counted[counted["talk"] >= 0].merge(link, on=["product", "category"])
    return Hits(hits["talk"].to_numpy(), hits["theme"].to_numpy(), hits["label"].to_numpy(), np.full(len(hits), PRODUCT_WEIGHT))


def _top_labels(hits: Hits, labels: np.ndarray, keys: pd.MultiIndex) -> pd.Series:
    """"a, b, c": the EVIDENCE_ITEMS heaviest labels per (talk, theme) in `keys`, vectorised."""
    if len(hits.talk) == 0 or len(keys) == 0:
        return pd.Series("", index=keys, dtype="string")
    per_label = hits.frame().groupby(["talk", "theme", "label"], sort=False)["weight"].sum().reset_index()
    per_label["text"] = labels[per_label["label"].to_numpy()]
    per_label = per_label.sort_values(["talk", "theme", "weight", "text"], ascending=[True, True, False, True])
    per_label["rank"] = per_label.groupby(["talk", "theme"]).cumcount()
    top = per_label[per_label["rank"] < EVIDENCE_ITEMS].pivot(index=["talk", "theme"], columns="rank", values="text")
    joined = top[0].astype("string")
    for rank in range(1, EVIDENCE_ITEMS):
        if rank in top:
            joined = joined + (", " + top[rank].astype("string")).fillna("")
    return joined.reindex(keys).fillna("")


def assign_themes(
    notes: pd.DataFrame,
    talks: pd.DataFrame,
    mentions: pd.DataFrame,
    taxonomy: Taxonomy,
    top_n: int = 3,
) -> pd.DataFrame:
    """Top themes per talk: talk_id, theme (category), score, evidence.

    Every talk with at least one note gets at least one row ("Other", score 0,
    when no theme reaches MIN_SCORE).  Rows are ordered by talk_id, then score.
    """
    theme_dtype = pd.CategoricalDtype(taxonomy.names + [OTHER])
    columns = {"talk_id": "Int64", "theme": theme_dtype, "score": "Float64", "evidence": "string"}
    if notes.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    tokens = talk_tokens(notes, talks)
    labels = list(tokens.vocab)
    keyword_hits = _keyword_hits(tokens, taxonomy, labels)
    product_hits = _product_hits(mentions, tokens, taxonomy, labels)
    labels = np.array(labels, dtype=object)

    both = Hits.concat([keyword_hits, product_hits])
    cell = both.talk * len(taxonomy) + both.theme  # one integer per (talk, theme)
    totals = np.bincount(cell, weights=both.weight, minlength=len(tokens.talk_ids) * len(taxonomy))
    scores = totals.reshape(len(tokens.talk_ids), len(taxonomy)) / np.sqrt(1.0 + tokens.n_notes)[:, None]
    talk_index, theme_index = np.nonzero(scores >= MIN_SCORE)
    scored = pd.DataFrame({"talk": talk_index, "theme": theme_index, "score": scores[talk_index, theme_index]})
    scored = scored.sort_values(["talk", "score", "theme"], ascending=[True, False, True])
    scored = scored[scored.groupby("talk").cumcount() < top_n]

    keys = pd.MultiIndex.from_frame(scored[["talk", "theme"]])
    keyword_text = _top_labels(keyword_hits, labels, keys)
    product_text = _top_labels(product_hits, labels, keys)
    evidence = ("keywords: " + keyword_text).where(keyword_text != "", "")
    with_products = ("; products: " + product_text).where(product_text != "", "")
    evidence = (evidence + with_products).str.removeprefix("; ")

    themed = pd.DataFrame(
        {
            "talk_id": tokens.talk_ids[scored["talk"].to_numpy()],
            "theme": np.array(taxonomy.names, dtype=object)[scored["theme"].to_numpy()],
            "score": scored["score"].to_numpy(),
            "evidence": evidence.to_numpy(),
        }
    )
    unthemed = np.setdiff1d(np.flatnonzero(tokens.n_notes > 0), scored["talk"].to_numpy())
    other = pd.DataFrame({"talk_id": tokens.talk_ids[unthemed], "theme": OTHER, "score": 0.0, "evidence": ""})
    result = pd.concat([themed, other], ignore_index=True).astype(columns)
    order = np.lexsort((-result["score"].to_numpy(dtype=float), result["talk_id"].to_numpy(dtype=np.int64)))
    return result.iloc[order].reset_index(drop=True)

"""Product mentions in other authors' notes (../shared/corpus/authors) against hand labels.

tests/expected/products_authors.toml lists, per file, the products a careful reader
found (`products`) and the names they were unsure of (`unsure`). Labels are mapped to
the lexicon's canonical names through its spellings ("Google Chrome" is the lexicon's
"Chrome"). Recall is over (file, product) pairs; precision counts an `unsure` name as
neither right nor wrong. The labels are for measuring: no entry of the lexicon is
keyed to them (the lexicon is the curated file and three public lists).
"""
from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import pytest

from analysis import load_notes
from analysis.enrich.lexicon import load_lexicon
from tests.conftest import SHARED

LABELS = Path(__file__).parent / "expected" / "products_authors.toml"
CORPUS = SHARED / "corpus" / "authors"
# Precision today 0.88, less a margin for noise.
PRECISION_FLOOR = 0.85
RECALL_TARGET = 0.65  # issue 9's target for mentions alone (0.66 today)
# Products found, as a user reviews them: mentions, plus the unknown names offered as
# candidates (issue 11: at least 0.75 across the labelled files; 0.80 today).
FOUND_RECALL_TARGET = 0.75


def canonical(label: str, lexicon) -> str:
    low = label.lower()
    for name in (n for n in lexicon.by_name if n.lower() == low):
        return name
    if low in lexicon.plain:
        return lexicon.plain[low]
    for spelling, names in lexicon.cased.items():
        if spelling.lower() == low:
            return names[0]
    return label


@pytest.fixture(scope="module")
def scored():
    if not LABELS.is_file():
        pytest.skip(f"{LABELS.name} is absent")
    if not CORPUS.is_dir():
        pytest.skip("the authors' notes are absent (../shared/corpus/authors)")
    lexicon = load_lexicon()
    pairs = {"right": set(), "wrong": set(), "missed": set(), "candidates": set()}
    files = 0
    for key, labels in tomllib.loads(LABELS.read_text("utf-8")).items():
        path = CORPUS / key
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest()[:16] != labels["sha"]:
            continue  # absent, or changed since it was labelled
        files += 1
        notes = load_notes(path, cache=False)
        found = set(notes.mentions["product"].dropna())
        offered = {term.lower() for term in notes.candidates["term"].dropna()}
        want = {canonical(p, lexicon) for p in labels["products"]}
        unsure = {canonical(p, lexicon) for p in labels["unsure"]}
        pairs["right"] |= {(key, p) for p in found & want}
        pairs["wrong"] |= {(key, p) for p in found - want - unsure}
        pairs["missed"] |= {(key, p) for p in want - found}
        pairs["candidates"] |= {(key, p) for p in want - found if p.lower() in offered}
    if not files:
        pytest.skip("no labelled file is there as it was labelled (sha differs)")
    right, wrong, missed, offered = (len(pairs[k]) for k in ("right", "wrong", "missed", "candidates"))
    return {"recall": right / (right + missed), "precision": right / (right + wrong),
            "found_recall": (right + offered) / (right + missed), **pairs}


@pytest.mark.slow  # loads and enriches every file of the corpus
def test_precision_on_other_authors_notes(scored):
    assert scored["precision"] >= PRECISION_FLOOR, sorted(scored["wrong"])


@pytest.mark.slow  # loads and enriches every file of the corpus
def test_recall_target(scored):
    assert scored["recall"] >= RECALL_TARGET, sorted(scored["missed"])


@pytest.mark.slow  # loads and enriches every file of the corpus
def test_products_found_as_mentions_or_candidates(scored):
    missed = sorted(scored["missed"] - scored["candidates"])
    assert scored["found_recall"] >= FOUND_RECALL_TARGET, missed

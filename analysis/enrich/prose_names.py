"""Names that prose gives as products, by their shape around them: a trademark sign
("PRCISR™"), the Title Case name of an API or kit ("Payment Request API"), and a known
product's edition or part written after it ("Angular Universal", "Facebook Lite").

Part of the candidates (see candidates.py for every shape a candidate may have).
"""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._stopwords import ENGLISH_STOP_WORDS
from .package_names import accepted, extract_all
from .lexicon import Lexicon
from .textprep import Prepared, regex_flags

# A name with a trademark sign: "PRCISR™", "Acme®", "Widget(TM)". Only a brand is marked so.
MARKED_NAME = r"([A-Za-z][\w.+-]*[A-Za-z0-9+])[ \t]?(?:™|®|\((?:TM|tm|R)\))"
MARK_HINT = r"™|®|\((?:TM|tm|R)\)"
# One to four Capitalised words and a capitalised kind word: "Payment Request API", "IDT Library
# Prep Kit". Leading stop words ("The", "Our") are dropped afterwards; see _kind_runs.
TITLED_KIND = r"(?:^|[^\w.])((?:[A-Z][\w.+-]*[ \t]+){1,4}(?:API|SDK|CLI|Toolkit|Kit))\b"
TITLED_KIND_HINT = r"\b(?:API|SDK|CLI|Toolkit|Kit)\b"


def named_in_prose(prepared: Prepared, known: pa.Array, common: pa.Array, spellings: frozenset[str]) -> tuple[np.ndarray, pa.Array]:
    """(note row, name) of names that prose gives as products: with a trademark sign
    ("PRCISR™") or as the Title Case name of an API or kit ("Payment Request API").
    Their shape says "product" on its own, so talk titles are searched for them too.
    `spellings`: the lexicon's whole spellings, lower case (`known` has their words too)."""
    found = [_marked_names(prepared.masked, known), _kind_runs(prepared.masked, known, common, spellings)]
    return np.concatenate([at for at, _ in found]), pa.concat_arrays([named for _, named in found])


def _hinted(texts: pa.Array, hint: str) -> np.ndarray:
    """Rows of `texts` that may hold a match: one cheap scan, so the extracting regex reads few."""
    return np.flatnonzero(pc.match_substring_regex(texts, hint).to_numpy(zero_copy_only=False))


def _marked_names(texts: pa.Array, known: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """(row, name) of names written with a trademark sign ("PRCISR™"), unless known."""
    maybe = _hinted(texts, MARK_HINT)
    if not len(maybe):
        return np.zeros(0, np.int64), pa.array([], pa.large_string())
    at, named = extract_all(texts.take(pa.array(maybe)), MARKED_NAME)
    ok = accepted(named, known, None, 2)
    return maybe[at[ok]], named.filter(pa.array(ok))


def _kind_runs(texts: pa.Array, known: pa.Array, common: pa.Array, spellings: frozenset[str]) -> tuple[np.ndarray, pa.Array]:
    """(row, name) of Title Case names ending in a kind word: "Payment Request API".

    Leading stop words go ("The Web Audio API" -> "Web Audio API"). What stays before the
    kind word must be a name: two or more Capitalised words, or one word that is neither an
    acronym ("REST API" is jargon), an English word ("Public API") nor a known product
    ("Stripe API" is Stripe's, a mention already); nor may the first word be a known product
    ("Docker HTTP API"), nor the whole a known spelling."""
    maybe = _hinted(texts, TITLED_KIND_HINT)
    if not len(maybe):
        return np.zeros(0, np.int64), pa.array([], pa.large_string())
    at, runs = extract_all(texts.take(pa.array(maybe)), TITLED_KIND)
    found = []
    for row, run in zip(maybe[at].tolist(), runs.to_pylist()):
        words = run.split()
        while len(words) > 1 and words[0].lower() in ENGLISH_STOP_WORDS:
            words.pop(0)
        found.append((row, words, words[:-1]))
    # The word lists are looked up for the few names found, not turned into sets.
    asked = pa.array(sorted({" ".join(part).lower() for _, words, head in found for part in (words, head)}), pa.large_string())
    in_known = set(asked.filter(pc.is_in(asked, value_set=known)).to_pylist())
    in_common = set(asked.filter(pc.is_in(asked, value_set=common)).to_pylist())
    rows, names = [], []
    for row, words, head in found:
        name, head_name = " ".join(words).lower(), " ".join(head).lower()
        # "Docker HTTP API" is Docker's: a mention of Docker already says it.
        if not head or head[0].lower() in spellings or name in in_known or head_name in in_known:
            continue
        if len(head) == 1 and (head[0].isupper() or head_name in in_common):
            continue
        rows.append(row)
        names.append(" ".join(words))
    return np.array(rows, np.int64), pa.array(names, pa.large_string())


# A capitalised word, then one or two more: "Angular Universal", "Xamarin Test Cloud".
# Of the words in capitals after a product, only these name a part of it ("Angular CLI").
EDITION_ACRONYMS = frozenset({"CLI", "SDK", "API", "IDE", "DB", "UI", "QA"})
EDITION = re.compile(r"(?<![\w.@/#-])([A-Z][\w.+#]*) ((?:[A-Z][\w+]*(?:-[A-Z][\w]*)?)(?: [A-Z][\w+]*(?:-[A-Z][\w]*)?)?)(?![\w@/#-])")


def product_editions(prepared: Prepared, lexicon: Lexicon, common: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """(note row, name) of a known product's edition or part named after it in prose:
    "Angular Universal", "Facebook Lite", "Xamarin Test Cloud", "Angular CLI".

    The product is one whose spelling is no English word (a plain one: matched in any case),
    written capitalised and followed, with no punctuation between, by one or two words:
    Capitalised ones that are neither stop words ("Docker And"), products themselves
    ("Docker Kubernetes" is a list gone wrong) nor English plurals ("Google Services"), or
    CLI, SDK, API. Segment titles heading a note are Title Case throughout ("Docker
    Security Deep Dive"), so they are not read; talk titles neither."""
    tokens = prepared.tokens
    if not len(tokens.row):
        return np.zeros(0, np.int64), pa.array([], pa.large_string())
    plain, spellings = lexicon.plain, lexicon.known_lower()
    is_product = pc.is_in(tokens.lower_vocab, value_set=_edition_bases(lexicon)).to_numpy(zero_copy_only=False)[tokens.lower]
    capital = regex_flags(tokens.cased_vocab, np.ones(len(tokens.cased_vocab), bool), r"^[A-Z]")[tokens.cased]
    followed = np.zeros(len(tokens.row), bool)
    followed[:-1] = capital[1:] & (tokens.row[1:] == tokens.row[:-1]) & ~tokens.sentence_start[1:]
    maybe = np.unique(tokens.row[is_product & capital & followed])
    title_chars = prepared.notes["title_chars"].to_numpy(dtype=np.int64, na_value=0) if "title_chars" in prepared.notes else None
    found: list[tuple[int, str, list[str]]] = []
    for row, text in zip(maybe.tolist(), prepared.masked.take(pa.array(maybe, pa.int64())).to_pylist()):
        skip = int(title_chars[row]) if title_chars is not None else 0
        found += [(row, m.group(1), m.group(2).split()) for m in EDITION.finditer(text, skip) if m.group(1).lower() in plain]
    plurals = pa.array(sorted({w.lower() for _, _, words in found for w in words if w.lower().endswith("s")}), pa.large_string())
    english_plurals = set(plurals.filter(pc.is_in(plurals, value_set=common)).to_pylist())
    rows, names = [], []
    for row, product, words in found:
        edition = []
        for word in words:
            low = word.lower()
            if (word.isupper() and word not in EDITION_ACRONYMS) or low in ENGLISH_STOP_WORDS or low in spellings or low in english_plurals:
                break
            edition.append(word)
        name = " ".join([product, *edition])
        if edition and name.lower() not in spellings:
            rows.append(row)
            names.append(name)
    return np.array(rows, np.int64), pa.array(names, pa.large_string())


def _edition_bases(lexicon: Lexicon) -> pa.Array:
    """The one-word plain spellings of 3+ characters that an edition may follow; built once per Lexicon."""
    bases = lexicon.cache.get("edition_bases")
    if bases is None:
        words = sorted(s for s in lexicon.plain if " " not in s and len(s) >= 3)
        bases = lexicon.cache["edition_bases"] = pa.array(words, pa.large_string())
    return bases

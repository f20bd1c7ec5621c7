"""Product-like names that the lexicon does not know yet.

A token of the notes (see textprep.py for what a token is) is a
candidate when it has one of these shapes:

* CamelCase: a lower-case letter followed by an upper-case one ("SwarmKit",
  "GirlDevelopIt", "Linux-oKernel"), anywhere in a sentence;
* dotted name: "portainer.io", "fleetreach.co.uk" (labels start with a letter,
  the first has 2+ characters, the last is not a file extension such as
  "yaml" or "log"); URLs with a scheme and link targets were blanked before
  tokenising, so only names written as text count;
* letters and digits mixed: "s390x" (2+ letters, 1+ digit), but not versions
  ("17.03", "v3"), sizes and units ("5k", "100ms", "64gb"), ordinals, hex;
* a Capitalised word in mid-sentence (not the first word of a note or after
  . ! ? :) that is not an ordinary English word and does not look like part of a
  person's name (next to a capitalised first name such as "Kate", or next to
  another unknown capitalised word);
* the first word of a `code span` or [link label] that is not ordinary English
  (3+ characters; a package name may have "-", "_" and "." in it: `asgi-redis`).
  Only the first word: the tokeniser marks where spans open;
* a package-like name anywhere: ending in "-cli", "-js", ".js" or "-py" ("angular-cli"),
  a lower-case name ending in "py" that is no English word ("mypy", "sympy"), or
  capitals before lower case ("JSHint", "QUnit", "PHPUnit");
* any word (lower-case too) right before "library", "framework", "tool",
  "database", "package", "plugin", "gem", "API" and the like ("the funneljoin package");
* the repository of a link to a code host ("github.com/owner/repo"): its
  evidence is the link;
* a package that code names: `dplyr::filter` (dplyr), `library(sf)`,
  `install.packages("sf")`, `require('x')` anywhere; in code spans and code notes,
  `pip install -U NAME`, `npm i -g NAME`, `yarn add NAME`, `go get host/owner/NAME`,
  `import NAME`, `from NAME import` (not a language's own modules: `std::`, `import os`;
  English words count after library() and install commands, not after import);
* a known product's plugin or package: its spelling, "-", words ("grunt-montage",
  "webpack-bundle-analyzer"), in a talk that mentions the product, unless it is an
  English compound ("docker-based", "kubernetes-managed");
* the name heading a bullet "name: description" (or "name (description)") in a list
  where two or more bullets start with a package-like lower-case name that is no
  English word ("- profvis: see what makes it slow").

The word lists of these rules (kind words, install commands, package calls, a
language's own modules, English compounds) are analysis/lexicon/candidate_rules.toml;
the rules of packages that code and package lists name are in package_names.py.

Talk titles are searched too (`titles=`), for the shapes that say "product" on their
own (CamelCase, dotted, letters and digits, package-like): in Title Case every word
is capitalised.

Excluded: @handles, dotted names whose first label is a known product
("docker.com"), anything whose lower-case form is a lexicon spelling, a word of a
multi-word product spelling, a text matched in `mentions`, or one of the
common words (analysis/lexicon/common_words.txt, top 20,000 English words).
All-capital acronyms ("MVP", "NFE") are not candidates: they are mostly jargon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..frames.schema import SCHEMA
from .lexicon import Lexicon
from .package_names import candidate_rules, named_packages
from .prose_names import named_in_prose, product_editions
from .textprep import Prepared, as_arrow_strings, common_words_array, prepare, regex_flags, string_array

EVIDENCE_CHARS = 120

CANDIDATE_COLUMNS = SCHEMA["candidates"]
TOP_COLUMNS = {"term": "string", "n_talks": "Int64", "count": "Int64", "evidence": "string"}

CAMEL_CASE = r"[a-z][A-Z]"
DOTTED_NAME = r"^[A-Za-z][\w-]+(?:\.[A-Za-z][\w-]*)+$"
FILE_EXTENSION = (
    r"\.(?:ya?ml|json|xml|md|txt|log|html?|css|py|rb|go|sh|conf|cfg|ini|toml|lock|png|jpe?g|gif|svg|pdf"
    r"|csv|tar|gz|tgz|zip|exe|dll|so|c|h|cpp|java|php|sql|sock|pem|key|crt|iso|img|vmdk|vdi|deb|rpm)$"
)
LETTERS_AND_DIGITS = r"^(?=.*\d)(?=(?:.*[A-Za-z]){2})[A-Za-z0-9][\w-]*$"
# LETTERS_AND_DIGITS without look-ahead (RE2 has none), for ASCII tokens: all three must hold.
LETTERS_AND_DIGITS_RE2 = (r"^[A-Za-z0-9][\w-]*$", r"\d", r"[A-Za-z].*[A-Za-z]")
NOT_A_NAME = (
    r"^(?:v\d.*|0x[0-9a-f]+|\d+(?:st|nd|rd|th|ms|s|sec|min|mins|h|hrs?|k|m|g|gb|mb|kb|tb|gbps|mbps|kbps"
    r"|ghz|mhz|px|pt|em|x|am|pm|fps|bn|yrs?|cm|mm|km|kg|kw|v|d|w|y|b)|\d+[-–]\w+|\w+[-–]\d+)$"
)
CAPITALISED = r"^[A-Z][a-z]{2,}$"
PLAIN_WORD = r"^[A-Za-z][a-z0-9]{2,}$"
CODE_NAME = r"^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$"  # `asgi-redis`, `shiny.router`; 3+ characters
PACKAGE_SUFFIX = r"^[A-Za-z][\w.-]*[A-Za-z0-9](?:-cli|-js|\.js|-py)$|^[a-z][a-z0-9]+py$|^[A-Z]{2,}[a-z]{2,}[A-Za-z]*$"
# The data of the rules below (kind words, install commands, package calls, the modules of a
# language's own library, English compounds): analysis/lexicon/candidate_rules.toml.
# A known product + "-" + words: `grunt-montage`, `babel-loader` (the prefix is checked against the lexicon).
BUILT_ON = r"^(?P<base>[a-z][a-z0-9]*)-(?P<rest>[a-z][a-z0-9]*)(?:-[a-z0-9]+)*$"


def _lexicon_words(lexicon: Lexicon) -> pa.Array:
    """Every lexicon spelling, lower-cased, and each word of multi-word spellings
    ("Docker For Mac" -> "mac"); built once per Lexicon object."""
    cached = lexicon.cache.get("candidate_known")
    if cached is None:
        known = set(lexicon.known_lower())
        known.update(word for spelling in list(known) for word in spelling.split() if " " in spelling)
        cached = lexicon.cache["candidate_known"] = pa.array(sorted(known), pa.large_string())
    return cached


def _known_words(lexicon: Lexicon, mentions: pd.DataFrame) -> pa.Array:
    """Lower-case spellings the candidates must skip: every lexicon spelling, each
    word of multi-word spellings ("Docker For Mac" -> "mac"), every matched text."""
    known = _lexicon_words(lexicon)
    if mentions.empty:
        return known
    matched = as_arrow_strings(mentions["matched"].dropna())
    return pa.concat_arrays([known, pc.unique(pc.utf8_lower(matched))])


def _built_on_a_product(words: pa.Array, is_ascii: np.ndarray, known: pa.Array) -> tuple[np.ndarray, pa.Array]:
    """`grunt-montage`, `babel-loader`: a known product's spelling, "-", then words that are not
    an English compound ("docker-based") nor a known spelling with a space ("docker-hub").
    Per distinct token: (has that shape, the product's spelling in lower case)."""
    shaped = regex_flags(words, is_ascii, BUILT_ON)
    base = np.full(len(words), "", object)
    idx = np.flatnonzero(shaped)
    if len(idx):
        subset = words.take(pa.array(idx))
        parts = pc.extract_regex(subset, BUILT_ON)
        ok = pc.is_in(parts.field("base"), value_set=known).to_numpy(zero_copy_only=False)
        rest = parts.field("rest")
        ok &= ~pc.is_in(rest, value_set=candidate_rules().compound_suffixes).to_numpy(zero_copy_only=False)
        ok &= ~pc.match_substring_regex(rest, candidate_rules().compound_ending).to_numpy(zero_copy_only=False)
        ok &= ~pc.is_in(pc.replace_substring(subset, "-", " "), value_set=known).to_numpy(zero_copy_only=False)
        shaped[idx] = ok
        base[idx] = parts.field("base").to_pylist()
    return shaped, pa.array(base.tolist(), pa.large_string())


def _english_compounds(lower_vocab: pa.Array, common: pa.Array) -> np.ndarray:
    """Per distinct lower-case token: whether it is English words joined by hyphens
    ("client-side", "front-end"), which no product is named like."""
    flags = np.zeros(len(lower_vocab), bool)
    hyphenated = np.flatnonzero(pc.match_substring(lower_vocab, "-").to_numpy(zero_copy_only=False))
    if len(hyphenated):
        parts = pc.split_pattern(lower_vocab.take(pa.array(hyphenated)), "-")
        part_ok = pc.is_in(pc.list_flatten(parts), value_set=common).to_numpy(zero_copy_only=False)
        n_bad = np.bincount(pc.list_parent_indices(parts).to_numpy(), weights=~part_ok, minlength=len(hyphenated))
        flags[hyphenated] = n_bad == 0
    return flags


def _mentioned_in_talk(names: pa.Array, talks: np.ndarray, mentions: pd.DataFrame, lexicon: Lexicon) -> np.ndarray:
    """Whether each (lower-case spelling, talk) names a product mentioned in that talk."""
    if mentions.empty or len(names) == 0:
        return np.zeros(len(names), bool)
    from .matcher import ProductMatcher

    matcher = ProductMatcher.for_lexicon(lexicon)
    codes = pc.dictionary_encode(names)
    # (spelling code, product) for the few distinct spellings; then (talk, spelling code) keys.
    pairs = [(i, product) for i, s in enumerate(codes.dictionary.to_pylist())
             for product in ((matcher.plain[s],) if s in matcher.plain else matcher.cased_any.get(s, ()))]
    if not pairs:
        return np.zeros(len(names), bool)
    by_product = pd.DataFrame(pairs, columns=["spelling", "product"])
    said = mentions.loc[mentions["product"].isin(by_product["product"].unique()), ["talk_id", "product"]]
    said = said.astype({"product": object}).merge(by_product, on="product")
    width = len(codes.dictionary)
    said_keys = said["talk_id"].to_numpy(dtype=np.int64, na_value=-1) * width + said["spelling"].to_numpy(dtype=np.int64)
    return np.isin(talks * width + codes.indices.to_numpy(zero_copy_only=False).astype(np.int64), said_keys)


def _shape_flags(words: pa.Array, known: pa.Array) -> dict[str, np.ndarray]:
    """Per distinct token as written: which candidate shape it has."""
    lower = pc.utf8_lower(words)
    is_ascii = pc.string_is_ascii(words).to_numpy(zero_copy_only=False)
    dotted = regex_flags(words, is_ascii, DOTTED_NAME) & ~regex_flags(lower, is_ascii, FILE_EXTENSION, "search")
    # "docker.com" is a known product's site, not a new name.
    site = pc.replace_substring_regex(lower, r"\..*$", "")
    dotted &= ~pc.is_in(site, value_set=known).to_numpy(zero_copy_only=False)
    mixed = regex_flags(words, is_ascii, LETTERS_AND_DIGITS, re2=LETTERS_AND_DIGITS_RE2) & ~regex_flags(lower, is_ascii, NOT_A_NAME)
    built_on, base = _built_on_a_product(words, is_ascii, known)
    return {
        "built_on": built_on,
        "base": base,
        "camel": regex_flags(words, is_ascii, CAMEL_CASE, "search"),
        "dotted": dotted,
        "mixed": mixed,
        "capitalised": regex_flags(words, is_ascii, CAPITALISED),
        "plain": regex_flags(words, is_ascii, CODE_NAME) & (pc.utf8_length(words).to_numpy(zero_copy_only=False) >= 3),
        "package": regex_flags(words, is_ascii, PACKAGE_SUFFIX),
        "word": regex_flags(words, is_ascii, r"^[A-Za-z][\w.-]*[A-Za-z0-9]$"),
    }


def empty_candidates() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in CANDIDATE_COLUMNS.items()})


def find_candidates(
    notes: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    common_words: Iterable[str] | None = None,
    *,
    prepared: Prepared | None = None,
    links: pd.DataFrame | None = None,
    titles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Unknown product-like names: term, talk_id, count, evidence (one row per term and talk).

    `term` is the first spelling seen in the archive; variants differing only in
    case are counted together.  `evidence` is a note containing the term,
    cut to about 120 characters around it.  `prepared` is `prepare(notes)` when
    the caller shares it with the other enrichment steps (built here otherwise).
    `links` (the links frame) adds the repositories of links to code hosts, and
    `titles` (the talks frame) the product-shaped names of talk titles.
    """
    from_links = _repository_candidates(links, lexicon, common_words)
    if titles is not None and len(titles):
        from .enricher import titles_as_notes

        in_titles = _token_candidates(titles_as_notes(titles), mentions, lexicon, common_words, None, strong_only=True)
        from_links = pd.concat([from_links, in_titles], ignore_index=True).astype(CANDIDATE_COLUMNS) if len(in_titles) else from_links
    found = _token_candidates(notes, mentions, lexicon, common_words, prepared)
    if not len(from_links):
        return found
    # A name also found in the notes keeps the notes' row (and evidence), with its counts added.
    link_keys = _term_talk_keys(from_links)
    link_counts = pd.Series(from_links["count"].to_numpy(dtype=np.int64), index=link_keys).groupby(level=[0, 1], sort=False).sum()
    found_keys = _term_talk_keys(found)
    added = link_counts.reindex(found_keys, fill_value=0).to_numpy(dtype=np.int64)
    found = found.assign(count=found["count"].to_numpy(dtype=np.int64) + added)
    only_in_links = ~link_keys.isin(found_keys)
    extra = from_links[only_in_links]
    extra = extra.assign(count=link_counts.reindex(link_keys[only_in_links]).to_numpy(dtype=np.int64)).drop_duplicates(["term", "talk_id"])
    result = pd.concat([found, extra], ignore_index=True).astype(CANDIDATE_COLUMNS)
    return result.sort_values(["talk_id", "count", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def _term_talk_keys(candidates: pd.DataFrame) -> pd.MultiIndex:
    """(lower-case term, talk id or -1) of each row: how a name is counted across sources."""
    return pd.MultiIndex.from_arrays([candidates["term"].str.lower().to_numpy(dtype=object),
                                      candidates["talk_id"].fillna(-1).to_numpy(dtype=np.int64)])


def _token_candidates(notes, mentions, lexicon, common_words, prepared, strong_only: bool = False) -> pd.DataFrame:
    """Candidates among the tokens of `notes`; with `strong_only`, only names whose shape
    says "product" on its own (not capitalised words, code spans or a following kind word)."""
    if notes.empty:
        return empty_candidates()
    prepared = prepared if prepared is not None else prepare(notes)
    tokens = prepared.tokens
    if common_words is not None:
        common = pa.array(sorted({w.lower() for w in common_words}), pa.large_string())
    else:
        common = common_words_array()
    known = _known_words(lexicon, mentions)

    shape = _shape_flags(tokens.cased_vocab, known)
    ordinary = pc.is_in(tokens.lower_vocab, value_set=pa.concat_arrays([common, known])).to_numpy(zero_copy_only=False)
    ordinary |= _english_compounds(tokens.lower_vocab, common)
    base_of = shape.pop("base")
    # Built on a product's name ("grunt-montage"): only in a talk that mentions that product
    # (a "comma-separated" list in a talk that names no product comma).
    built_on = shape.pop("built_on")
    camel, dotted, mixed, capitalised, plain, package, word = (shape[c][tokens.cased] for c in shape)
    maybe_built = np.flatnonzero(built_on[tokens.cased] & ~package)
    if len(maybe_built):
        talk_values, has_talk = prepared.talk_codes
        rows_built = tokens.row[maybe_built]
        package[maybe_built] = _mentioned_in_talk(base_of.take(pa.array(tokens.cased[maybe_built])),
                                                  np.where(has_talk[rows_built], talk_values[rows_built], -1), mentions, lexicon)
    is_ordinary = ordinary[tokens.lower]
    kind_codes = pc.index_in(pa.array(candidate_rules().kind_words, pa.large_string()), value_set=tokens.lower_vocab).to_numpy(zero_copy_only=False)
    kind_word = np.zeros(len(tokens.lower_vocab) + 1, bool)
    kind_word[np.asarray(kind_codes[~np.isnan(kind_codes.astype(float))], np.int64)] = True
    before_kind = np.zeros(len(tokens.row), bool)
    before_kind[:-1] = kind_word[tokens.lower[1:]] & (tokens.row[1:] == tokens.row[:-1]) & ~tokens.sentence_start[1:]
    # "commercialized software", "newly app": an English word form before a kind word names nothing.
    kind_at = np.flatnonzero(before_kind)
    if len(kind_at):
        forms = tokens.lower_vocab.take(pa.array(tokens.lower[kind_at]))
        before_kind[kind_at] = ~pc.match_substring_regex(forms, candidate_rules().compound_ending).to_numpy(zero_copy_only=False)

    # Person names: a capitalised word right after a capitalised common word ("Kate
    # Hirschfield"), or next to another unknown capitalised word ("Tibor Vass").
    same_note_prev = np.zeros(len(tokens.row), bool)
    same_note_prev[1:] = tokens.row[1:] == tokens.row[:-1]
    prev_cap = np.zeros(len(tokens.row), bool)
    prev_cap[1:] = capitalised[:-1]
    prev_ordinary = np.zeros(len(tokens.row), bool)
    prev_ordinary[1:] = is_ordinary[:-1]
    next_cap_unknown = np.zeros(len(tokens.row), bool)
    next_cap_unknown[:-1] = capitalised[1:] & ~is_ordinary[1:] & same_note_prev[1:] & ~tokens.sentence_start[1:]
    after_first_name = same_note_prev & prev_cap & prev_ordinary
    after_unknown_cap = same_note_prev & prev_cap & ~prev_ordinary & ~tokens.sentence_start
    # A quoted word is named as a thing ("Pipseeker"), not as part of a person's name.
    name_like = (after_first_name | after_unknown_cap | next_cap_unknown) & ~tokens.quoted

    strong = camel | dotted | mixed | package
    weak = (capitalised & ~tokens.sentence_start & ~name_like) | (tokens.marked & plain) | (before_kind & word)
    eligible = (strong if strong_only else strong | weak) & ~is_ordinary & ~tokens.handle
    hit = np.flatnonzero(eligible)
    # Each found name: its note row, its lower-case code (into the tokens' lower_vocab, then
    # names no token is) and, for the first of each, how it is written (a cased_vocab code,
    # or -1 - i for the i-th extra name).
    rows, key, spelling = tokens.row[hit], tokens.lower[hit], tokens.cased[hit]
    # Names that prose gives as products ("PRCISR™", "Payment Request API"); unless
    # `strong_only`, also names that a token or a code line names without being one:
    # `dplyr::filter`, `library(sf)`, `pip install NAME`, the heads of "name: description" bullets.
    extra_rows, extra_names = named_in_prose(prepared, known, common, lexicon.known_lower())
    if not strong_only:
        # A note whose first token could head a "name: description" bullet (a package-like unknown name).
        first = np.ones(len(tokens.row), bool)
        first[1:] = tokens.row[1:] != tokens.row[:-1]
        heads = np.zeros(len(prepared.notes), bool)
        heads[tokens.row[first]] = (plain & ~is_ordinary)[first]
        package_rows, package_names = named_packages(notes, prepared, known, common, heads)
        edition_rows, edition_names = product_editions(prepared, lexicon, common)
        extra_rows = np.concatenate([extra_rows, package_rows, edition_rows])
        extra_names = pa.concat_arrays([extra_names, package_names, edition_names])
    if len(extra_rows):
        extra_lower = pc.utf8_lower(extra_names)
        extra_key = pc.index_in(extra_lower, value_set=tokens.lower_vocab).fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        new_words = pc.dictionary_encode(extra_lower).indices.to_numpy(zero_copy_only=False).astype(np.int64)
        extra_key = np.where(extra_key >= 0, extra_key, len(tokens.lower_vocab) + new_words)
        # An extra name the tokens already gave in that note counts once. Extras go after the
        # tokens' names (in note order among themselves): a name's first spelling is a token's.
        width = len(tokens.lower_vocab) + len(extra_names) + 1
        extra_pair = extra_rows * width + extra_key
        _, once = np.unique(extra_pair, return_index=True)
        keep = np.zeros(len(extra_rows), bool)
        keep[once] = True
        in_those_notes = np.zeros(len(prepared.notes), bool)
        in_those_notes[extra_rows] = True
        near = np.flatnonzero(in_those_notes[rows])
        keep &= ~np.isin(extra_pair, rows[near] * width + key[near])
        keep_at = np.flatnonzero(keep)
        keep_at = keep_at[np.argsort(extra_rows[keep_at], kind="stable")]
        rows = np.concatenate([rows, extra_rows[keep_at]])
        key = np.concatenate([key, extra_key[keep_at]])
        spelling = np.concatenate([spelling, -1 - keep_at])
    if len(rows) == 0:
        return empty_candidates()

    # Count per (lower-case term, talk) on integer codes; a note without talk is its own "talk" NA.
    talk_values, has_talk = prepared.talk_codes
    talk_code, talk_uniques = pd.factorize(np.where(has_talk[rows], talk_values[rows], -1))
    pair, first, count = np.unique(key * len(talk_uniques) + talk_code, return_index=True, return_counts=True)
    # The first spelling of each lower-case term in the archive names it.
    _, key_first = np.unique(key, return_index=True)
    first_spelling = np.full(int(key.max()) + 1, 0, np.int64)
    first_spelling[key[key_first]] = spelling[key_first]
    talk_id = talk_uniques[pair % len(talk_uniques)]
    written = first_spelling[pair // len(talk_uniques)]
    written_by = pa.concat_arrays([tokens.cased_vocab, extra_names.take(pa.array(np.arange(len(extra_names))[::-1]))])
    # cased_vocab codes as they are; the i-th extra name (-1 - i) after them, in reverse
    terms = written_by.take(pa.array(np.where(written >= 0, written, len(written_by) + written))).to_pylist()
    texts = as_arrow_strings(prepared.notes["text"]).take(pa.array(rows[first])).to_pylist()
    result = pd.DataFrame(
        {
            "term": string_array(pa.array(terms, pa.large_string())),
            "talk_id": pd.array(np.where(talk_id < 0, 0, talk_id), dtype="Int64"),
            "count": pd.array(count.astype(np.int64), dtype="Int64"),
            "evidence": [_excerpt(text, term) for text, term in zip(texts, terms)],
        }
    )
    result.loc[talk_id < 0, "talk_id"] = pd.NA
    result = result.astype(CANDIDATE_COLUMNS)
    return result.sort_values(["talk_id", "count", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


def _repository_candidates(links: pd.DataFrame | None, lexicon: Lexicon, common_words: Iterable[str] | None) -> pd.DataFrame:
    """The repositories of links to code hosts that the lexicon does not know: one row
    per (repository, talk), with the first link as evidence."""
    from .linked import CODE_HOSTS, url_names

    if links is None or links.empty:
        return empty_candidates()
    hosted = links[links["domain"].fillna("").str.lower().str.removeprefix("www.").isin(CODE_HOSTS)]
    if hosted.empty:
        return empty_candidates()
    known = set(_lexicon_words(lexicon).to_pylist())
    common = {w.lower() for w in common_words} if common_words is not None else set(common_words_array().to_pylist())
    counts: dict[tuple[str, object], list] = {}
    for talk_id, url, domain in hosted[["talk_id", "url", "domain"]].itertuples(index=False, name=None):
        names = url_names(url, domain)
        if not names:
            continue
        name = re.sub(r"\.git$", "", url.split("?")[0].split("#")[0].rstrip("/").split("/")[4]) if url.count("/") >= 4 else ""
        if len(name) < 3 or names[0][0] in known or names[0][0] in common or name.lower() != names[0][0]:
            continue
        entry = counts.setdefault((name, talk_id), [0, url])
        entry[0] += 1
    if not counts:
        return empty_candidates()
    frame = pd.DataFrame(
        [(name, talk, count, url) for (name, talk), (count, url) in counts.items()],
        columns=list(CANDIDATE_COLUMNS),
    )
    frame["talk_id"] = frame["talk_id"].astype("Int64")
    return frame.astype(CANDIDATE_COLUMNS)


def _excerpt(text: str, term: str, width: int = EVIDENCE_CHARS) -> str:
    """About `width` characters of `text` around the first occurrence of `term`."""
    if len(text) <= width:
        return text
    at = max(text.lower().find(term.lower()), 0)
    start = max(0, min(at - width // 3, len(text) - width))
    excerpt = text[start : start + width - 2]
    return ("…" if start > 0 else "") + excerpt + ("…" if start + width - 2 < len(text) else "")


def top_candidates(candidates: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The n most widespread candidates: term, n_talks, count, evidence (from the
    talk where the term occurs most), sorted by n_talks, then count, then term."""
    if candidates.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in TOP_COLUMNS.items()})
    ordered = candidates.sort_values(["count", "talk_id"], ascending=[False, True], kind="stable")
    summary = ordered.groupby("term", sort=False).agg(
        n_talks=("talk_id", "nunique"), count=("count", "sum"), evidence=("evidence", "first")
    )
    summary = summary.reset_index().sort_values(["n_talks", "count", "term"], ascending=[False, False, True])
    return summary.head(n).reset_index(drop=True).astype(TOP_COLUMNS)

"""Packages that code and package lists name: calls (`dplyr::filter`, `library(sf)`),
install commands and imports in code, and the heads of "name: description" bullet lists.

Part of the candidates (see candidates.py for every shape a candidate may have); the
word lists of these rules are analysis/lexicon/candidate_rules.toml, read once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..config import packaged_toml
from .textprep import Prepared

RULES_FILE = "candidate_rules.toml"
# A bullet that starts "name: description" / "name (description)" / "name - description".
BULLET_HEAD = r"^(?P<name>[A-Za-z][\w.-]*[A-Za-z0-9])(?::[ \t]|[ \t]+\(|[ \t]+[-–—][ \t])"
PACKAGE_NAME = r"^[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*$"  # lower case, no spaces: `asgi-redis`, `profvis`


@dataclass(frozen=True)
class CandidateRules:
    kind_words: tuple[str, ...]
    call_pattern: str  # RE2 over a token: `library(dplyr`, `dplyr::filter` -> group "name"
    install_pattern: str  # RE2 over a code text: `pip install -U NAME` -> group 1
    import_pattern: str  # RE2 over a code text: `import NAME`, `from NAME import`, `from 'NAME'` -> group 1
    builtin: pa.Array  # lower case
    compound_suffixes: pa.Array
    compound_ending: str  # RE2: the end of a word that makes an English compound


@lru_cache(maxsize=1)
def candidate_rules() -> CandidateRules:
    data = packaged_toml(RULES_FILE)
    alternatives = lambda words: "|".join(re.escape(w).replace("\\ ", " +") for w in sorted(words, key=lambda w: (-len(w), w)))
    calls = alternatives(data["package_calls"])
    return CandidateRules(
        kind_words=tuple(data["kind_words"]),
        call_pattern=rf"^(?:(?:{calls})\(\s*[\"'“‘]?(?P<name>[@A-Za-z][\w.@/-]*)|(?P<ns>[A-Za-z][\w.]*)::[A-Za-z_])",
        install_pattern=(rf"(?:^|[\s`$;(])(?:{alternatives(data['install_commands'])})(?: +global)? +(?:{alternatives(data['install_verbs'])})"
                         r"(?: +-\S*)* +([@A-Za-z][\w.@/-]*[\w])"),
        import_pattern=r"(?:^|[\n;`])[ \t]*(?:import|from)[ \t]+([A-Za-z_][\w]*)|\bfrom[ \t]+['\"]([@A-Za-z][\w.@/-]*)['\"]",
        builtin=pa.array(sorted({w.lower() for w in data["builtin_modules"]}), pa.large_string()),
        compound_suffixes=pa.array(sorted(set(data["compound_suffixes"])), pa.large_string()),
        compound_ending="(?:" + "|".join(re.escape(e) for e in data["compound_endings"]) + ")$",
    )


def extract_all(texts: pa.Array, pattern: str) -> tuple[np.ndarray, pa.Array]:
    """(index in `texts`, text of the pattern's groups) of every match of `pattern`: RE2
    wraps each match's groups in marker characters, then one split finds them all."""
    groups = re.compile(pattern).groups
    marked = pc.replace_substring_regex(texts, pattern, "\x01" + "".join(f"\\{i}" for i in range(1, groups + 1)) + "\x02")
    pieces = pc.split_pattern(marked, "\x01")
    parent = pc.list_parent_indices(pieces).to_numpy()
    flat = pc.list_flatten(pieces)
    is_first = np.ones(len(parent), bool)
    is_first[1:] = parent[1:] != parent[:-1]
    found = pc.list_element(pc.split_pattern(flat.filter(pa.array(~is_first)), "\x02", max_splits=1), 0)
    return parent[~is_first].astype(np.int64), found.cast(pa.large_string())


def accepted(names: pa.Array, known: pa.Array, common: pa.Array | None, min_chars: int) -> np.ndarray:
    """Names long enough that are neither known spellings, nor a language's own modules,
    nor (when `common` is given) ordinary English words."""
    lower = pc.utf8_lower(names)
    ok = pc.utf8_length(names).to_numpy(zero_copy_only=False) >= min_chars
    # The few names are hashed and the long word lists looked up in them, not the other way round.
    for words in (known, candidate_rules().builtin, common):
        if words is not None and len(lower):
            at = pc.index_in(words, value_set=lower).drop_null().to_numpy(zero_copy_only=False).astype(np.int64)
            if len(at):
                refused = np.zeros(len(pc.unique(lower)), bool)
                dictionary = pc.dictionary_encode(lower)
                unique_at = pc.index_in(lower.take(pa.array(np.unique(at))), value_set=dictionary.dictionary).to_numpy(zero_copy_only=False)
                refused[unique_at] = True
                ok &= ~refused[dictionary.indices.to_numpy(zero_copy_only=False)]
    return ok


def _last_part(names: pa.Array) -> pa.Array:
    """A path's last part (`github.com/spf13/cobra` -> cobra, `r-lib/vctrs` -> vctrs); a scoped
    npm name (`@angular/cli`) stays whole."""
    return pc.replace_substring_regex(names, r"^([^@][^/]*/)+", "")


def named_packages(notes: pd.DataFrame, prepared: Prepared, known: pa.Array, common: pa.Array, heads: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    """(note row, name) of the packages named by calls and commands, and of the heads of
    "name: description" bullet lists (see find_candidates)."""
    rules = candidate_rules()
    tokens = prepared.tokens
    rows: list[np.ndarray] = []
    names: list[pa.Array] = []
    # Package calls and namespaces inside one token: `library(dplyr)`, `tinytex::install_tinytex()`.
    vocab = tokens.cased_vocab
    maybe = np.flatnonzero(pc.match_substring_regex(vocab, r"::|\(").to_numpy(zero_copy_only=False))
    if len(maybe):
        parts = pc.extract_regex(vocab.take(pa.array(maybe)), rules.call_pattern)
        valid = parts.is_valid().to_numpy(zero_copy_only=False)
        named = pc.if_else(pc.equal(parts.field("name"), ""), parts.field("ns"), parts.field("name"))
        named = _last_part(pc.if_else(parts.is_valid(), named, "").cast(pa.large_string()))
        ok = valid & accepted(named, known, None, 2)
        name_of = np.full(len(vocab), -1, np.int64)
        name_of[maybe[ok]] = np.flatnonzero(ok)
        at = np.flatnonzero(name_of[tokens.cased] >= 0)
        if len(at):
            rows.append(tokens.row[at])
            names.append(named.take(pa.array(name_of[tokens.cased[at]])))
    # Install commands and imports in code spans and code notes.
    code_note, has_tick = prepared.code_rows
    code_at = np.flatnonzero(code_note | has_tick)
    if len(code_at):
        code_texts = prepared.masked.take(pa.array(code_at))
        for pattern, filter_common in ((rules.install_pattern, None), (rules.import_pattern, common)):
            at, named = extract_all(code_texts, pattern)
            named = _last_part(named)
            ok = accepted(named, known, filter_common, 2)
            rows.append(code_at[at[ok]])
            names.append(named.filter(pa.array(ok)))
    # "- profvis: see what makes it slow" among sibling bullets of the same shape.
    bullets = _bullet_heads(notes, prepared, heads)
    if bullets is not None:
        at, named, group = bullets
        # A list of such items: two or more of its bullets start with a package-like name that
        # is no English word (a known product among them counts too: "- redis: the cache").
        package_like = pc.match_substring_regex(named, PACKAGE_NAME).to_numpy(zero_copy_only=False)
        package_like &= accepted(named, pa.array([], pa.large_string()), common, 3)
        _, where, size = np.unique(group[package_like], return_inverse=True, return_counts=True)
        ok = np.zeros(len(at), bool)
        ok[np.flatnonzero(package_like)[size[where.reshape(-1)] >= 2]] = True
        ok &= accepted(named, known, None, 3)
        rows.append(at[ok])
        names.append(named.filter(pa.array(ok)))
    if not rows:
        return np.zeros(0, np.int64), pa.array([], pa.large_string())
    return np.concatenate(rows).astype(np.int64), pa.concat_arrays(names)


def _bullet_heads(notes: pd.DataFrame, prepared: Prepared, heads: np.ndarray) -> tuple[np.ndarray, pa.Array, np.ndarray] | None:
    """(row, name, list) of bullets that start "name: description" (or "name (description)",
    "name - description"); a list is a code per talk and parent note. Only the lists holding
    a bullet whose first word may be such a name (`heads`) are read."""
    kinds = prepared.notes.get("kind")
    if kinds is None:
        return None
    if isinstance(kinds.dtype, pd.CategoricalDtype):
        is_bullet = kinds.cat.codes.to_numpy() == (kinds.cat.categories.get_loc("bullet") if "bullet" in kinds.cat.categories else -2)
    else:
        is_bullet = np.asarray(kinds.astype(object) == "bullet", bool)
    if not (is_bullet & heads).any():
        return None
    # Siblings: same talk and parent note (the notes frame's parent_id, when it has one).
    talk_values, _ = prepared.talk_codes
    parent = np.full(len(prepared.notes), -1.0)
    if "parent_id" in notes.columns:
        note_ids = prepared.notes["note_id"].to_numpy(dtype=np.int64)
        if len(notes) == len(note_ids) and np.array_equal(notes["note_id"].to_numpy(dtype=np.int64), note_ids):
            parent = notes["parent_id"].to_numpy(dtype=np.float64, na_value=-1.0)  # same order: no lookup
        else:
            parent = notes.set_index("note_id")["parent_id"].reindex(note_ids).to_numpy(dtype=np.float64, na_value=-1.0)
    parent_code = parent.astype(np.int64) + 1  # 0: no parent
    group = talk_values * (int(parent_code.max(initial=0)) + 1) + parent_code
    bullet_at = np.flatnonzero(is_bullet & pd.Series(group).isin(pd.unique(group[is_bullet & heads])).to_numpy())
    texts = prepared.masked.take(pa.array(bullet_at))
    # Matched without capturing (faster), then extracted from the few that match.
    shaped = pc.match_substring_regex(texts, BULLET_HEAD.replace("?P<name>", "?:")).to_numpy(zero_copy_only=False)
    if shaped.sum() < 2:
        return None
    at = bullet_at[shaped]
    named = pc.extract_regex(texts.filter(pa.array(shaped)), BULLET_HEAD).field("name").cast(pa.large_string())
    return at, named, group[at]

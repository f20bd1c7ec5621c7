"""Find product mentions in note texts.

The matches come from matcher.py (every spelling in one trie over words, walked over
all notes at once); this module decides which of them are mentions, without looping over
notes or aliases in Python.

Case-sensitive spellings ("Go", "Hub", "Compose", "Edge") are found through
their lower-case form, then compared with the text as written; their `context`
words are looked for only in the notes of the talks that need it.

Which case-sensitive matches count is data: each entry's `rules` (see RULES in
lexicon.py): written in its case mid-sentence or anywhere, with a context word
in the talk, in a `code span`, in a title. Only the matches that some rule could
accept (written exactly as listed, or inside code) get per-match work, so the
thousands of lower-case "make", "just" and "note" cost a vectorised filter only.

Two rules hold for every case-sensitive entry, beyond its own (data in
analysis/lexicon/mention_rules.toml): its name in any case right before a plugin word
("a chrome plugin", "chrome devtools") for software that takes plugins, and its name in
capitals as no entry spells it ("LESS") in a talk that holds one of its context words or
another product of its category (`_written_otherwise`).

Each mention says where it was found (`via`): "text" (prose), "code" (a code
span or code note) or "title" (a talk's title: note_id is <NA>, talk_id is set;
or a segment title: the note it heads). URLs are no prose: the product a link's
URL names is the link's (linked.py's `link_products`), not a mention.

The text preparation (URL blanking, lower-casing) is textprep.py's
`prepare`, shared with candidates, themes and keywords through `prepared=`.
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
from ..frames.schema import SCHEMA
from .lexicon import Lexicon
from .matcher import ProductMatcher, RawMatches, scan
from .textprep import Prepared, common_words_array, prepare, string_array, substrings
from .word_trie import is_word_char

MENTION_COLUMNS = SCHEMA["mentions"]


def _slices(array: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    """text[row][start:end] for each triple (Python, so only for the few rows that need it)."""
    texts = array.take(pa.array(rows, pa.int64())).to_pylist()
    return [t[s:e] for t, s, e in zip(texts, starts.tolist(), ends.tolist())]


_SLASH_PARTS = re.compile(r"(?:/[\w.+#-]+)+")
_LAST_WORD = re.compile(r"[\s-](\S+)$")


@dataclass(kw_only=True)
class Found:
    """Working set of matches: parallel arrays that the steps below filter and extend."""

    row: np.ndarray
    start: np.ndarray
    end: np.ndarray
    product: np.ndarray  # object array; None = no product (yet)
    # Set by _resolve_cased for _written_otherwise: (match indices, code of each as written, the written texts).
    cased_written: tuple = ()

    def keep(self, mask: np.ndarray) -> "Found":
        return Found(row=self.row[mask], start=self.start[mask], end=self.end[mask], product=self.product[mask])


def _slash_shorthand(matcher: ProductMatcher, text: Prepared, found: Found, slash: np.ndarray) -> Found:
    """"Docker For Mac/Windows" -> Docker for Mac + Docker for Windows.

    For a multi-word match followed by "/part(/part)*", try the match's prefix
    (all but its last word) with each part; a known spelling replaces whatever
    the bare part matched on its own ("Windows").
    """
    idx = np.flatnonzero(slash & (found.product != None))  # noqa: E711 (element-wise)
    if len(idx) == 0:
        return found
    rows, starts, ends = found.row[idx], found.start[idx], found.end[idx]
    spellings = _slices(text.lower, rows, starts, ends)
    tails = _slices(text.lower, rows, ends, ends + 200)
    added: dict[tuple[int, int], tuple[int, str]] = {}
    for row, end, spelling, tail in zip(rows.tolist(), ends.tolist(), spellings, tails):
        last_word = _LAST_WORD.search(spelling)
        parts = _SLASH_PARTS.match(tail)
        if last_word is None or parts is None:
            continue
        prefix = spelling[: last_word.start(1)]
        position = end
        for part in parts.group().split("/")[1:]:
            position += 1  # the slash
            product = matcher.plain.get(prefix + part)
            if product is not None:
                added[(row, position)] = (position + len(part), product)
            position += len(part)
    if not added:
        return found
    width = int(max(found.start.max(initial=0), max(k[1] for k in added))) + 1
    added_keys = np.array([row * width + start for row, start in added], np.int64)
    replaced = np.isin(found.row * width + found.start, added_keys)
    found = found.keep(~replaced)
    new_rows = np.array([k[0] for k in added], np.int64)
    new_starts = np.array([k[1] for k in added], np.int64)
    merged = Found(
        row=np.concatenate([found.row, new_rows]),
        start=np.concatenate([found.start, new_starts]),
        end=np.concatenate([found.end, np.array([v[0] for v in added.values()], np.int64)]),
        product=np.concatenate([found.product, np.array([v[1] for v in added.values()], object)]),
    )
    order = np.lexsort((merged.start, merged.row))
    return merged.keep(order)


_OPENERS = " \t*_~\"'“‘([{"
_SENTENCE_MARKS = set(".!?:;•–—-#>|=")
_LIST_MARKS = set(",/&+")
_JOINERS = frozenset("&/-'’")
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to vs with".split())


def _capitalised_word(word: str) -> bool:
    """"Things", not "THINGS" or "things": a word of a Title Case phrase."""
    return len(word) > 1 and word[0].isupper() and not word.isupper()


def in_prose_flags(before: str, after: str) -> tuple[bool, bool]:
    """(after a lower-case word, inside a run of Capitalised Words) for a match
    between the texts `before` and `after` it (a few dozen characters each)."""
    head = before.rstrip(_OPENERS)
    next_word = after.split(None, 1)[0] if after[:1] == " " and after.strip() else ""
    run_after = _capitalised_word(next_word.strip("*_`\"'”’),.:;!?"))
    if not head:
        return False, run_after
    last = head[-1]
    if last in _LIST_MARKS:
        return True, run_after
    if last in _SENTENCE_MARKS or not is_word_char(last):
        return False, run_after
    words = head.split()
    word = words[-1].lstrip(_OPENERS)
    if _capitalised_word(word):
        return False, True
    # "Internet of Things": a Title Case phrase keeps its small words in lower case.
    if word in _SMALL_WORDS and len(words) > 1 and _capitalised_word(words[-2].strip("*_`\"'”’(")):
        return True, True
    return word[:1].islower(), run_after


def code_flags(text: Prepared, rows: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(inside code, at the head of code) per match: inside a `code span` (an odd number
    of backticks before it in its note) or a code note; and its first word, where a
    command or a package is named (`make test`, `uv pip install`, a code line's first word)."""
    inside = np.zeros(len(rows), bool)
    head = np.zeros(len(rows), bool)
    if len(rows) == 0:
        return inside, head
    code_note, has_tick = text.code_rows
    idx = np.flatnonzero((has_tick | code_note)[rows])
    if len(idx) == 0:
        return inside, head
    prefix = substrings(text.masked, rows[idx], np.zeros(len(idx), np.int64), starts[idx])
    in_span = pc.count_substring(prefix, "`").to_numpy(zero_copy_only=False) % 2 == 1
    in_note = code_note[rows[idx]]
    def ends(suffix: str) -> np.ndarray:
        return pc.ends_with(prefix, suffix).to_numpy(zero_copy_only=False)
    line_start = (starts[idx] == 0) | ends("\n") | ends("$ ")
    inside[idx] = in_span | in_note
    head[idx] = (in_span & (ends("`") | ends("`$ "))) | (in_note & line_start)
    return inside, head


def title_flags(text: Prepared, rows: np.ndarray, starts: np.ndarray, titles: bool) -> np.ndarray:
    """Whether each match is in a title: every text is one when `titles`, else the first
    `title_chars` characters of a note (a segment title, put there by the enricher)."""
    if titles:
        return np.ones(len(rows), bool)
    chars = text.notes.get("title_chars")
    if chars is None:
        return np.zeros(len(rows), bool)
    return starts < chars.fillna(0).to_numpy(dtype=np.int64)[rows]


def _resolve_cased(
    matcher: ProductMatcher, text: Prepared, found: Found, is_cased: np.ndarray, groups: np.ndarray,
    in_code: np.ndarray, code_head: np.ndarray, in_title: np.ndarray, titles: bool,
) -> None:
    """Case-sensitive spellings: give each match the first product (in file order)
    one of whose rules (lexicon.RULES) accepts it. A spelling that is also a plain
    alias keeps its plain product otherwise; any other match is dropped."""
    idx = np.flatnonzero(is_cased)
    if len(idx) == 0:
        return
    written = pc.dictionary_encode(substrings(text.masked, found.row[idx], found.start[idx], found.end[idx]))
    spelling = written.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    written_values = written.dictionary.to_pylist()
    found.cased_written = (idx, spelling, written_values)
    exact_products = [frozenset(matcher.cased.get(w, ())) for w in written_values]
    # Only a match written exactly as listed, or inside code, can be accepted by any rule.
    exact = np.array([bool(p) for p in exact_products] + [False], bool)[:-1][spelling]
    # The first word of a [link label] ("[Emmet](http://emmet.io)"): the "link" rule's evidence,
    # unless it is a common English word ("[Slides](url)", "[Things we learned](#things)").
    label = substrings(text.masked, found.row[idx], np.maximum(found.start[idx] - 1, 0), found.start[idx])
    label = pc.equal(label, "[").to_numpy(zero_copy_only=False)
    label_at = np.flatnonzero(label)
    if len(label_at):
        words = pc.utf8_lower(written.dictionary.take(pa.array(spelling[label_at])))
        label[label_at] = ~pc.is_in(words, value_set=common_words_array()).to_numpy(zero_copy_only=False)
    keep_plain = ~(exact | code_head[idx] | label)
    # The others keep their plain product, if the spelling is also a plain alias.
    idx, spelling, exact, label = idx[~keep_plain], spelling[~keep_plain], exact[~keep_plain], label[~keep_plain]
    if len(idx) == 0:
        return
    rows, starts, ends = found.row[idx], found.start[idx], found.end[idx]
    group_code, group_values = pd.factorize(groups)
    n_groups = len(group_values)
    # Where each match stands in its sentence: only for exact matches, a few dozen characters each.
    mid = np.zeros(len(idx), bool)
    run = np.zeros(len(idx), bool)
    # Only for spellings some of whose products take a mid-sentence match.
    prose_rule = np.array([any("mid-sentence" in matcher.evidence.get(p, ()) for p in products) for products in exact_products] + [False], bool)
    exact_at = np.flatnonzero(exact & prose_rule[:-1][spelling])
    if len(exact_at):
        before = _slices(text.masked, rows[exact_at], np.maximum(starts[exact_at] - 40, 0), starts[exact_at])
        after = _slices(text.masked, rows[exact_at], ends[exact_at], ends[exact_at] + 40)
        flags = [in_prose_flags(b, a) for b, a in zip(before, after)]
        mid[exact_at] = [f[0] for f in flags]
        run[exact_at] = [f[1] for f in flags]
    title = in_title[idx]
    code = code_head[idx]
    # A title's first word counts only before a symbol ("React + WordPress"), not before
    # a word ("Things we learned"): the capital says nothing there. Nor does a talk's title
    # that is the name alone ("Expo", "Session": a programme's rooms and breaks); a segment
    # titled so inside a talk ("Dash", among tools) is about it.
    first = np.zeros(len(idx), bool)
    if title.any():
        at = np.flatnonzero(title & exact)
        before = _slices(text.masked, rows[at], np.maximum(starts[at] - 40, 0), starts[at])
        after = _slices(text.masked, rows[at], ends[at], ends[at] + 60)
        first[at] = [
            not b.strip(_OPENERS) and (re.match(r"[ \t]+\w", a) is not None or (len(a) < 60 and re.search(r"\w", a) is None))
            for b, a in zip(before, after)
        ]
    lower_of = [w.lower() for w in written_values]
    # The talk matters only where a context word could decide: for the other spellings every
    # match is put in talk 0, so that their rules are decided once, not once per talk.
    by_talk = np.array([any(p in matcher.context_patterns for p in matcher.cased_any.get(lower, ())) for lower in lower_of] + [False], bool)[:-1]
    match_group = np.where(by_talk[spelling], group_code[rows], 0)
    # Rules are decided once per distinct state: one int64 key per match (np.unique of a
    # 1-D key is several times faster than of rows), decoded back into the state's fields.
    flag_bits = np.stack([mid, run, title, code, first, label]).astype(np.int64)
    key = (spelling * n_groups + match_group) << 6 | (flag_bits << np.arange(6)[:, None]).sum(axis=0)
    distinct_keys, state_of_match = np.unique(key, return_inverse=True)
    state_of_match = state_of_match.reshape(-1)
    distinct = np.column_stack([(distinct_keys >> 6) // n_groups, (distinct_keys >> 6) % n_groups,
                                *((distinct_keys >> np.arange(6)[:, None]) & 1)])

    def accepts(product: str, w: int, flags: list[int], context: bool) -> bool:
        _, _, at_mid, in_run, in_title, at_code, at_first, at_label = flags
        rules = matcher.evidence.get(product, frozenset())
        if at_code and "code" in rules and product not in matcher.capitals_only.get(lower_of[w], ()):
            return True
        if at_label and "link" in rules and product not in matcher.capitals_only.get(lower_of[w], ()):
            return True
        if product not in exact_products[w]:
            return False
        return (
            "cased" in rules
            or ("mid-sentence" in rules and at_mid and not in_run and not titles)
            or ("title" in rules and in_title and not in_run and not at_first)
            or (context and "context" in rules)
        )

    # Context words are looked for once per product, in the talks that need them.
    wanted: dict[str, set[int]] = {}
    for flags in distinct.tolist():
        w, g = flags[0], flags[1]
        for product in matcher.cased_any.get(lower_of[w], ()):
            if product in matcher.context_patterns and product in exact_products[w] and not accepts(product, w, flags, False):
                wanted.setdefault(product, set()).add(g)
    present: dict[str, np.ndarray] = {}
    for product, groups_wanted in wanted.items():
        in_groups = np.zeros(n_groups, bool)
        in_groups[list(groups_wanted)] = True
        rows_in = np.flatnonzero(in_groups[group_code])
        hit = pc.match_substring_regex(text.lower.take(pa.array(rows_in)), matcher.context_patterns[product])
        found_in = np.zeros(n_groups, bool)
        found_in[group_code[rows_in[hit.to_numpy(zero_copy_only=False)]]] = True
        present[product] = found_in

    chosen = np.empty(len(distinct), object)
    for i, flags in enumerate(distinct.tolist()):
        w, g = flags[0], flags[1]
        for product in matcher.cased_any.get(lower_of[w], ()):
            if accepts(product, w, flags, product in present and bool(present[product][g])):
                chosen[i] = product
                break
    resolved = chosen[state_of_match]
    assign = resolved != None  # noqa: E711 (element-wise)
    found.product[idx[assign]] = resolved[assign]


@lru_cache(maxsize=1)
def _mention_rules() -> tuple[str, frozenset[str], int]:
    """(RE2 for the words that say a name is being extended, the categories of products that
    are, least letters of a name in capitals): analysis/lexicon/mention_rules.toml."""
    data = packaged_toml("mention_rules.toml")
    words = sorted(data["followed_by"], key=lambda w: (-len(w), w))
    pattern = r"^[ \t]+(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    return pattern, frozenset(data["extended_categories"]), int(data["capitals"]["min_letters"])


_CAPITALS_WORD = re.compile(r"[A-Z][A-Z0-9]+")


def _written_otherwise(matcher: ProductMatcher, text: Prepared, found: Found, is_cased: np.ndarray, groups: np.ndarray,
                       raw: RawMatches) -> None:
    """Case-sensitive names that no entry rule accepted, accepted by two rules of every such
    entry (analysis/lexicon/mention_rules.toml): written in any case before a word saying it
    is being extended ("a chrome plugin", "chrome devtools"), and written in capitals ("LESS")
    in a talk holding the entry's context words or another product of its category.
    `found` is still aligned with `raw`, whose lower-case spellings narrow the work."""
    followers, extended, min_letters = _mention_rules()
    lower_product = [(matcher.cased_any.get(s) or (None,))[0] for s in raw.spellings]
    takes_plugins = np.array([p is not None and matcher.categories[p] in extended for p in lower_product] + [False], bool)[:-1]
    open_match = is_cased & (found.product == None)  # noqa: E711 (element-wise)
    # Before a plugin word: only spellings of products that take plugins.
    idx = np.flatnonzero(open_match & takes_plugins[raw.code])
    if len(idx):
        # Only in the notes that hold a plugin word at all (one scan of those notes).
        note_rows = np.unique(found.row[idx])
        subset = text.lower.take(pa.array(note_rows))
        has_word = pc.match_substring_regex(subset, followers.replace("^[ \\t]+", "\\b")).to_numpy(zero_copy_only=False)
        keep = has_word[np.searchsorted(note_rows, found.row[idx])]
        idx = idx[keep]
    if len(idx):
        with_word = np.flatnonzero(has_word)
        subset = subset.filter(pa.array(has_word))
        position = np.searchsorted(note_rows[with_word], found.row[idx])
        ends = found.end[idx]
        length = pc.utf8_length(subset).to_numpy(zero_copy_only=False).astype(np.int64)[position]
        after = substrings(subset, position, np.minimum(ends, length), np.minimum(ends + 16, length))
        followed = pc.match_substring_regex(after, followers).to_numpy(zero_copy_only=False)
        product_of = np.array(lower_product + [None], object)[:-1]
        found.product[idx[followed]] = product_of[raw.code[idx[followed]]]
    # In capitals as no entry spells it (an entry's own capitals, "SVG", keep its rules), 3+ letters.
    if not found.cased_written:
        return
    cased_at, code, spelled = found.cased_written
    capitals = np.array([w.isupper() and w not in matcher.cased and sum(c.isalpha() for c in w) >= min_letters
                         for w in spelled] + [False], bool)[:-1]
    pick = capitals[code] & open_match[cased_at] & (found.product[cased_at] == None)  # noqa: E711 (element-wise)
    idx, code = cased_at[pick], code[pick]
    if len(idx) == 0:
        return
    rows, starts, ends = found.row[idx], found.start[idx], found.end[idx]
    first_product = np.array([(matcher.cased_any.get(w.lower()) or (None,))[0] for w in spelled] + [None], object)[:-1]
    shout = np.flatnonzero(capitals[code])
    if len(shout) == 0:
        return
    before = _slices(text.masked, rows[shout], np.maximum(starts[shout] - 30, 0), starts[shout])
    behind = _slices(text.masked, rows[shout], ends[shout], ends[shout] + 30)
    # Not a run of capitals ("LESS IS MORE") nor a label ("NOTE:").
    alone = [not (b.split() and _CAPITALS_WORD.fullmatch(b.split()[-1].strip("*_`\"'(,"))) and
             not (a.split() and _CAPITALS_WORD.fullmatch(a.split()[0].strip("*_`\"'),.;!?"))) and not a.startswith(":")
             for b, a in zip(before, behind)]
    shout = shout[np.array(alone, bool)]
    if len(shout) == 0:
        return
    # The talk's other products (by category) and, per product wanted, whether its context words are there.
    known = found.product != None  # noqa: E711 (element-wise)
    known &= np.isin(groups[found.row], groups[rows[shout]])  # only the talks that need it
    talk_categories: dict[int, set[str]] = {}
    for group, product in zip(groups[found.row[known]].tolist(), found.product[known].tolist()):
        talk_categories.setdefault(group, set()).add(matcher.categories[product])
    decided: dict[tuple[int, str], bool] = {}  # once per talk and product
    for at in shout.tolist():
        product = first_product[code[at]]
        if product is None:
            continue
        group = int(groups[rows[at]])
        confirmed = decided.get((group, product))
        if confirmed is None:
            confirmed = matcher.categories[product] in talk_categories.get(group, set())
            pattern = matcher.context_patterns.get(product)
            if not confirmed and pattern:
                in_talk = np.flatnonzero(groups == group)
                confirmed = bool(pc.any(pc.match_substring_regex(text.lower.take(pa.array(in_talk)), pattern)).as_py())
            decided[(group, product)] = confirmed
        if confirmed:
            found.product[idx[at]] = product


def _glued_to_previous_word(text: Prepared, found: Found, punct_start: np.ndarray) -> np.ndarray:
    """Spellings starting with punctuation (".net") have no word boundary in the
    regex; flag those glued to a preceding word ("example.net")."""
    glued = np.zeros(len(found.row), bool)
    idx = np.flatnonzero(punct_start & (found.start > 0))
    if len(idx):
        previous = _slices(text.lower, found.row[idx], found.start[idx] - 1, found.start[idx])
        glued[idx] = [is_word_char(c) for c in previous]
    return glued


def _part_of_a_name(text: Prepared, found: Found) -> np.ndarray:
    """Matches that are part of a longer name: a @handle ("@tectonic") or the end of a
    dotted name ("meteor.js", whose "js" is no JavaScript)."""
    part = np.zeros(len(found.row), bool)
    idx = np.flatnonzero((found.start > 0) & (found.product != None))  # noqa: E711 (element-wise)
    if len(idx) == 0:
        return part
    before = substrings(text.masked, found.row[idx], np.maximum(found.start[idx] - 2, 0), found.start[idx])
    part[idx] = pc.match_substring_regex(before, r"@$|\w\.$").to_numpy(zero_copy_only=False)
    # A one- or two-letter name joined to its neighbours is part of them: "R&D", "K/V", "B-cell".
    short = idx[(found.end[idx] - found.start[idx]) <= 2]
    if len(short):
        length = pc.utf8_length(text.masked).to_numpy(zero_copy_only=False).astype(np.int64)
        ends = np.minimum(found.end[short] + 1, length[found.row[short]])
        around = substrings(text.masked, found.row[short], np.maximum(found.start[short] - 1, 0), ends).to_pylist()
        starts = found.start[short].tolist()
        closed = (ends > found.end[short]).tolist()
        part[short] |= [(s > 0 and a[:1] in _JOINERS) or (c and a[-1:] in _JOINERS) for a, s, c in zip(around, starts, closed)]
    return part


def context_groups(notes: pd.DataFrame) -> np.ndarray:
    """Talk of each note as an int array; a note without a talk is its own group."""
    talk = notes["talk_id"].astype("Int64")
    fallback = -np.arange(1, len(notes) + 1, dtype=np.int64)
    return np.where(talk.isna().to_numpy(), fallback, talk.fillna(0).to_numpy(dtype=np.int64))


def empty_mentions() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in MENTION_COLUMNS.items()})


def find_mentions(notes: pd.DataFrame, lexicon: Lexicon, *, prepared: Prepared | None = None, titles: bool = False) -> pd.DataFrame:
    """One row per product mention: note_id, talk_id, product, category, matched, via.

    Ordered by note_id, then position in the note.  `matched` is the text as
    written ("k8s" for Kubernetes).  `prepared` is `prepare(notes)` when the
    caller shares it with the other enrichment steps (built here otherwise).
    With `titles`, every text is a talk's title: the rows have via "title" (the
    caller decides their note_id).
    """
    if notes.empty:
        return empty_mentions()
    matcher = ProductMatcher.for_lexicon(lexicon)
    text = prepared if prepared is not None else prepare(notes)
    raw = scan(text, matcher.trie)
    if len(raw.row) == 0:
        return empty_mentions()
    # Per distinct spelling, then spread to matches through the codes.
    spellings = raw.spellings
    length = np.array([len(s) for s in spellings], np.int64)[raw.code]
    plain_product = np.array([matcher.plain.get(s) for s in spellings] + [None], object)[:-1][raw.code]
    is_cased = np.array([s in matcher.cased_by_lower for s in spellings], bool)[raw.code]
    punct_start = np.array([not is_word_char(s[0]) for s in spellings], bool)[raw.code]

    found = Found(row=raw.row, start=raw.start, end=raw.start + length, product=plain_product.copy())
    in_code, code_head = code_flags(text, found.row, found.start)
    in_title = title_flags(text, found.row, found.start, titles)
    groups = context_groups(text.notes)
    _resolve_cased(matcher, text, found, is_cased, groups, in_code, code_head, in_title, titles)
    _written_otherwise(matcher, text, found, is_cased, groups, raw)
    found.product[_part_of_a_name(text, found)] = None
    glued = _glued_to_previous_word(text, found, punct_start)
    found.product[glued] = None
    found = _slash_shorthand(matcher, text, found, raw.slash_follows)
    found = found.keep(found.product != None)  # noqa: E711 (element-wise)
    if len(found.row) == 0:
        return empty_mentions()
    via = np.where(title_flags(text, found.row, found.start, titles), "title",
                   np.where(code_flags(text, found.row, found.start)[0], "code", "text"))

    # Products as codes into one table of names: no Python string per mention.
    product_code, names = pd.factorize(found.product)
    names = list(names)
    categories = MENTION_COLUMNS["category"]
    category_code = categories.categories.get_indexer([matcher.categories[name] for name in names])
    frame = pd.DataFrame(
        {
            "note_id": pd.array(text.notes["note_id"].to_numpy(dtype=np.int64)[found.row], dtype="Int64"),
            "talk_id": text.notes["talk_id"].array.take(found.row),
            "product": string_array(pa.array(names, pa.large_string()).take(pa.array(product_code))),
            "category": pd.Categorical.from_codes(category_code[product_code], dtype=categories),
            "matched": string_array(substrings(text.masked, found.row, found.start, found.end)),
            "via": pd.Categorical(via, dtype=MENTION_COLUMNS["via"]),
        }
    )
    return frame.astype(MENTION_COLUMNS)

"""Product-like names that the lexicon does not know yet.

A token of the notes (see analysis/keywords.py for what a token is) is a
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
  (3+ letters).  Only the first word: the tokeniser marks where spans open.

Excluded: @handles, dotted names whose first label is a known product
("docker.com"), anything whose lower-case form is a lexicon spelling, a word of a
multi-word product spelling, a text matched in `mentions`, or one of the
common words (analysis/lexicon/common_words.txt, top 20,000 English words).
All-capital acronyms ("MVP", "NFE") are not candidates: they are mostly jargon.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.keywords import note_tokens
from analysis.lexicon import LEXICON_DIR, Lexicon

COMMON_WORDS_FILE = LEXICON_DIR / "common_words.txt"
EVIDENCE_CHARS = 120

CANDIDATE_COLUMNS = {"term": "string", "talk_id": "Int64", "count": "Int64", "evidence": "string"}
TOP_COLUMNS = {"term": "string", "n_talks": "Int64", "count": "Int64", "evidence": "string"}

CAMEL_CASE = r"[a-z][A-Z]"
DOTTED_NAME = r"^[A-Za-z][\w-]+(?:\.[A-Za-z][\w-]*)+$"
FILE_EXTENSION = (
    r"\.(?:ya?ml|json|xml|md|txt|log|html?|css|py|rb|go|sh|conf|cfg|ini|toml|lock|png|jpe?g|gif|svg|pdf"
    r"|csv|tar|gz|tgz|zip|exe|dll|so|c|h|cpp|java|php|sql|sock|pem|key|crt|iso|img|vmdk|vdi|deb|rpm)$"
)
LETTERS_AND_DIGITS = r"^(?=.*\d)(?=(?:.*[A-Za-z]){2})[A-Za-z0-9][\w-]*$"
NOT_A_NAME = (
    r"^(?:v\d.*|0x[0-9a-f]+|\d+(?:st|nd|rd|th|ms|s|sec|min|mins|h|hrs?|k|m|g|gb|mb|kb|tb|gbps|mbps|kbps"
    r"|ghz|mhz|px|pt|em|x|am|pm|fps|bn|yrs?|cm|mm|km|kg|kw|v|d|w|y|b)|\d+[-–]\w+|\w+[-–]\d+)$"
)
CAPITALISED = r"^[A-Z][a-z]{2,}$"
PLAIN_WORD = r"^[A-Za-z][a-z0-9]{2,}$"


@lru_cache(maxsize=1)
def default_common_words() -> frozenset[str]:
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _known_words(lexicon: Lexicon, mentions: pd.DataFrame) -> frozenset[str]:
    """Lower-case spellings the candidates must skip: every lexicon spelling, each
    word of multi-word spellings ("Docker For Mac" -> "mac"), every matched text."""
    known = set(lexicon.known_lower())
    known.update(word for spelling in list(known) for word in spelling.split() if " " in spelling)
    if not mentions.empty:
        known.update(mentions["matched"].dropna().str.lower().unique().tolist())
    return frozenset(known)


def _shape_flags(vocab: np.ndarray, known: frozenset[str]) -> pd.DataFrame:
    """Per distinct token as written: which candidate shape it has."""
    words = pd.Series(vocab, dtype="string[pyarrow]")
    lower = words.str.lower()
    dotted = words.str.match(DOTTED_NAME) & ~lower.str.contains(FILE_EXTENSION, regex=True)
    # "docker.com" is a known product's site, not a new name.
    dotted &= ~lower.str.replace(r"\..*$", "", regex=True).isin(known)
    mixed = words.str.match(LETTERS_AND_DIGITS) & ~lower.str.match(NOT_A_NAME)
    return pd.DataFrame(
        {
            "camel": words.str.contains(CAMEL_CASE, regex=True),
            "dotted": dotted,
            "mixed": mixed,
            "capitalised": words.str.match(CAPITALISED),
            "plain": words.str.match(PLAIN_WORD),
        }
    ).fillna(False).astype(bool)


def empty_candidates() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in CANDIDATE_COLUMNS.items()})


def find_candidates(
    notes: pd.DataFrame,
    mentions: pd.DataFrame,
    lexicon: Lexicon,
    common_words: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Unknown product-like names: term, talk_id, count, evidence (one row per term and talk).

    `term` is the first spelling seen in the archive; variants differing only in
    case are counted together.  `evidence` is a note containing the term,
    cut to about 120 characters around it.
    """
    if notes.empty:
        return empty_candidates()
    tokens = note_tokens(notes)
    common = frozenset(w.lower() for w in common_words) if common_words is not None else default_common_words()
    ignored = common | _known_words(lexicon, mentions)

    shape = _shape_flags(tokens.cased_vocab, _known_words(lexicon, mentions))
    ordinary = pd.Series(tokens.lower_vocab).isin(ignored).to_numpy()
    camel, dotted, mixed, capitalised, plain = (shape[c].to_numpy()[tokens.cased] for c in shape.columns)
    is_ordinary = ordinary[tokens.lower]

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
    name_like = after_first_name | after_unknown_cap | next_cap_unknown

    eligible = (
        camel
        | dotted
        | mixed
        | (capitalised & ~tokens.sentence_start & ~name_like)
        | (tokens.marked & plain)
    ) & ~is_ordinary & ~tokens.handle
    hit = np.flatnonzero(eligible)
    if len(hit) == 0:
        return empty_candidates()

    talk = tokens.notes["talk_id"].to_numpy()[tokens.row[hit]]
    found = pd.DataFrame({"key": tokens.lower[hit], "talk_id": talk, "row": tokens.row[hit], "cased": tokens.cased[hit]})
    spelling = found.drop_duplicates("key").set_index("key")["cased"]  # first spelling in the archive
    grouped = found.groupby(["key", "talk_id"], sort=False, dropna=False).agg(count=("row", "size"), row=("row", "first"))
    grouped = grouped.reset_index()
    terms = tokens.cased_vocab[spelling.reindex(grouped["key"]).to_numpy()]
    texts = tokens.notes["text"].astype("string").fillna("").to_numpy(dtype=object)[grouped["row"].to_numpy()]
    result = pd.DataFrame(
        {
            "term": terms,
            "talk_id": grouped["talk_id"].to_numpy(),
            "count": grouped["count"].to_numpy(),
            "evidence": [_excerpt(text, term) for text, term in zip(texts, terms)],
        }
    ).astype(CANDIDATE_COLUMNS)
    return result.sort_values(["talk_id", "count", "term"], ascending=[True, False, True], kind="stable").reset_index(drop=True)


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

"""`Enricher`: what each talk is about: product mentions, unknown names, themes, keywords.

Mentions, candidates and themes depend on one talk's notes only, so they are
computed per chunk of files, in the worker processes that parse them. Keywords
compare a talk with every talk loaded, so they are computed once over the whole
load. Imported lazily by the loader: a warm load from the cache never pays for it.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from .lexicon import Lexicon, Taxonomy, load_lexicon, load_taxonomy


@dataclass(frozen=True, kw_only=True)
class Enricher:
    lexicon: Lexicon
    taxonomy: Taxonomy

    @classmethod
    def load(cls, lexicon_files: Iterable[str | os.PathLike] = (), taxonomy_files: Iterable[str | os.PathLike] = ()) -> Enricher:
        """The enricher of the packaged lexicon and taxonomy extended by these files. Each
        distinct set of files is read once per process, and its product matcher built once."""
        from .matcher import ProductMatcher

        lexicon = load_lexicon(tuple(lexicon_files))
        ProductMatcher.for_lexicon(lexicon)  # build once; workers receive it with the enricher
        return cls(lexicon=lexicon, taxonomy=load_taxonomy(tuple(taxonomy_files), lexicon=lexicon))

    def per_talk(self, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Mentions, candidates and themes of the talks in `frames` (any subset of talks)."""
        from .candidates import find_candidates
        from .keywords import talk_term_counts
        from .themes import assign_themes

        talk_notes, talks = talk_notes_of(frames), frames["talks"]
        # Notes of the event itself (before the first talk, under a day divider) name
        # products too; they count as mentions, with no talk, and feed no talk's theme.
        # A product in a talk's title (`React + WordPress`) is a mention of the talk with no
        # note (note_id <NA>, via "title"), after the notes' ones; it tells the theme too.
        # A name seen only in a URL is the link's product (linked.link_products), no mention.
        outside = frames["notes"][frames["notes"]["talk_id"].isna()][["note_id", "talk_id", "text"]]
        titles = titles_as_notes(talks)
        in_talks, others, prepared = _mentions_in_one_pass(talk_notes, titles, outside, self.lexicon)
        is_title = (others["note_id"] < 0).fillna(False).to_numpy(dtype=bool)
        in_titles = others[is_title].reset_index(drop=True)
        in_notes = in_talks
        if not is_title.all():
            in_notes = pd.concat([in_talks, others[~is_title]], ignore_index=True)
            in_notes = in_notes.sort_values("note_id", kind="stable", ignore_index=True)
        themes_from = pd.concat([in_talks, in_titles], ignore_index=True)
        title_rows = in_titles.assign(note_id=pd.array([pd.NA] * len(in_titles), dtype="Int64"))
        title_rows = title_rows.sort_values("talk_id", kind="stable", ignore_index=True)  # talk order, then position
        mentions = pd.concat([in_notes, title_rows], ignore_index=True) if len(title_rows) else in_notes
        return {
            "mentions": mentions,
            "candidates": find_candidates(talk_notes, themes_from, self.lexicon, prepared=prepared, links=frames.get("links"), titles=talks),
            "themes": assign_themes(talk_notes, talks, themes_from, self.taxonomy, prepared=prepared),
            # Keyword-term counts: weighed across every talk in across_talks, which removes them.
            **talk_term_counts(talk_notes, talks, prepared=prepared),
        }

    def across_talks(self, frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Keywords: what sets each talk apart from every other talk loaded.

        Weighs the keyword-term counts that `per_talk` left in `frames` (stacked over
        chunks; they are removed from `frames` here), else counts afresh."""
        from .keywords import keywords_of_counts, talk_keywords
        from .textprep import talk_ids_of

        counts, firsts = frames.pop("term_counts", None), frames.pop("term_first", None)
        if counts is None or firsts is None:
            return {"keywords": talk_keywords(talk_notes_of(frames), frames["talks"])}
        return {"keywords": keywords_of_counts(counts, firsts, talk_ids_of(frames["notes"], frames["talks"]))}


def _mentions_in_one_pass(talk_notes: pd.DataFrame, titles: pd.DataFrame, outside: pd.DataFrame, lexicon: Lexicon):
    """(mentions in the talks' notes, mentions in titles and outside notes, `prepare(talk_notes)`),
    as two calls of find_mentions would give them (one on the talks' notes, one on titles and
    outside notes), from one call on all three.

    One call prepares the text and scans it once, and its steps run once per chunk instead of
    twice (a chunk's titles and outside notes are a small text: a second call was mostly fixed
    cost, when each call still compiled the product patterns). What find_mentions decides
    beyond one note, it decides per talk (context words, a talk's categories), and a note
    without a talk is a talk of its own: so each title gets a talk id of its own, above every
    real one, and takes its own back afterwards; matches, and their order within each part
    (note id, then position), are those of the two calls.
    """
    from .mentions import find_mentions
    from .textprep import prepare, prepare_part

    if talk_notes.empty:
        return (find_mentions(talk_notes, lexicon, prepared=prepare(talk_notes)),
                find_mentions(pd.concat([titles, outside], ignore_index=True), lexicon), prepare(talk_notes))
    ids = pd.concat([titles["talk_id"], talk_notes["talk_id"]]).dropna()
    shift = int(ids.max()) + 1 if len(ids) else 0
    apart = titles.assign(talk_id=titles["talk_id"] + shift)
    columns = [c for c in ("note_id", "talk_id", "text", "kind", "title_chars") if c in talk_notes.columns]  # what prepare keeps
    together = pd.concat([part for part in (talk_notes[columns], apart, outside) if len(part)], ignore_index=True)
    whole = prepare(together)
    found = find_mentions(together, lexicon, prepared=whole)
    in_talk_notes = (found["note_id"] >= 0) & found["talk_id"].notna()
    in_talk_notes = in_talk_notes.fillna(False).to_numpy(dtype=bool)
    in_talks = found[in_talk_notes].reset_index(drop=True)
    others = found[~in_talk_notes].reset_index(drop=True)
    titled = (others["note_id"] < 0).fillna(False).to_numpy(dtype=bool)
    if titled.any():
        talk_id = others["talk_id"].copy()
        talk_id[titled] = talk_id[titled] - shift
        others["talk_id"] = talk_id
    return in_talks, others, prepare_part(whole, talk_notes)


def talk_notes_of(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    notes = frames["notes"]
    return with_segment_titles(notes[notes["talk_id"].notna()])


def with_segment_titles(notes: pd.DataFrame) -> pd.DataFrame:
    """Notes whose first note of each segment also carries the segment's title.

    Segment titles (`Kubernetes Demo`, `Infrakit`) name what a part of a talk is
    about, so products and themes in them count; they are attributed to the
    segment's first note, on a line of its own.
    """
    segment = notes["segment"]
    starts = segment.notna() & (segment != segment.groupby(notes["talk_id"]).shift()).fillna(True)
    if not starts.any():
        return notes
    text = notes["text"].where(~starts, segment + "\n" + notes["text"])
    # How many characters of the text are the title: mentions there count as "title" ones.
    title_chars = (segment.str.len() + 1).where(starts, 0).astype("Int64")
    return notes.assign(text=text, title_chars=title_chars)


def titles_as_notes(talks: pd.DataFrame) -> pd.DataFrame:
    """Talk titles in the shape of notes, with negative note ids that no note has, each
    wholly a title (`title_chars`)."""
    text = talks["title"].astype("string")
    return pd.DataFrame({
        "note_id": pd.array(-1 - talks["talk_id"].to_numpy(dtype="int64"), dtype="Int64"),
        "talk_id": talks["talk_id"].astype("Int64"),
        "text": text,
        "title_chars": text.str.len().fillna(0).astype("Int64"),
    })

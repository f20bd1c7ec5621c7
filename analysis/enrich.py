"""What each talk is about: product mentions, unknown names, themes, keywords.

Runs on the base frames of a whole load, because keywords compare a talk with
every other talk loaded. Imported lazily by the loader: a warm load from the
cache never pays for it.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd


def enrich(frames: dict[str, pd.DataFrame], lexicon_files: Iterable = (), taxonomy_files: Iterable = ()) -> dict[str, pd.DataFrame]:
    from .candidates import find_candidates
    from .keywords import talk_keywords
    from .lexicon import load_lexicon
    from .mentions import find_mentions
    from .textprep import prepare
    from .themes import assign_themes, load_taxonomy

    notes, talks = frames["notes"], frames["talks"]
    talk_notes = with_segment_titles(notes[notes["talk_id"].notna()])
    lexicon = load_lexicon(tuple(lexicon_files))
    prepared = prepare(talk_notes)  # text preparation and tokens, shared by every step
    mentions = find_mentions(talk_notes, lexicon, prepared=prepared)
    # A product in a talk's title (`LimeSDR`, `Powershell`) tells its theme too;
    # it is no mention in a note, so it feeds the themes only.
    in_titles = find_mentions(titles_as_notes(talks), lexicon)
    taxonomy = load_taxonomy(tuple(taxonomy_files), lexicon=lexicon)
    return {
        "mentions": mentions,
        "candidates": find_candidates(talk_notes, mentions, lexicon, prepared=prepared),
        "themes": assign_themes(talk_notes, talks, pd.concat([mentions, in_titles], ignore_index=True), taxonomy, prepared=prepared),
        "keywords": talk_keywords(talk_notes, talks, prepared=prepared),
    }


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
    return notes.assign(text=text)


def titles_as_notes(talks: pd.DataFrame) -> pd.DataFrame:
    """Talk titles in the shape of notes, with negative note ids that no note has."""
    return pd.DataFrame({
        "note_id": pd.array(-1 - talks["talk_id"].to_numpy(dtype="int64"), dtype="Int64"),
        "talk_id": talks["talk_id"].astype("Int64"),
        "text": talks["title"].astype("string"),
    })

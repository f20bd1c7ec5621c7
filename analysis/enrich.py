"""What each talk is about: product mentions, unknown names, themes, keywords.

Runs on the base frames of a whole load, because themes and keywords compare a
talk with every other talk loaded. Imported lazily by the loader: a warm load
from the cache never pays for scikit-learn.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd


def enrich(frames: dict[str, pd.DataFrame], lexicon_files: Iterable = (), taxonomy_files: Iterable = ()) -> dict[str, pd.DataFrame]:
    from .candidates import find_candidates
    from .keywords import talk_keywords
    from .lexicon import load_lexicon
    from .mentions import find_mentions
    from .themes import assign_themes, load_taxonomy

    notes, talks = frames["notes"], frames["talks"]
    talk_notes = notes[notes["talk_id"].notna()]
    lexicon = load_lexicon(tuple(lexicon_files))
    mentions = find_mentions(talk_notes, lexicon)
    return {
        "mentions": mentions,
        "candidates": find_candidates(talk_notes, mentions, lexicon),
        "themes": assign_themes(talk_notes, talks, mentions, load_taxonomy(tuple(taxonomy_files), lexicon=lexicon)),
        "keywords": talk_keywords(talk_notes, talks),
    }

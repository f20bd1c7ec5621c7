"""Distinctive terms per talk and related talks."""

import pandas as pd
import pytest

from analysis.keywords import related_talks, talk_keywords


def make_frames(*talks: tuple[str, list[str]]):
    rows = []
    for talk_id, (_, texts) in enumerate(talks, 1):
        rows += [{"note_id": len(rows) + 1, "talk_id": talk_id, "text": text} for text in texts]
    notes = pd.DataFrame(rows, columns=["note_id", "talk_id", "text"]).astype(
        {"note_id": "Int64", "talk_id": "Int64", "text": "string"})
    talk_frame = pd.DataFrame({"talk_id": range(1, len(talks) + 1), "title": [t for t, _ in talks]}).astype(
        {"talk_id": "Int64", "title": "string"})
    return notes, talk_frame


def test_distinct_term_ranks_first():
    notes, talks = make_frames(
        ("Storage", ["containers need storage", "containerd stores layers", "containerd snapshots", "containerd shims"]),
        ("Networking", ["containers need networking", "overlay networks"]),
    )
    keywords = talk_keywords(notes, talks, top_n=3)
    first = keywords[keywords["talk_id"] == 1]
    # "containerd" occurs 3 times, only in talk 1 ("storage": twice, with the title); "containers" is in both talks.
    assert first["term"].iloc[0] == "containerd"
    assert "containers" not in first["term"].tolist()
    assert keywords.dtypes.astype(str).to_dict() == {"talk_id": "Int64", "term": "string", "score": "Float64"}
    assert keywords.groupby("talk_id").size().max() <= 3


def test_single_talk_returns_most_frequent_non_stop_words():
    notes, talks = make_frames(("Raft", ["the raft log", "raft leader and the log", "raft again"]))
    keywords = talk_keywords(notes, talks, top_n=2)
    # Flat IDF: ranking is by frequency (raft 3 + title 1 > log 2); "the"/"and" are stop words.
    assert keywords["term"].tolist() == ["raft", "log"]


def test_talk_with_no_text_and_tokens_kept_whole():
    notes, talks = make_frames(("", ["ci/cd with k8s and docker-compose"]), ("", []))
    keywords = talk_keywords(notes, talks, top_n=8)
    assert keywords["talk_id"].unique().tolist() == [1]
    assert set(keywords["term"]) == {"ci/cd", "k8s", "docker-compose"}


def test_related_talks_by_cosine():
    notes, talks = make_frames(
        ("Swarm", ["swarm raft quorum managers"]),
        ("Raft", ["raft quorum consensus"]),
        ("Food", ["pizza and coffee"]),
        ("More swarm", ["swarm managers"]),
    )
    related = related_talks(notes, talks, talk_id=1, n=5)
    assert related["talk_id"].tolist()[:2] in ([4, 2], [2, 4])
    assert 3 not in related["talk_id"].tolist()  # nothing in common: similarity 0 is left out
    assert 1 not in related["talk_id"].tolist()
    assert related["similarity"].is_monotonic_decreasing
    assert related.dtypes.astype(str).to_dict() == {"talk_id": "Int64", "title": "string", "similarity": "Float64"}


def test_related_talks_unknown_talk():
    notes, talks = make_frames(("A", ["alpha"]))
    with pytest.raises(KeyError):
        related_talks(notes, talks, talk_id=99)


def test_only_stop_words_and_punctuation_give_no_rows():
    notes, talks = make_frames(("", ["- #", "the and of"]))
    assert talk_keywords(notes, talks).empty

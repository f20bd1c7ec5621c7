"""Distinctive terms per talk and related talks."""

import pandas as pd
import pytest

from analysis.enrich.keywords import related_talks, talk_keywords


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


def test_contractions_of_stop_words_are_not_keywords():
    notes, talks = make_frames(("Raft", ["don't lose the raft log", "it doesn't matter, they're fine",
                                         "can't stop, it's raft", "wasn’t it the log", "raft's leader"]))
    terms = talk_keywords(notes, talks, top_n=20)["term"].tolist()
    assert not {"don't", "doesn't", "they're", "can't", "it's", "wasn’t"} & set(terms)
    assert {"raft", "log", "raft's", "leader"} <= set(terms)  # an apostrophe alone does not drop a term


@pytest.mark.slow  # imports scikit-learn (seconds)
def test_stop_words_are_scikit_learns():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    from analysis.enrich._stopwords import ENGLISH_STOP_WORDS

    assert ENGLISH_STOP_WORDS == sklearn_text.ENGLISH_STOP_WORDS


@pytest.mark.slow  # imports scikit-learn (seconds)
def test_scores_match_scikit_learn_tfidf():
    sklearn_text = pytest.importorskip("sklearn.feature_extraction.text")
    from analysis.enrich.keywords import talk_term_matrix

    notes, talks = make_frames(("Storage", ["containerd stores layers", "containerd snapshots and layers"]),
                               ("Networking", ["overlay networks", "overlay and layers"]), ("Food", ["pizza"]))
    matrix = talk_term_matrix(notes, talks)
    counts = [[0.0] * len(matrix.terms) for _ in matrix.talk_ids]
    for row, col, count in zip(matrix.rows, matrix.indices, matrix.counts):
        counts[row][col] = count
    expected = sklearn_text.TfidfTransformer(sublinear_tf=True).fit_transform(counts).toarray()
    got = [[0.0] * len(matrix.terms) for _ in matrix.talk_ids]
    for row, col, value in zip(matrix.rows, matrix.indices, matrix.tfidf):
        got[row][col] = value
    import numpy as np

    np.testing.assert_allclose(np.array(got), expected, rtol=0, atol=1e-15)


def test_prepared_is_shared_and_optional():
    from analysis.enrich.textprep import prepare

    notes, talks = make_frames(("Storage", ["containerd stores layers"]), ("Networking", ["overlay networks"]))
    prepared = prepare(notes)
    pd.testing.assert_frame_equal(talk_keywords(notes, talks, prepared=prepared), talk_keywords(notes, talks))
    assert prepared.talk_terms(talks) is prepared.talk_terms(talks)  # built once per talks frame
    other_talks = talks.assign(title=["Disks", "Packets"])
    assert "disks" in talk_keywords(notes, other_talks, prepared=prepared)["term"].tolist()


def test_keywords_counted_per_chunk_equal_one_pass(tmp_path):
    """The loader counts terms in each chunk of files (in worker processes) and weighs them
    once; ties in TF-IDF are broken by first appearance, so chunking must not change them.
    Here `Gossip` is a title-only word of the first file that only the third file's notes
    use, and every talk's terms tie at count 1."""
    from analysis import load_notes
    from analysis.enrich.enricher import talk_notes_of

    (tmp_path / "a.md").write_text("Raft Gossip\n-----------\n\n- quorum leader election\n- leader lease\n")
    (tmp_path / "b.md").write_text("Storage Layers\n--------------\n\n- overlay snapshots\n- snapshots dedupe layers\n")
    (tmp_path / "c.md").write_text("Membership\n----------\n\n- gossip protocols spread state\n- quorum again\n")
    chunked = load_notes(tmp_path, cache=False, jobs=2)  # chunks: a.md + b.md here, c.md in a worker
    one_pass = talk_keywords(talk_notes_of(chunked.frames()), chunked.talks)
    pd.testing.assert_frame_equal(chunked.keywords.reset_index(drop=True), one_pass)
    assert load_notes(tmp_path, cache=False, jobs=1).keywords.equals(chunked.keywords)
    # `gossip` is in talk 0's title and talk 2's notes: less distinctive than `raft` (title only).
    first = chunked.keywords[chunked.keywords["talk_id"] == 0]["term"].tolist()
    assert first.index("raft") < first.index("gossip")

"""Theme assignment and taxonomy loading."""

import math

import pandas as pd
import pytest

from analysis.enrich.lexicon import LexiconError, load_lexicon, load_taxonomy
from analysis.enrich.mentions import find_mentions
from analysis.enrich.themes import OTHER, assign_themes


def make_frames(*talks: tuple[str, list[str]]):
    """(title, note texts) per talk -> (notes, talks) frames like the parser's."""
    notes = [{"note_id": len(notes_so_far) + 1, "talk_id": t, "kind": "bullet", "text": text}
             for notes_so_far in [[]] for t, (_, texts) in enumerate(talks, 1) for text in texts
             if not notes_so_far.append(text)]
    notes = pd.DataFrame(notes, columns=["note_id", "talk_id", "kind", "text"]).astype(
        {"note_id": "Int64", "talk_id": "Int64", "kind": "category", "text": "string"})
    talk_frame = pd.DataFrame({"talk_id": range(1, len(talks) + 1), "title": [title for title, _ in talks]}).astype(
        {"talk_id": "Int64", "title": "string"})
    return notes, talk_frame


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def taxonomy(lexicon):
    return load_taxonomy(lexicon=lexicon)


def themes_of(notes, talks, lexicon, taxonomy):
    return assign_themes(notes, talks, find_mentions(notes, lexicon), taxonomy)


def test_scheduler_talk_is_about_orchestration(lexicon, taxonomy):
    notes, talks = make_frames(("Everything about orchestration", ["the scheduler needs a quorum", "we run Kubernetes"]))
    themes = themes_of(notes, talks, lexicon, taxonomy)
    top = themes.iloc[0]
    assert top["theme"] == "Orchestration and scheduling"
    # title "orchestration" 3 + note keywords scheduler, quorum 2 + Kubernetes mention 2 = 7, over sqrt(1 + 2 notes)
    assert top["score"] == pytest.approx(7 / math.sqrt(3))
    assert top["evidence"] == "keywords: orchestration, quorum, scheduler; products: Kubernetes"


def test_inflections_and_phrases_match(lexicon, taxonomy):
    notes, talks = make_frames(("Notes", ["scheduling workloads", "our codes of conduct", "a code of conduct for all"]))
    themes = themes_of(notes, talks, lexicon, taxonomy).set_index("theme")
    assert "Orchestration and scheduling" in themes.index  # "scheduling" from "scheduling"
    assert themes.loc["Community, diversity and events", "evidence"] == "keywords: code of conduct"


def test_talk_without_signal_gets_other(lexicon, taxonomy):
    notes, talks = make_frames(("Lunch", ["sandwiches were tasty"]), ("Keynote", ["Raft consensus and quorum"]))
    themes = themes_of(notes, talks, lexicon, taxonomy)
    first = themes[themes["talk_id"] == 1]
    assert first[["theme", "score", "evidence"]].values.tolist() == [[OTHER, 0.0, ""]]
    assert themes[themes["talk_id"] == 2]["theme"].iloc[0] == "Orchestration and scheduling"


def test_columns_dtypes_and_top_n(lexicon, taxonomy):
    notes, talks = make_frames(("Secure Kubernetes networking and storage on Linux",
                                ["encryption of volumes", "overlay network", "scheduler", "kernel"]))
    themes = assign_themes(notes, talks, find_mentions(notes, lexicon), taxonomy, top_n=2)
    assert len(themes) == 2
    assert themes.dtypes.astype(str).to_dict() == {"talk_id": "Int64", "theme": "category", "score": "Float64", "evidence": "string"}
    assert set(themes["theme"].cat.categories) == set(taxonomy.names) | {OTHER}
    assert themes["score"].is_monotonic_decreasing


def test_talk_without_notes_gets_no_row(lexicon, taxonomy):
    notes, talks = make_frames(("Has notes", ["quorum"]), ("Empty", []))
    assert themes_of(notes, talks, lexicon, taxonomy)["talk_id"].tolist() == [1]


def test_taxonomy_override_and_unknown_product(tmp_path, lexicon):
    mine = tmp_path / "themes.toml"
    mine.write_text('[[theme]]\nname = "Lunch"\nkeywords = ["sandwich"]\n')
    taxonomy = load_taxonomy([mine], lexicon=lexicon)
    assert "Lunch" in taxonomy.names and len(taxonomy) >= 17
    notes, talks = make_frames(("Lunch", ["sandwiches were tasty"]))
    assert themes_of(notes, talks, lexicon, taxonomy)["theme"].tolist() == ["Lunch"]

    bad = tmp_path / "bad.toml"
    bad.write_text('[[theme]]\nname = "Gadgets"\nproducts = ["Frobnicator"]\n')
    with pytest.raises(LexiconError, match=r"bad\.toml: theme 'Gadgets': unknown product\(s\) \['Frobnicator'\]"):
        load_taxonomy([bad], lexicon=lexicon)


def test_themes_and_keywords_share_one_prepared(lexicon, taxonomy):
    from analysis.enrich.keywords import talk_keywords
    from analysis.enrich.textprep import prepare

    notes, talks = make_frames(("Everything about orchestration", ["the scheduler needs a quorum", "we run Kubernetes"]),
                               ("Lunch", ["sandwiches were tasty"]), ("Empty", []))
    prepared = prepare(notes)
    mentions = find_mentions(notes, lexicon, prepared=prepared)
    shared = assign_themes(notes, talks, mentions, taxonomy, prepared=prepared)
    pd.testing.assert_frame_equal(shared, themes_of(notes, talks, lexicon, taxonomy))
    stream = prepared.talk_terms(talks)
    talk_keywords(notes, talks, prepared=prepared)
    assert prepared.talk_terms(talks) is stream  # the token stream is built once for both


def test_themes_per_subset_of_talks(lexicon, taxonomy):
    notes, talks = make_frames(("Everything about orchestration", ["the scheduler needs a quorum", "we run Kubernetes"]),
                               ("Lunch", ["sandwiches were tasty"]), ("Keynote", ["Raft consensus and quorum"]))
    whole = themes_of(notes, talks, lexicon, taxonomy)
    part_notes = notes[notes["talk_id"] == 3]
    part = themes_of(part_notes, talks[talks["talk_id"] == 3], lexicon, taxonomy)
    pd.testing.assert_frame_equal(part[["talk_id", "theme", "evidence"]],
                                  whole[whole["talk_id"] == 3][["talk_id", "theme", "evidence"]].reset_index(drop=True))

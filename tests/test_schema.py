"""One schema: every frame's columns and dtypes, categories from the vocabularies, ids that stack."""
from __future__ import annotations

from enum import StrEnum

import pandas as pd
import pytest

from analysis import Notes
from analysis.enrich import vocab as enrich_vocab
from analysis.frames.schema import ID_COLUMNS, SCHEMA, conform, empty_frame, typed
from analysis.read import vocab as read_vocab


def test_notes_has_one_attribute_per_frame_of_the_schema():
    assert Notes.frame_names() == tuple(SCHEMA)


def vocabularies():
    for module in (read_vocab, enrich_vocab):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
                yield value


@pytest.mark.parametrize("vocabulary", list(vocabularies()), ids=lambda v: v.__name__)
def test_every_vocabulary_is_the_categories_of_a_column(vocabulary):
    members = [member.value for member in vocabulary]
    columns = [f"{name}.{column}" for name, columns in SCHEMA.items() for column, dtype in columns.items()
               if isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == members]
    assert columns, f"no frame column has the categories of {vocabulary.__name__}"


def test_a_value_outside_a_closed_vocabulary_is_an_error_not_nan():
    with pytest.raises(ValueError, match=r"lines\.role: \['a-new-role'\] not among"):
        typed("lines", {"source": ["x.md"], "line": [1], "role": ["a-new-role"]})
    frame = pd.DataFrame({"source": ["x.md"], "line": [1], "severity": ["fatal"], "message": ["boom"]})
    with pytest.raises(ValueError, match=r"problems\.severity: \['fatal'\]"):
        conform("problems", frame)


def test_every_id_column_stacks():
    ids = {column for columns in SCHEMA.values() for column in columns if column.endswith("_id")}
    assert ids == set(ID_COLUMNS)
    assert set(ID_COLUMNS.values()) <= set(SCHEMA)


def test_conform_keeps_a_conforming_frame_and_fixes_a_loose_one(default_notes):
    for name, frame in default_notes.frames().items():
        pd.testing.assert_frame_equal(conform(name, frame), frame, obj=name)
    loose = pd.DataFrame({"talk_id": ["3", None], "term": ["swarm", ""], "score": [0.5, None]})
    fixed = conform("keywords", loose)
    assert fixed.dtypes.astype(str).to_dict() == {"talk_id": "Int64", "term": "string", "score": "Float64"}
    assert fixed["term"].isna().tolist() == [False, True]


@pytest.mark.parametrize("name", list(SCHEMA))
def test_empty_frames_have_the_schema(name):
    frame = empty_frame(name)
    assert list(frame.columns) == list(SCHEMA[name]) and frame.empty
    pd.testing.assert_frame_equal(conform(name, frame), frame)


def test_a_conformed_frame_is_taken_as_it_is_and_anything_else_is_conformed(default_notes):
    talks = default_notes.talks
    again = conform("talks", talks)
    assert again is not talks  # a frame of its own (a shallow copy), equal
    pd.testing.assert_frame_equal(again, talks)
    blank = talks.copy()
    blank.loc[0, "title"] = ""  # an empty string: <NA> in a conformed frame
    assert pd.isna(conform("talks", blank)["title"].iloc[0]) and blank["title"].iloc[0] == ""
    shifted = talks.set_axis(range(1, len(talks) + 1))
    assert conform("talks", shifted).index.equals(pd.RangeIndex(len(talks)))
    loose = talks.astype({"talk_id": "int64"})
    assert str(conform("talks", loose)["talk_id"].dtype) == "Int64"
    assert typed("talks", {column: [] for column in SCHEMA["talks"]}) is not empty_frame("talks")

"""The product matcher's scan (analysis/enrich/word_trie.py): spellings found word by word.

Each case below is worked out by hand; the property test holds the scan to what one
leftmost-first regex alternation of the spellings (a character trie, longest first, with
Unicode word boundaries) finds in Python's re.
"""
from __future__ import annotations

import re

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.enrich import word_trie
from analysis.enrich.matcher import bounded_trie
from analysis.enrich.word_trie import WordTrie, find_spellings, split_words


def matches(spellings, notes):
    """[(note, start, text, slash follows)] as find_spellings reports them."""
    trie = WordTrie.of(spellings)
    found = find_spellings(trie, pa.array(notes, pa.large_string()))
    return [(row, start, notes[row][start:end], slash)
            for row, start, end, slash in zip(found.row.tolist(), found.start.tolist(), found.end.tolist(),
                                               found.slash_follows.tolist())]


@pytest.mark.parametrize("spelling, parts", [
    ("docker swarm", ("", ["docker", "swarm"], [" "], "")),
    (".net core", (".", ["net", "core"], [" "], "")),
    ("c++", ("", ["c"], [], "++")),
    ("node.js", ("", ["node", "js"], ["."], "")),
    ("dassault systèmes", ("", ["dassault", "systèmes"], [" "], "")),
    ("(isc)²", ("(", ["isc", "²"], [")"], "")),
])
def test_a_spelling_is_words_and_the_gaps_between_them(spelling, parts):
    assert split_words(spelling) == parts


def test_the_longest_spelling_at_a_position_wins():
    assert matches({"docker", "docker swarm", "swarm"}, ["docker swarm mode, then docker"]) == [
        (0, 0, "docker swarm", False), (0, 24, "docker", False)]


def test_spellings_match_whole_words_only():
    assert matches({"docker", "go"}, ["dockerfile go-kit ago my-docker"]) == [(0, 11, "go", False), (0, 25, "docker", False)]


def test_punctuation_before_or_after_the_words_is_part_of_the_spelling():
    found = matches({".net", "net", "c", "c++", "c#"}, ["asp.net and c++11, c# or c"])
    assert found == [(0, 3, ".net", False), (0, 12, "c++", False), (0, 19, "c#", False), (0, 25, "c", False)]


def test_a_gap_must_be_written_as_in_the_spelling():
    assert matches({"docker swarm", "docker"}, ["docker  swarm", "docker-swarm"]) == [(0, 0, "docker", False), (1, 0, "docker", False)]


def test_no_match_runs_across_two_notes():
    """Notes are adjacent in Arrow's buffer: "go" + "lang" must not read as "golang", nor
    "docker" + " swarm" as "docker swarm"."""
    found = matches({"golang", "go", "docker swarm", "docker", "lang"}, ["use go", "lang", "run docker", " swarm"])
    assert found == [(0, 4, "go", False), (1, 0, "lang", False), (2, 4, "docker", False)]


def test_offsets_count_characters_not_bytes():
    notes = ["café über docker", "München", "Dassault Systèmes uses docker/k8s"]
    found = matches({"docker", "nchen", "dassault systèmes"}, [n.lower() for n in notes])
    assert found == [(0, 10, "docker", False), (2, 0, "dassault systèmes", False), (2, 23, "docker", True)]


def test_a_match_inside_a_kept_one_goes_and_the_scan_goes_on_from_its_end():
    """"a b" is kept, "b c d" starts inside it and goes, "d" starts after "a b" ends: kept."""
    assert matches({"a b", "b c d", "d"}, ["a b c d"]) == [(0, 0, "a b", False), (0, 6, "d", False)]


def test_large_texts_are_scanned_in_slices_of_whole_notes(monkeypatch):
    monkeypatch.setattr(word_trie, "BYTES_PER_SLICE", 10)
    notes = ["kubernetes and docker", "", "docker", "x" * 30 + " docker swarm"]
    assert matches({"docker", "docker swarm", "kubernetes"}, notes) == [
        (0, 0, "kubernetes", False), (0, 15, "docker", False), (2, 0, "docker", False), (3, 31, "docker swarm", False)]


def test_empty_texts_have_no_matches():
    assert matches({"docker"}, ["", "", ""]) == []
    assert matches({"docker"}, []) == []


# Fragments of spellings and of what is around them, so random texts hold many matches,
# near misses and overlaps.
_FRAGMENTS = ["go", "docker", " ", "swarm", ".", "net", "c", "+", "#", "-", "é", "ü", "/", "a", "b", "_", "2", "’"]
_SPELLINGS = ["go", "docker", "docker swarm", "swarm", ".net", "net", "c", "c++", "c#", "a b", "b a go", "go-docker",
              "é", "ü-c", "docker/swarm", "2go", "a_b"]


def _regex_matches(spellings, notes):
    pattern = re.compile(bounded_trie(spellings))
    return [(row, m.start(), m.group(), note.startswith("/", m.end()))
            for row, note in enumerate(notes) for m in pattern.finditer(note)]


@pytest.mark.slow  # a property test (Hypothesis: 300 generated sets of notes): `make test` runs it, `make test-fast` not
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join), max_size=6),
       st.sets(st.sampled_from(_SPELLINGS), min_size=1))
def test_the_scan_finds_what_one_regex_alternation_finds(notes, spellings):
    assert matches(spellings, notes) == _regex_matches(spellings, notes)

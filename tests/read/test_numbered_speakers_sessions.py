"""Numbered speakers, talk-labelled titles, sessions in lists, and more byline shapes.

Shapes found by writing notes as other people do (fixture 42); the readings are written by hand.
"""
from textwrap import dedent

import pytest

from analysis.read.bylines import parse_byline
from analysis.read.events import without_notes_words
from analysis.read.lines import date_of_sentence
from analysis.read.titles import product_names, read_title
from analysis.read.walk import parse_file


def parsed(text: str, source: str = "notes/conf/day.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


@pytest.mark.parametrize("text, title, names", [
    ('Speaker 1: Jon Skeet — "Dates and Times Are Hard"', "Dates and Times Are Hard", ["Jon Skeet"]),
    ("Microservices — The Hard Parts — Neal Ford, Thoughtworks", "Microservices — The Hard Parts", ["Neal Ford"]),
    ("Speaker: Jon Skeet", "Speaker: Jon Skeet", []),  # a field, no numbered speaker: left to the byline rules
])
def test_numbered_speakers_and_surnames_that_name_products(text, title, names):
    parts = read_title(text, product_names())
    assert (parts.title, [s.name for s in parts.speakers]) == (title, names)


@pytest.mark.parametrize("text, expected", [
    ("Neal Ford (Thoughtworks) · Mark Richards", [("Neal Ford", "Thoughtworks"), ("Mark Richards", None)]),
    ("Dr. Helen Greul, PhD (Spotify)", [("Helen Greul", "Spotify")]),
    ('Yukihiro "Matz" Matsumoto', [("Yukihiro Matsumoto", None)]),
])
def test_more_byline_shapes(text, expected):
    assert [(s.name, s.affiliation) for s in parse_byline(text, lenient=True)] == expected


@pytest.mark.parametrize("text, event", [
    ("RubyConf 2019 — Nashville", "RubyConf 2019"),
    ("PyCon 2019 - Cleveland, OH", "PyCon 2019"),
    ("Berlin Rust Meetup — November 2022", "Berlin Rust Meetup — November 2022"),
])
def test_a_place_after_the_events_year(text, event):
    assert without_notes_words(text) == event


def test_a_talks_length_beside_its_date():
    assert str(date_of_sentence("PyData London 2023 · 2 June 2023 · 90 minutes").start) == "2023-06-02"
    assert date_of_sentence("Room 12 · 2 June 2023 · 90 people") is None


def test_a_talk_labelled_title_with_a_speaker_section_is_one_talk():
    out = parsed("""
        # Talk: The State of JavaScript 2019

        ## Speaker
        Sacha Greif

        ## Notes

        - TypeScript satisfaction keeps going up
    """, "talks/jsconf-us-2019/state-of-js.md")
    assert [t.title for t in out.talks] == ["The State of JavaScript 2019"]
    assert [s.name for s in out.speakers] == ["Sacha Greif"]


def test_a_listed_lightning_session_over_notes_is_one_talk_and_other_groups_are_not():
    out = parsed("""
        # RubyConf 2019

        1. **Ruby 3 Progress Report** by Yukihiro Matsumoto
           - ractors
        2. **Lightning talks**
           - six talks, ruby on a calculator
        3. **Morning**
           - coffee was good
    """)
    assert [(t.title, str(t.kind)) for t in out.talks] == [("Ruby 3 Progress Report", "talk"), ("Lightning talks", "lightning")]

"""A handle in brackets after a title, speakers after a break in a schedule cell, a slot's time after
a bold title, a panel's moderator and panelists in one sentence, and a company with `&` in its name.

Shapes found by writing notes as other people do (fixture 43); the readings are written by hand.
"""
from textwrap import dedent

import pytest

from analysis.read.bylines import by_phrase, parse_byline
from analysis.read.titles import product_names, read_title
from analysis.read.walk import parse_file


def parsed(text: str, source: str = "notes/conf/day.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


@pytest.mark.parametrize("text, title, speakers, kind", [
    ("Coroutines in Practice [@lewissbaker]", "Coroutines in Practice", [(None, "lewissbaker")], "talk"),
    ("Coroutines in Practice (@lewissbaker)", "Coroutines in Practice", [(None, "lewissbaker")], "talk"),
    ("**The Sound of Types** (Kaja Sherman, Mozilla) — 10:30", "The Sound of Types", [("Kaja Sherman", None)], "talk"),
    ("Making Hard Things Easy, 1:00 pm", "Making Hard Things Easy", [], "talk"),
    ("Keynote", "Keynote", [], "keynote"),
    ("Release 2:30", "Release 2:30", [], "talk"),  # no separator before the time: part of the title
])
def test_handles_times_and_bare_kinds_in_titles(text, title, speakers, kind):
    parts = read_title(text, product_names())
    assert (parts.title, [(s.name, s.handle) for s in parts.speakers], str(parts.kind)) == (title, speakers, kind)


@pytest.mark.parametrize("text, expected", [
    ("Adam Wiggins, Ink & Switch", [("Adam Wiggins", "Ink & Switch")]),
    ("Ann Lee, Acme & Bob Stone, Initech", [("Ann Lee", "Acme"), ("Bob Stone", "Initech")]),
])
def test_a_company_with_an_ampersand(text, expected):
    assert [(s.name, s.affiliation) for s in parse_byline(text, lenient=True)] == expected


def test_a_moderator_and_panelists_in_one_sentence():
    assert [s.name for s in by_phrase("Moderated by Ken Rubin; panelists Diana Larsen, Jeff Patton and Esther Derby.")] == [
        "Ken Rubin", "Diana Larsen", "Jeff Patton", "Esther Derby"]


def test_speakers_after_a_break_in_a_schedule_cell():
    out = parsed("""
        # .NET Conf 2023

        | Time  | Session                                 | Notes         |
        |-------|-----------------------------------------|---------------|
        | 16:00 | Keynote<br>Scott Hanselman, Maddy Montaquila | .NET 8 launch |
        | 17:00 | What's New in C# 12<br/>Mads Torgersen   | primary ctors |
    """)
    assert [(t.title, str(t.kind)) for t in out.talks] == [("Keynote", "keynote"), ("What's New in C# 12", "talk")]
    assert [s.name for s in out.speakers] == ["Scott Hanselman", "Maddy Montaquila", "Mads Torgersen"]


def test_a_table_of_topics_without_speakers_is_no_schedule():
    out = parsed("""
        # Retro notes

        | Topic | Notes |
        |-------|-------|
        | CI    | slow  |

        - more notes
    """)
    assert [t.title for t in out.talks] == ["Retro notes"]

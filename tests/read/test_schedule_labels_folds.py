"""Talks that are not headings: schedule-table rows, listed label lines, folded `<details>` blocks;
names in scripts without capitals; and the warning when one talk may be several.

Shapes found by writing notes as other people do (fixture 40); the readings are written by hand.
"""
from textwrap import dedent

import pytest

from analysis.read.bylines import parse_byline
from analysis.read.dates import parse_date_line
from analysis.read.walk import parse_file


def parsed(text: str, source: str = "notes/conf/day.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


def test_a_schedule_table_alone_gives_the_talks_and_no_warning():
    out = parsed("""
        # pgDay Paris 2024

        | Time  | Talk              | Speaker      | My notes   |
        |-------|-------------------|--------------|------------|
        | 09:00 | Welcome           | Organizers   |            |
        | 09:15 | Schema Migrations | Ann Lee (X)  | pgroll     |
        | 10:45 | Coffee            |              |            |
        | 11:15 | Logical Gotchas   | Bob Stone    | sequences! |
    """)
    assert [t.title for t in out.talks] == ["Schema Migrations", "Logical Gotchas"]
    assert [(s.name, s.affiliation) for s in out.speakers] == [("Ann Lee", "X"), ("Bob Stone", None)]
    assert {n.talk_id for n in out.notes if "pgroll" in n.text} == {0}
    assert not [p for p in out.problems if p.severity == "warning"]


def test_listed_label_lines_start_talks_only_over_a_listed_speaker_field():
    out = parsed("""
        # Strange Loop 2019

        - Talk: Propositions as Types
        - Speaker: Philip Wadler (University of Edinburgh)
        - Slides: https://example.org/wadler

        Curry-Howard with costumes.

        - Talk: Sorbet at Stripe
        - Speaker: Dmitry Petrashko (Stripe)

        Gradual typing.
    """)
    assert [t.title for t in out.talks] == ["Propositions as Types", "Sorbet at Stripe"]
    assert [s.name for s in out.speakers] == ["Philip Wadler", "Dmitry Petrashko"]
    # a `- Talk:` item inside a list, with no speaker item under it, stays a note
    out = parsed("""
        # Notes

        ## Observability for Everyone
        Speaker: Liz Fong-Jones

        - high-cardinality data is the point
        - Talk: she recommended a book
        - SLOs first
    """)
    assert [t.title for t in out.talks] == ["Observability for Everyone"]


def test_a_summary_line_is_a_folded_talks_title_and_the_details_tags_are_no_notes():
    out = parsed("""
        # JSConf EU 2019

        <details>
        <summary><b>The Case for Web Components</b> — Lea Verou</summary>

        - custom elements everywhere

        </details>

        <details><summary>Compilers Are the New Frameworks — Tom Dale</summary>

        - compile away the framework

        </details>
    """)
    assert [t.title for t in out.talks] == ["The Case for Web Components", "Compilers Are the New Frameworks"]
    assert [s.name for s in out.speakers] == ["Lea Verou", "Tom Dale"]
    assert not [n for n in out.notes if "details" in n.text]


@pytest.mark.parametrize("text, expected", [
    ("王小明 (@xiaoming_wang), ByteDance", [("王小明", "xiaoming_wang", "ByteDance")]),
    ("鈴木 一郎", [("鈴木 一郎", None, None)]),
    ("Иван Петров (Яндекс)", [("Иван Петров", None, "Яндекс")]),
])
def test_names_in_other_scripts(text, expected):
    assert [(s.name, s.handle, s.affiliation) for s in parse_byline(text, lenient=True)] == expected


def test_a_title_in_a_script_without_capitals_is_no_name():
    assert parse_byline("CPython の内部構造を覗く") is None
    assert parse_byline("の内部構造を覗く", lenient=True) is None


def test_russian_dates_and_speaker_labels():
    span = parse_date_line("27–28 ноября 2023")
    assert (str(span.start), str(span.end)) == ("2023-11-27", "2023-11-28")
    out = parsed("""
        # HighLoad++ 2023

        ## Как мы шардировали ClickHouse
        Докладчик: Иван Петров (Яндекс)

        - решардинг без простоя
    """)
    assert [(s.name, s.affiliation) for s in out.speakers] == [("Иван Петров", "Яндекс")]


def test_one_talk_naming_speakers_in_many_places_is_warned_about():
    # org-mode headings in a Markdown file: Markdown sees no heading, so one talk
    out = parsed("""
        * EmacsConf 2023

        ** Emacs as a Design Tool
        Speaker: Abhinav Tushar
        - org-babel for design docs
        - plain text in git

        ** A Text Adventure for Learning Emacs
        Speaker: Chung-hong Chan
        - keybindings as puzzles
        - written in elisp

        ** Native Compilation in Practice
        Speaker: Andrea Corallo
        - 2-5x speedups
    """, "notes/emacsconf-2023.md")
    assert len(out.talks) == 1
    assert [p.message for p in out.problems if "places apart" in p.message]
    # a talk whose byline and a later field are the only speaker lines is not warned about
    out = parsed("""
        # A Panel on Testing
        Moderator: Ann Lee

        - intro
        - more

        Panelists: Bob Stone, Cy Park

        - answers
    """, "notes/conf-2020/panel.md")
    assert not [p for p in out.problems if "places apart" in p.message]

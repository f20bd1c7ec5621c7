"""Bylines with roles and companies, names with particles, and event names with words around them.

Shapes found by writing notes as other people do (tests/fixtures/shapes/NOTE-shapes4.md): what a
careful reader takes from each line is written here by hand.
"""
from textwrap import dedent

import pytest

from analysis.read.bylines import parse_byline
from analysis.read.events import without_notes_words
from analysis.read.speakers import parse_speaker_line
from analysis.read.titles import product_names, read_title
from analysis.read.walk import parse_file


def parsed(text: str, source: str = "notes/conf/day.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


def people(text: str, lenient: bool = True) -> list[tuple]:
    return [(s.name, s.handle, s.affiliation) for s in parse_byline(text, lenient=lenient) or []]


@pytest.mark.parametrize("text, expected", [
    ("Meri Williams (CTO, Pleo)", [("Meri Williams", None, "Pleo")]),
    ("Priya Raman (Staff Engineer, Spotify)", [("Priya Raman", None, "Spotify")]),
    ("Ana Costa (Engineering Manager at Nubank)", [("Ana Costa", None, "Nubank")]),
    ("Jo Park (@jopark, Developer Advocate, Google)", [("Jo Park", "jopark", "Google")]),
    # no role: the parentheses stay as written
    ("Ann Lee (Acme, Inc.)", [("Ann Lee", None, "Acme, Inc.")]),
    # only a role: nothing to put in its place
    ("Ann Lee (moderator)", [("Ann Lee", None, "moderator")]),
    ("María José de la Fuente (Idealista)", [("María José de la Fuente", None, "Idealista")]),
    ("Ruud van der Linden", [("Ruud van der Linden", None, None)]),
])
def test_a_role_beside_a_company_is_no_affiliation_and_particles_are_no_name_words(text, expected):
    assert people(text) == expected


def test_a_company_in_parentheses_is_no_part_of_a_plain_speaker_lines_names():
    line = parse_speaker_line("Marta Kowalczyk (Grafana Labs) & Felipe Rocha (Honeycomb)")
    assert [(s.name, s.affiliation) for s in line.speakers] == [("Marta Kowalczyk", "Grafana Labs"),
                                                                ("Felipe Rocha", "Honeycomb")]
    line = parse_speaker_line("María José de la Fuente (Idealista)")
    assert line is None or [s.name for s in line.speakers] == ["María José de la Fuente"]


@pytest.mark.parametrize("text, title, names", [
    ("Typing at Scale: Lessons From 10M Lines [Shantanu Jain]", "Typing at Scale: Lessons From 10M Lines", ["Shantanu Jain"]),
    ("Do You Really Need Celery? [Aisha Bello]", "Do You Really Need Celery?", ["Aisha Bello"]),
    ("Arrays [in Depth]", "Arrays [in Depth]", []),
])
def test_a_speaker_in_square_brackets_after_the_title(text, title, names):
    parts = read_title(text, product_names())
    assert (parts.title, [s.name for s in parts.speakers]) == (title, names)


@pytest.mark.parametrize("text, kind, title", [
    ("Taller: Introducción a FastAPI", "workshop", "Introducción a FastAPI"),
    ("Atelier : Premiers pas avec Rust", "workshop", "Premiers pas avec Rust"),
    ("Mesa redonda: ¿Microservicios o monolito?", "panel", "¿Microservicios o monolito?"),
])
def test_kind_words_in_other_languages(text, kind, title):
    parts = read_title(text, product_names())
    assert (str(parts.kind), parts.title) == (kind, title)


@pytest.mark.parametrize("text, event", [
    ("RenderATL 2023: what I saw", "RenderATL 2023"),
    ("JSConf EU 2019 - a recap", "JSConf EU 2019"),
    ("PyConES 2023 (Tenerife)", "PyConES 2023"),
    ("DevOpsDays 2019: Oslo", "DevOpsDays 2019: Oslo"),  # a capitalised word after the colon may be the name's
    ("PyCon 2019: Day 2 (2019-05-04)", "PyCon 2019: Day 2 (2019-05-04)"),
])
def test_words_about_the_notes_after_the_events_year(text, event):
    assert without_notes_words(text) == event


def test_a_second_name_that_may_be_a_company_is_kept_with_a_warning():
    out = parsed("""
        # RenderATL 2023: what I saw

        June 1, 2023 — Atlanta

        - **Design Systems That Don't Suck** — Brad Frost, Big Medium
          - atomic design is a mental model
        - **GraphQL at the Edge** — Ngozi Okafor, Shopify
          - persisted queries
        - **Testing in Production** — Jorge Fernández, Lucía Martín Gómez
          - feature flags
    """, "blog/2023-06-02-renderatl.md")
    assert out.event.title == "RenderATL 2023"
    warnings = [p.message for p in out.problems if "may be where they work" in p.message]
    assert warnings == ["speaker: 'Big Medium' after 'Brad Frost' may be where they work, not a second speaker"]
    by_talk = {}
    for s in out.speakers:
        by_talk.setdefault(s.talk_id, []).append((s.name, s.affiliation))
    assert by_talk[1] == [("Ngozi Okafor", "Shopify")]
    assert by_talk[2] == [("Jorge Fernández", None), ("Lucía Martín Gómez", None)]


def test_a_prose_line_that_opens_with_a_date_dates_the_event():
    out = parsed("""
        # London Python Meetup, March 2024

        2024-03-12, hosted at Bloomberg. About 120 people.

        ## Typing at Scale [Shantanu Jain]

        - mypy daemon
    """, "meetups/london-python.md")
    assert str(out.event.date_start) == "2024-03-12"
    assert [n.text for n in out.notes if "Bloomberg" in n.text]  # the line stays a note

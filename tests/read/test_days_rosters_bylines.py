"""Days that date their talks, a roster of speakers before the talks, and bylines in other words.

Shapes found by writing notes as other people do (fixture 41); the readings are written by hand.
"""
from textwrap import dedent

import pytest

from analysis.read.bylines import by_phrase, parse_byline
from analysis.read.events import split_day
from analysis.read.walk import parse_file


def parsed(text: str, source: str = "notes/conf/day.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


@pytest.mark.parametrize("text, expected", [
    ("Jade Rubick (ex-New Relic)", [("Jade Rubick", None, None)]),
    ("Ann Lee (@ann, ex-Google)", [("Ann Lee", "ann", None)]),
    ("Ann Lee (Former Google, now Stripe)", [("Ann Lee", None, "Stripe")]),
    ("Ann Lee (now at Stripe)", [("Ann Lee", None, "Stripe")]),
    ("Ann Lee, Bob Stone (all Meta)", [("Ann Lee", None, "Meta"), ("Bob Stone", None, "Meta")]),
    ("Ann Lee (Exxon)", [("Ann Lee", None, "Exxon")]),
])
def test_former_and_shared_employers(text, expected):
    assert [(s.name, s.handle, s.affiliation) for s in parse_byline(text, lenient=True)] == expected


@pytest.mark.parametrize("text, expected", [
    ("*Par Emmanuel Bernard et Antonio Goncalves*", [("Emmanuel Bernard", None), ("Antonio Goncalves", None)]),
    ("*Par Clement Escoffier et Georgios Andrianakis, Red Hat*", [("Clement Escoffier", "Red Hat"), ("Georgios Andrianakis", "Red Hat")]),
    ("Por Lucía Martín (Idealista)", [("Lucía Martín", "Idealista")]),
])
def test_by_phrases_in_french_and_spanish(text, expected):
    assert [(s.name, s.affiliation) for s in by_phrase(text)] == expected


def test_a_word_for_by_in_another_language_counts_only_at_the_start():
    assert by_phrase("Le talk par excellence de la journée") is None


def test_the_day_after_a_middle_dot_is_no_part_of_the_events_name():
    assert split_day("GopherCon EU 2023 · Day 1") == ("GopherCon EU 2023", 1)


def test_a_roster_before_the_talks_names_their_speakers_and_is_no_talk():
    out = parsed("""
        # Berlin Rust Meetup — November 2022

        Speakers:
        - Jane Doe (@jdoe_rs), Ferrous Systems — "Embedded Rust Without Tears"
        - "Rust at SAP: A Year In" - Hans-Peter Müller, SAP

        ## Embedded Rust Without Tears

        - embassy vs RTIC

        ## Rust at SAP: A Year In

        - started with a CLI
    """)
    assert [t.title for t in out.talks] == ["Embedded Rust Without Tears", "Rust at SAP: A Year In"]
    assert [(s.talk_id, s.name, s.handle, s.affiliation) for s in out.speakers] == [
        (0, "Jane Doe", "jdoe_rs", "Ferrous Systems"), (1, "Hans-Peter Müller", None, "SAP")]


def test_weekday_and_numbered_day_sections_date_their_talks():
    out = parsed("""
        # FOSDEM 2024

        Brussels, 3–4 February 2024. ULB Solbosch.

        ## Saturday

        ### Rust for Linux
        Speaker: Miguel Ojeda

        - drivers

        ## Sunday

        ### The State of the Fediverse
        Speaker: Evan Prodromou

        - ActivityPub
    """)
    assert [(t.title, str(t.date)) for t in out.talks] == [
        ("Rust for Linux", "2024-02-03"), ("The State of the Fediverse", "2024-02-04")]
    out = parsed("""
        # React Conf 2024

        Henderson, NV — May 15–16, 2024

        ## Day 1

        ### React 19 Keynote
        Speaker: Andrew Clark

        - compiler

        ## Day 2

        ### Real-time React with Server Components
        Speaker: Sunil Pai

        - durable objects

        ## Day 3

        ### Sprints
        Speaker: Ann Lee

        - sprint
    """)
    # the event has no third day: Day 3's talk stays undated
    assert [(t.title, str(t.date)) for t in out.talks] == [
        ("React 19 Keynote", "2024-05-15"), ("Real-time React with Server Components", "2024-05-16"), ("Sprints", "None")]

"""The `label_lines` talk-shape rule: `Talk: Title` lines over a speaker field, in notes with no talk headings."""
from textwrap import dedent

import pytest

from analysis.read.features import describe
from analysis.read.label_lines import label_speakers, label_talk_starts, talk_label
from analysis.read.outline import build_outline
from analysis.read.shapes import SHAPE_RULES, choose, label_lines
from analysis.read.walk import parse_file


def outline(text):
    return build_outline(dedent(text).lstrip("\n").split("\n"))


def scene(text, source="notes/conf/file.md"):
    return describe(outline(text), source)


def parse(text, source="notes/conf/file.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


WHO = """
    DevOpsDays Amsterdam 2019, day 1

    Talk: You Build It, You Run It - Ten Years Later
    Who: Charity Majors, Honeycomb

    She argued that on-call has to be humane or it will not work.

    Talk: Chaos Engineering on a Budget
    Who: Adrian Hornsby (AWS)

    Started with a story about a region outage.

    Talk: Ignites
    Who: various

    Five minute talks with auto-advancing slides.
"""


def test_the_rule_is_a_shape_rule():
    assert label_lines in SHAPE_RULES


@pytest.mark.parametrize("line, title", [
    ("Talk: Chaos Engineering on a Budget", "Chaos Engineering on a Budget"),
    ("**Talk:** Chaos Engineering", "Chaos Engineering"),
    ("**Session**: Docs as Product", "Docs as Product"),
    ("Title: Writing Error Messages", "Writing Error Messages"),
    ("talk title: Lower Case Label", "Lower Case Label"),
])
def test_talk_labels_give_the_title(line, title):
    assert talk_label(line) == title


@pytest.mark.parametrize("line", ["Notes: Chaos", "Talk:", "Talk: she said it all.", "Chaos Engineering on a Budget"])
def test_other_lines_are_no_talk_labels(line):
    assert talk_label(line) is None


def test_who_and_speaker_fields_name_the_speakers():
    assert [(s.name, s.affiliation) for s in label_speakers("Who: Charity Majors, Honeycomb")] == [("Charity Majors", "Honeycomb")]
    assert [(s.name, s.affiliation) for s in label_speakers("**Who:** Adrian Hornsby (AWS)")] == [("Adrian Hornsby", "AWS")]
    assert [s.name for s in label_speakers("Presenter: Mila Novak")] == ["Mila Novak"]
    assert [s.kind for s in label_speakers("Who: various")] == ["group"]
    assert label_speakers("Why: because it scales") is None


def test_label_lines_win_a_headingless_file_and_the_first_line_names_the_event():
    winner, _ = choose(scene(WHO))
    assert winner.name == "label-lines" and winner.titled_lists == [2, 7, 12] and winner.event_line == 0
    parsed = parse(WHO)
    assert [t.title for t in parsed.talks] == ["You Build It, You Run It - Ten Years Later", "Chaos Engineering on a Budget", "Ignites"]
    assert [(s.talk_id, s.name, s.affiliation, s.kind) for s in parsed.speakers] == [
        (0, "Charity Majors", "Honeycomb", "person"), (1, "Adrian Hornsby", "AWS", "person"), (2, None, None, "group")]
    assert parsed.event.title == "DevOpsDays Amsterdam 2019" and {t.day for t in parsed.talks} == {1}
    assert all(note.talk_id is not None for note in parsed.notes)


def test_a_blank_line_may_part_the_label_from_its_field_and_a_heading_above_is_the_event():
    text = """
        # Write the Docs Prague 2022

        **Session:** Docs as Product

        **Speaker:** Mila Novak, Kiwi.com

        - a docs PM is not a luxury

        Title: Writing Error Messages People Read
        Presenter: Tomás Ferreira (GitLab)

        - say what happened and what to do next
    """
    winner, _ = choose(scene(text))
    assert winner.name == "label-lines" and winner.title == 0
    parsed = parse(text)
    assert [t.title for t in parsed.talks] == ["Docs as Product", "Writing Error Messages People Read"]
    assert [s.name for s in parsed.speakers] == ["Mila Novak", "Tomás Ferreira"]
    assert parsed.event.title == "Write the Docs Prague 2022"


def test_a_talk_label_inside_a_list_or_a_paragraph_or_without_a_speaker_starts_no_talk():
    text = """
        Talk: Observability for Everyone
        Who: Liz Fong-Jones

        - Talk: Distributed Systems Observability
          Who: recommended by the speaker
        - SLOs first
        We met at lunch.
        Talk: the hallway track was better
        Who: everyone agreed

        Talk: No speaker field below this one

        Later notes.
    """
    assert label_talk_starts(outline(text)) == [0]
    parsed = parse(text)
    assert [t.title for t in parsed.talks] == ["Observability for Everyone"]


def test_no_rule_without_a_speaker_field_or_under_talk_headings():
    assert label_lines(scene("Talk: Plain notes\n\nSome text.\n")) == []
    headed = """
        # Conf 2020
        ## First talk
        Talk: Quoted Title
        Who: Jane Doe

        notes
        ## Second talk
        notes
    """
    assert label_lines(scene(headed)) == []

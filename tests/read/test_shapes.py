"""Pass 2: each talk-shape rule on a small document, and how the best one is chosen."""
import dataclasses
from textwrap import dedent

import pytest

from analysis.read.outline import build_outline
from analysis.read.shape_words import is_break, is_divider, is_segment
from analysis.read.features import describe
from analysis.read.shapes import choose, heading_level, one_talk, titled_lists, whole_file
from analysis.read.walk import parse_file


def scene(text, source="notes/conf/file.md", settings=None):
    return describe(build_outline(dedent(text).lstrip("\n").split("\n")), source, settings)


def best(text, source="notes/conf/file.md", settings=None):
    winner, runner = choose(scene(text, source, settings))
    return winner.name, runner.name if runner else None


def talks(text, source="notes/conf/file.md"):
    parsed = parse_file(source, dedent(text).lstrip("\n"))
    return [t.title for t in parsed.talks], parsed


def test_words_of_dividers_breaks_and_segments():
    assert is_divider("Day 2") and is_divider("Tuesday, May 14") and is_divider("Afternoon: Observability track")
    assert is_divider("Presentations") and is_divider("Lunch") and not is_divider("Opening welcome")
    assert is_break("Coffee ☕") and not is_break("Closing keynote")
    assert is_segment("Q&A") and is_segment("Part 2") and is_segment("Q: Is ADA different from WCAG?")
    assert is_segment("Resources") and not is_segment("Architecting with Channels")


MULTI = """
    # PyGotham 2018
    Oct 5 2018

    ## Testing with Hypothesis
    Zac Hatfield-Dodds

    - property-based tests
    ## Lunch
    ## Packaging in 2018
    Dustin Ingram

    - wheels everywhere
    ## Lightning talks
    ### Ten minutes of Rust
    Jane Roe

    - cargo is nice
    ### Emoji in Python
    John Doe

    - 🐍
"""


def test_heading_level_reads_a_day_of_talks_with_a_break_and_a_group():
    proposals = heading_level(scene(MULTI))
    level_two = next(p for p in proposals if p.level == 2 and p.title == 0)
    assert [f for f in level_two.talks] == [1, 3, 5, 6]  # positions of the talk headings
    assert 2 in level_two.dividers and 4 in level_two.dividers  # Lunch, Lightning talks
    titles, parsed = talks(MULTI)
    assert titles == ["Testing with Hypothesis", "Packaging in 2018", "Ten minutes of Rust", "Emoji in Python"]
    assert [t.kind for t in parsed.talks] == ["talk", "talk", "lightning", "lightning"]
    assert parsed.event.title == "PyGotham 2018"


ONE = """
    # Architecting with Channels
    ## Andrew Godwin, Django Core Developer, Eventbrite

    ### Ideas
    * Inspired from meteor.js
    ### Why?
    * Streaming updates
    #### Uses
    * WebSockets
    #### Drawbacks
    * Stateful connections
"""


def test_one_talk_wins_over_its_sections():
    [proposal] = one_talk(scene(ONE, "notes/djangocon-us/channels.md"))
    assert "a speaker follows the title (heading)" in proposal.reasons
    assert best(ONE, "notes/djangocon-us/channels.md")[0] == "one-talk 1"
    titles, parsed = talks(ONE, "notes/djangocon-us/channels.md")
    assert titles == ["Architecting with Channels"]
    assert (parsed.speakers[0].name, parsed.speakers[0].affiliation) == ("Andrew Godwin", "Eventbrite")
    assert (parsed.event.title, parsed.event.origin) == ("djangocon us", "folder")
    assert {n.segment for n in parsed.notes} == {"Ideas", "Why?", "Uses", "Drawbacks"}


def test_one_talk_loses_when_the_title_is_dated_like_an_event():
    text = """
        Barcamp
        -------
        ######Sat Apr 18 2015

        Machine Learning with Python
        ----------------------------
        @dartdog

        - scikit
        Dockerize all the things
        ------------------------
        @itsmenathan

        - compose
    """
    assert best(text)[0] == "heading-level 2"
    assert talks(text)[0] == ["Machine Learning with Python", "Dockerize all the things"]


def test_whole_file_when_a_speaker_line_opens_a_file_without_title():
    text = """
        Brad Green

        360k using Angular 2 already

        #### Angular 2 supports:
        - lazy loading
        ##### Angular 2 Benefits:
        - faster
    """
    [proposal] = whole_file(scene(text, "notes/ng-conf/day-1-keynote.md"))
    assert proposal.score > 2
    titles, parsed = talks(text, "notes/ng-conf/day-1-keynote.md")
    assert titles == ["Day 1 keynote"]
    assert parsed.talks[0].kind == "keynote" and parsed.talks[0].day == 1
    assert [s.name for s in parsed.speakers] == ["Brad Green"]


def test_titled_lists_under_a_dated_title():
    text = """
        Meetup
        ------
        ######Mon May 12 2014

        Keynotes:
        - huge place

        Wells fargo guy
        - banks
    """
    [proposal] = titled_lists(scene(text))
    assert len(proposal.titled_lists) == 2
    assert talks(text)[0] == ["Keynotes", "Wells fargo guy"]


def test_front_matter_names_a_talk_without_heading():
    text = """
        ---
        title: Building Accessible Design Systems
        conference: Config 2022
        speakers:
          - name: Leah Goldberg
            company: Figma
        date: 2022-05-10
        ---

        ## Tokens
        - contrast checked at build time
        ## Q&A
        - none
    """
    assert best(text)[0] == "whole-file"
    titles, parsed = talks(text)
    assert titles == ["Building Accessible Design Systems"]
    assert (parsed.event.title, str(parsed.event.date_start)) == ("Config 2022", "2022-05-10")
    assert [(s.name, s.affiliation) for s in parsed.speakers] == [("Leah Goldberg", "Figma")]


def test_the_users_settings_beat_the_scores():
    text = """
        # Conf
        ## Alpha
        - a
        ## Beta
        - b
    """
    assert best(text, settings={"one_talk_per_file": True})[0] == "one-talk 1"
    assert best(text, settings={"talk_level": 2})[0] == "heading-level 2"


def test_a_close_call_is_a_warning_and_the_runner_up_is_kept():
    text = """
        Other
        -----
        T
        -
        - a note
    """
    _, parsed = talks(text)
    assert parsed.layout.runner_up is not None
    assert any(p.message.startswith("shape: close call") for p in parsed.problems)


def test_a_wrapped_bullet_line_is_never_a_title():
    text = """
        # Building Secure Apps
        https://craft-conf.com/speaker/FrankWang

        - Scary cause complex math leads to bugs,
          and it's hard to manage secrets
        - You need to understand the setting
          - mobiles are slower
    """
    titles, parsed = talks(text, "notes/craft-2017/secure.md")
    assert titles == ["Building Secure Apps"]
    assert parsed.notes[0].text.endswith("and it's hard to manage secrets")
    assert [s.name for s in parsed.speakers] == ["Frank Wang"]


def test_front_matter_closing_rule_is_no_setext_heading():
    text = """
        ---
        layout: post
        tags: [a, b]
        ---
        # Talk title
        - note
    """
    titles, parsed = talks(text)
    assert titles == ["Talk title"]
    assert dict(parsed.line_roles)[3] == "front-matter"


def test_talks_as_list_items():
    text = """
        # PyCon US 2019

        Cleveland, typed on my phone.

        - **Keynote: Python at the Edge of the Universe** — Amara Nwosu
          - radio astronomy pipelines
        - **asyncio: the good parts** — Leo Martins
          - use asyncio.run()
          - Q&A
            - trio vs asyncio
        - Lunch — veggie option gone by 12:30
        - **Type Hints in Anger** — Ruth Feldman, Dropbox
          - 4M lines
    """
    assert best(text, "notes/pycon/pycon-us-2019.md")[0] == "list-items"
    titles, parsed = talks(text, "notes/pycon/pycon-us-2019.md")
    assert titles == ["Python at the Edge of the Universe", "asyncio: the good parts", "Type Hints in Anger"]
    assert [t.kind for t in parsed.talks] == ["keynote", "talk", "talk"]
    assert [(s.name, s.affiliation) for s in parsed.speakers] == [
        ("Amara Nwosu", None), ("Leo Martins", None), ("Ruth Feldman", "Dropbox")]
    lunch = next(n for n in parsed.notes if n.text.startswith("Lunch"))
    assert lunch.talk_id is None  # a break between listed talks belongs to the event
    nested = next(n for n in parsed.notes if n.text == "trio vs asyncio")
    assert nested.talk_id == 1 and nested.depth == 1


def test_bare_list_items_under_a_lightning_talks_divider():
    text = """
        # EuroPython 2024
        ## Keynote: Python Is a Community Language
        Ana Silva

        - community first
        ## Lightning talks
        - *Packaging in 2024 Is Fine, Actually* — Joanna Price
        - *My Cat Reviews My PRs* — Sanne de Vries
    """
    titles, parsed = talks(text)
    assert titles == ["Python Is a Community Language", "Packaging in 2024 Is Fine, Actually", "My Cat Reviews My PRs"]
    assert [t.kind for t in parsed.talks] == ["keynote", "lightning", "lightning"]
    assert [s.name for s in parsed.speakers] == ["Ana Silva", "Joanna Price", "Sanne de Vries"]


def test_a_schedule_table_names_speakers_and_its_own_talks():
    text = """
        # DevOpsDays Zürich 2024

        | Time  | Title                        | Speaker            |
        |-------|------------------------------|--------------------|
        | 08:30 | Registration & coffee        |                    |
        | 09:15 | Keynote: Boring Is a Feature | Nadia Rahman       |
        | 10:00 | Blameless, Not Aimless       | Gregor Huber (SBB) |
        | 11:15 | Observability on a Budget    | Tobias Keller      |

        ## Boring Is a Feature
        - choose boring technology
        ## Blameless, Not Aimless
        - postmortems
    """
    titles, parsed = talks(text)
    assert titles == ["Boring Is a Feature", "Blameless, Not Aimless", "Observability on a Budget"]
    assert [t.kind for t in parsed.talks] == ["keynote", "talk", "talk"]
    assert [t.shape for t in parsed.talks] == ["heading", "heading", "table-row"]
    assert [(s.talk_id, s.name, s.affiliation) for s in parsed.speakers] == [
        (0, "Nadia Rahman", None), (1, "Gregor Huber", "SBB"), (2, "Tobias Keller", None)]
    assert {n.talk_id for n in parsed.notes if n.text == "postmortems"} == {1}


def test_a_day_heading_groups_its_talks_even_without_speakers():
    # `# Day 2` over one `##` talk with no speaker: at level 1 it still groups that talk, so
    # levels 1 and 2 propose the same talks and the file reads with no close-call warning.
    text = """
        # Conf 2024

        # Day 1 - Wed Mar 20 2024

        ## Talk A
        Speaker: Ada Lovelace

        - note a

        # Day 2 - Thu Mar 21 2024

        ## Talk B

        - note b
    """
    proposals = heading_level(scene(text))
    level_one = next(p for p in proposals if p.level == 1 and p.title is not None)
    assert len(level_one.talks) == 2
    titles, parsed = talks(text)
    assert titles == ["Talk A", "Talk B"]
    assert not any(p.message.startswith("shape:") for p in parsed.problems)


class _SliceCountingList(list):
    """A list that counts the elements its slices copy (a slice in a loop is quadratic)."""

    copied = 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            _SliceCountingList.copied += len(range(*key.indices(len(self))))
        return super().__getitem__(key)


def test_shape_rules_copy_no_slice_per_heading():
    """The scoring is linear in the headings: a 200 MB file of many talks once took hours
    because every talk's notes were summed over a copy of every heading after it."""
    from analysis.read.shapes import SHAPE_RULES

    n = 2000
    # Half the talks have a speaker line, half a section heading right under the title.
    text = "# Conf\n\n" + "".join(f"## Talk {i}\nAda Lovelace @ada\n\n- a note\n\n### Part {i}\n\n- more\n\n" if i % 2 else
                                   f"## Talk {i}\n\n### Part {i}\n\n- more\n\n" for i in range(n))
    outline = build_outline(text.split("\n"))
    outline.headings = _SliceCountingList(outline.headings)
    _SliceCountingList.copied = 0
    found = describe(outline, "notes/conf/file.md")
    found = dataclasses.replace(found, features=_SliceCountingList(found.features))
    proposals = [p for rule in SHAPE_RULES for p in rule(found)]
    assert any(p.level == 2 and len(p.talks) >= n // 2 for p in proposals)
    assert _SliceCountingList.copied <= 10 * n


@pytest.mark.parametrize("line, heading", [
    ("**Docs as code**", True),
    ("**Dr. Ruth Ng on sleep**", True),  # an abbreviation is no sentence's end
    ("**Remember to mention it tomorrow. This is all very relevant**", False),  # two sentences: a note
    ("**Great to see this mentioned!**", False),
])
def test_a_wholly_bold_sentence_is_an_emphasised_note_not_a_heading(line, heading):
    outline = build_outline(["# Conf", "", line, "", "- a note"])
    assert any(h.index == 2 for h in outline.headings) is heading

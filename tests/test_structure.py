"""The rules of README "How notes are read", each on a small document."""
from datetime import date
from textwrap import dedent

from analysis.read.walk import parse_file


def parse(text, source="notes/event.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


def titles(parsed):
    return [t.title for t in parsed.talks]


def test_setext_talks_event_title_and_date():
    parsed = parse("""
        Conf
        ----
        ######Tue Apr 18 2017

        First talk
        ----------
        Ada Lovelace @ada

        - one
          - one point one

        Second talk
        -----------
        - two
    """)
    assert parsed.event.title == "Conf"
    assert parsed.event.date_start == date(2017, 4, 18)
    assert titles(parsed) == ["First talk", "Second talk"]
    assert [t.date for t in parsed.talks] == [date(2017, 4, 18)] * 2
    one, child, two = parsed.notes
    assert (child.parent_id, child.depth, one.depth) == (one.note_id, 1, 0)
    assert [(s.name, s.handle) for s in parsed.speakers] == [("Ada Lovelace", "ada")]
    assert two.talk_id == 1


def test_atx_talks_and_higher_level_dividers():
    parsed = parse("""
        # Summit
        Saturday
        ========
        - a divider's own bullet
        ## Talk A
        - a
        ## Talk B
        - b
        Sunday
        ======
        ## Talk C
        - c
    """)
    assert titles(parsed) == ["Talk A", "Talk B", "Talk C"]
    assert [t.section for t in parsed.talks] == ["Saturday", "Saturday", "Sunday"]
    divider_note = parsed.notes[0]
    assert (divider_note.text, divider_note.talk_id) == ("a divider's own bullet", None)


def test_titled_lists_are_talks_where_the_body_has_no_headings():
    parsed = parse("""
        Summit
        ------
        ######Mon May 12 - Wed May 15 2014

        Keynotes:
        - This place is huge.

        Wells fargo guy
        - KYC
        - compliance

        - a later bullet of the same talk
    """)
    assert titles(parsed) == ["Keynotes", "Wells fargo guy"]
    assert [t.shape for t in parsed.talks] == ["titled-list"] * 2
    assert [n.talk_id for n in parsed.notes] == [0, 1, 1, 1]
    assert (parsed.event.date_start, parsed.event.date_end) == (date(2014, 5, 12), date(2014, 5, 15))


def test_titled_lists_inside_a_heading_talk_are_segments():
    parsed = parse("""
        Conf
        ----
        LinuxKit
        --------
        Justin Cormack, Ilya Dmitrichenko @errordeveloper

        LinuxKit
        - foundations

        Kubernetes Demo
        - moby loads images
    """)
    assert titles(parsed) == ["LinuxKit"]
    assert [n.segment for n in parsed.notes] == ["LinuxKit", "Kubernetes Demo"]
    assert [s.name for s in parsed.speakers] == ["Justin Cormack", "Ilya Dmitrichenko"]


def test_file_without_structure_is_one_talk_named_after_the_event():
    parsed = parse("""
        UX of Admin Interfaces
        ----------------------
        ######Thu Jul 16 2015

        github.com/blakecallens/adminux

        Show bootstrap with a simple example.
    """)
    assert titles(parsed) == ["UX of Admin Interfaces"]
    assert parsed.talks[0].shape == "whole-file"
    assert len(parsed.notes) == 2 and all(n.talk_id == 0 for n in parsed.notes)
    assert parsed.links[0].url == "https://github.com/blakecallens/adminux"


def test_body_dates_date_the_talks_after_them():
    parsed = parse("""
        Congress
        --------
        *Gated Communities*

        General notes
        - angels

        ######Sun Dec 27 2015

        Opening
        - mentor program

        ######Mon Dec 28 2015

        CloudABI
        - capabilities
    """)
    assert parsed.event.subtitle == "Gated Communities"
    assert [t.date for t in parsed.talks] == [date(2015, 12, 27), date(2015, 12, 27), date(2015, 12, 28)]
    assert (parsed.event.date_start, parsed.event.date_end) == (date(2015, 12, 27), date(2015, 12, 28))


def test_subtitle_speaker_note_quote_and_code():
    parsed = parse("""
        Conf
        ----
        Talk
        ----
        *Developing an app as a 12Factor App*
        Kartik Pandya kpandya@manh.com
        - first
        > "Complexity breeds insecurity"

          - nested under the quote
        Note: - slides are polished

        ```
        # comment
        docker run -d x
        ```
    """)
    talk = parsed.talks[0]
    assert talk.subtitle == "Developing an app as a 12Factor App"
    assert (parsed.speakers[0].name, parsed.speakers[0].email) == ("Kartik Pandya", "kpandya@manh.com")
    kinds = [n.kind for n in parsed.notes]
    assert kinds == ["bullet", "quote", "bullet", "speaker-note", "code"]
    quote_note, nested = parsed.notes[1], parsed.notes[2]
    assert nested.parent_id == quote_note.note_id
    assert parsed.notes[3].text == "slides are polished"
    assert [(q.text, q.attribution) for q in parsed.quotes] == [("Complexity breeds insecurity", None)]
    assert [(c.command, c.program) for c in parsed.commands] == [("docker run -d x", "docker")]


def test_handle_line_above_name_line_is_one_speaker():
    parsed = parse("""
        Camp
        ----
        Grocery Delivery
        ----------------
        @HarrisReynolds
        Harris Reynolds, shipt

        - pivoted to grocery
    """)
    assert [(s.name, s.handle, s.affiliation) for s in parsed.speakers] == [("Harris Reynolds", "HarrisReynolds", "shipt")]


def test_indents_with_tabs_four_spaces_and_markers():
    parsed = parse("Conf\n----\nT\n-\n* a\n\t+ b\n\t\t1. c\n    - d\n")
    assert [(n.text, n.depth) for n in parsed.notes] == [("a", 0), ("b", 1), ("c", 2), ("d", 1)]
    assert parsed.notes[2].kind == "numbered"


def test_every_non_blank_line_gets_a_role():
    text = "Conf\n----\n\nT\n-\n- a\n\n```\nunclosed\n"
    parsed = parse_file("x.md", text)
    non_blank = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    assert [n for n, _ in parsed.line_roles] == non_blank
    assert any("unclosed code fence" in p.message for p in parsed.problems)


def test_navigation_only_and_empty_files_make_no_event():
    navigation = parse_file("index.md", "[preview:3](events/2014/05/openstack.md)\n")
    assert navigation.event is None and "navigation-only" in navigation.problems[0].message
    empty = parse_file("empty.md", "  \n\n")
    assert empty.event is None and "empty" in empty.problems[0].message


def test_duplicate_titles_are_kept_apart():
    parsed = parse("C\n-\nSame\n----\n- a\n\nSame\n----\n- b\n")
    assert titles(parsed) == ["Same", "Same"]
    assert [n.talk_id for n in parsed.notes] == [0, 1]


def test_record_constructors_are_keyword_only():
    """Records are built with named fields (`Talk(talk_id=0, title=...)`), never long positional calls
    (a container may take its one subject first: `ParsedFile(source, ...)`)."""
    import dataclasses

    from analysis.read import records

    classes = [c for c in vars(records).values() if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == records.__name__]
    assert len(classes) >= 5
    for cls in classes:
        positional = [f.name for f in dataclasses.fields(cls) if f.init and not f.kw_only]
        assert len(positional) <= 1, f"{cls.__name__}: {positional}"

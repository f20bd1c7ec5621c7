"""Breaks inside a day, bylines in italics, and notes written in other languages than English.

Each document is a shape a note-taker writes; the expected values are read off it by hand.
"""
from textwrap import dedent

import pytest

from analysis.read.dates import parse_date_line
from analysis.read.events import without_notes_words
from analysis.read.shape_words import DAY_NUMBER, is_break, is_divider, is_segment
from analysis.read.walk import parse_file


def parsed(text: str, source: str = "notes/conf/day.md"):
    return parse_file(source, dedent(text).lstrip("\n"))


def test_a_break_inside_a_day_keeps_the_day_for_the_talks_after_it():
    out = parsed("""
        # PyCon US 2023

        ## Day 2

        ### Talk A
        Speaker: Ann Lee

        - a

        ### 12:15 – Lunch

        Met people from the packaging team.

        ### Talk B
        Speaker: Bob Stone

        - b

        ## Day 3

        ### Talk C
        Speaker: Cy Young

        - c
    """)
    assert [(t.title, t.section, t.day) for t in out.talks] == [
        ("Talk A", "Day 2", 2), ("Talk B", "Day 2", 2), ("Talk C", "Day 3", 3)]
    lunch_note = next(n for n in out.notes if n.text.startswith("Met people"))
    assert lunch_note.talk_id is None  # what is said over lunch is no talk's


def test_a_break_at_the_level_of_the_days_still_ends_the_day():
    out = parsed("""
        # Conf 2023

        ## Day 1

        ### Talk A
        Speaker: Ann Lee

        - a

        ## Dinner

        - nice food

        ### Talk B
        Speaker: Bob Stone

        - b
    """)
    assert [(t.title, t.section) for t in out.talks] == [("Talk A", "Day 1"), ("Talk B", "Dinner")]


ITALIC_BYLINES = """
    # KubeCon EU 2023

    ## Scaling Prometheus
    *Bartek Płotka (Google)*

    - a
    - b

    ## eBPF for the Rest of Us
    _Liz Rice, Isovalent_

    - c
"""


def test_italic_bylines_with_a_company_are_speaker_lines_when_the_shape_is_chosen():
    """A talk title of two capitalised words ("Scaling Prometheus") under an event heading read
    as one talk by "Scaling Prometheus" while italic bylines were not counted as speakers."""
    out = parsed(ITALIC_BYLINES)
    assert out.event.title == "KubeCon EU 2023"
    assert [t.title for t in out.talks] == ["Scaling Prometheus", "eBPF for the Rest of Us"]
    assert [(s.name, s.affiliation) for s in out.speakers] == [("Bartek Płotka", "Google"), ("Liz Rice", "Isovalent")]


def test_a_bare_italic_line_under_the_title_is_no_speaker():
    """`*Gated Communities*` under an event's title is its motto."""
    out = parsed("""
        32nd Chaos Communication Congress
        --------------------------------
        *Gated Communities*

        General notes
        - Angels, Heralds
    """)
    assert out.speakers == []


@pytest.mark.parametrize("line, day", [
    ("Samstag, 11. März 2023", (2023, 3, 11)),
    ("jeudi 15 juin 2023", (2023, 6, 15)),
    ("15 de junio de 2023", (2023, 6, 15)),
    ("12. Dezember 2019", (2019, 12, 12)),
    ("1er août 2022", None),  # "1er" is no day token: not a date line, never a wrong date
])
def test_date_lines_in_other_languages(line, day):
    span = parse_date_line(line)
    assert (span and (span.start.year, span.start.month, span.start.day)) == (day if day else None)


def test_day_words_breaks_and_segments_in_other_languages():
    assert is_divider("Tag 2 - Samstag") and is_divider("Jour 1") and is_divider("Freitag")
    assert not is_divider("Tag management at scale") and not is_divider("DAG 2 of the pipeline")  # an Airflow DAG
    assert DAY_NUMBER.search("Tag 2 - Samstag").group(1) == "2" and DAY_NUMBER.search("Airflow DAG 2") is None
    assert is_break("Mittagspause") and is_break("Pause déjeuner") and is_break("Kaffeepause & Networking")
    assert is_segment("Fazit") and is_segment("Zusammenfassung") and is_segment("Résumé") and is_segment("Preguntas")


def test_notes_labels_in_event_titles():
    assert without_notes_words("Notizen: Chemnitzer Linux-Tage 2023") == "Chemnitzer Linux-Tage 2023"
    assert without_notes_words("Notes: PyCon 2019") == "PyCon 2019"
    assert without_notes_words("Notes") == "Notes"


def test_a_german_programme_reads_as_talks_with_the_breaks_and_wrap_up_left_out():
    out = parsed("""
        # Notizen: Chemnitzer Linux-Tage 2023

        Samstag, 11. März 2023

        ## Vortrag: Btrfs im produktiven Einsatz

        - Snapshots mit snapper

        ## Mittagspause

        ## Vortrag: Einführung in NixOS

        - deklarative Konfiguration

        ## Fazit

        Sehr gut organisiert.
    """)
    assert out.event.title == "Chemnitzer Linux-Tage 2023"
    assert str(out.event.date_start) == "2023-03-11"
    assert [t.title for t in out.talks] == ["Btrfs im produktiven Einsatz", "Einführung in NixOS"]


@pytest.mark.parametrize("line, speakers", [
    ("Sprecher: Thomas Müller (SUSE)", [("Thomas Müller", "SUSE")]),
    ("Sprecherin: Anna Schmidt", [("Anna Schmidt", None)]),
    ("Intervenant : Pierre Dupont (OVHcloud)", [("Pierre Dupont", "OVHcloud")]),
    ("Ponente: Ana García, Red Hat", [("Ana García", "Red Hat")]),  # a company of the lexicon, no second person
    ("Speaker: Jörg Weber, TU Chemnitz", [("Jörg Weber", "TU Chemnitz")]),
    ("Speakers: Ann Lee, Bob Stone", [("Ann Lee", None), ("Bob Stone", None)]),
])
def test_speaker_fields_in_other_languages_and_companies_after_a_name(line, speakers):
    from analysis.read.bylines import speaker_field

    assert [(s.name, s.affiliation) for s in speaker_field(line)] == speakers


def test_a_sentence_starting_with_a_foreign_label_word_is_no_field():
    from analysis.read.bylines import speaker_field

    assert speaker_field("Referenten haben gesagt, dass es gut war.") is None


def test_a_company_written_once_after_several_names_on_a_plain_line_is_each_ones():
    out = parsed("""
        # Conf 2023

        ## Platform Teams
        Jan Schmidt & Marta Nowak, Deutsche Telekom

        - a

        ## Second Talk Here
        Ann Lee and Bob Stone, Acme Corp

        - b
    """)
    assert [(s.name, s.affiliation) for s in out.speakers] == [
        ("Jan Schmidt", "Deutsche Telekom"), ("Marta Nowak", "Deutsche Telekom"), ("Ann Lee", "Acme Corp"), ("Bob Stone", "Acme Corp")]


def test_an_outliners_talks_are_items_over_a_speaker_field():
    """Notes taken as one nested list (Logseq, Workflowy): each talk a top-level item whose first
    sub-item names its speakers (`Speaker:` or Logseq's `speaker::`), its notes the others."""
    out = parsed("""
        # RustConf 2022

        2022-08-05

        - Rust in the Linux Kernel
          - Speaker: Miguel Ojeda
          - first drivers merged, NVMe prototype
        - Compile Times: A Love Story
          - speaker:: Jane Losare-Lusby
          - cargo build timings, sccache
        - Hallway track
          - met the tokio maintainers
    """)
    assert [t.title for t in out.talks] == ["Rust in the Linux Kernel", "Compile Times: A Love Story"]
    assert [(s.talk_id, s.name) for s in out.speakers] == [(0, "Miguel Ojeda"), (1, "Jane Losare-Lusby")]
    assert [n.text for n in out.notes if n.talk_id == 0] == ["first drivers merged, NVMe prototype"]
    assert [n.text for n in out.notes if n.talk_id is None] == ["Hallway track", "met the tokio maintainers"]


def test_a_name_like_title_before_a_colon_stays_when_a_speaker_line_follows():
    """`Addis Ababa: Mobile Money` reads like `Łukasz Langa: Black` (two words no dictionary holds),
    but the line under it names the speaker: the words are the title's."""
    out = parsed("""
        # Conf 2024

        ## Addis Ababa: Mobile Money Lessons
        Speaker: Ann Lee (Safaricom)

        - a

        ## Łukasz Langa: Black, Five Years Later

        - c
    """)
    assert [t.title for t in out.talks] == ["Addis Ababa: Mobile Money Lessons", "Black, Five Years Later"]
    assert [(s.talk_id, s.name) for s in out.speakers] == [(0, "Ann Lee"), (1, "Łukasz Langa")]


def test_a_day_heading_without_a_usable_date_does_not_take_the_last_days():
    out = parsed("""
        # PyCon US 2024

        ## Day 1 — 05/15/2024
        ### Opening Keynote
        Speaker: Jay Miller

        - a

        ## Day 2 — 06/06/2024
        ### Typing Deep Dive
        Speaker: Carl Meyer (Meta)

        - b

        ## Day 3 — 05/06/2024
        ### Sprint Intro

        - c
    """)
    assert [(t.title, str(t.date), t.day) for t in out.talks] == [
        ("Opening Keynote", "2024-05-15", 1), ("Typing Deep Dive", "2024-06-06", 2), ("Sprint Intro", "None", 3)]
    assert [p.message for p in out.problems] == [
        "date in 'Day 3 — 05/06/2024' ignored: day and month could be either way round (write 2024-05-06 or 6 May 2024)"]


@pytest.mark.parametrize("line, speaker", [
    ("Una Kravets (@una, she/her)", ("Una Kravets", "una", None)),
    ("Tobias Koppers (he/him, Vercel)", ("Tobias Koppers", None, "Vercel")),
    ("Jo Doe (they/them)", ("Jo Doe", None, None)),
])
def test_pronouns_in_a_bylines_parentheses_are_no_affiliation(line, speaker):
    from analysis.read.bylines import parse_byline

    assert [(s.name, s.handle, s.affiliation) for s in parse_byline(line)] == [speaker]


def test_notes_in_brackets_after_the_event_leave_no_bracket():
    assert without_notes_words("Berlin Buzzwords 2023 (English notes)") == "Berlin Buzzwords 2023"
    assert without_notes_words("PyCon 2019 (my notes)") == "PyCon 2019"

"""Pass 3 on talk titles: each extractor of analysis/read/titles.py on the shapes it reads."""
import pytest

from analysis.read.titles import (TitleParts, kind_marker, leading_time, outline_marker, plain_title, product_names,
                                  read_title, speaker_part, trailing_handle)


def parts_after(rule, text):
    parts = TitleParts(text, text)
    rule(parts, product_names())
    return parts


@pytest.mark.parametrize("text, title", [
    ("**Bold** title with [a link](https://example.com)", "Bold title with a link"),
    ("`asyncio` under the hood", "asyncio under the hood"),
    ("snake_case_names stay", "snake_case_names stay"),
])
def test_plain_title_keeps_only_text(text, title):
    assert parts_after(plain_title, text).title == title


@pytest.mark.parametrize("text, title, dropped", [
    ("09:00 Opening", "Opening", "09:00"),
    ("(9:45-10:30) Scaling Docker", "Scaling Docker", "(9:45-10:30)"),
    ("13:30 - 14:05: eBPF for Mere Mortals", "eBPF for Mere Mortals", "13:30 - 14:05:"),
    ("9am - Breakfast talk", "Breakfast talk", "9am -"),
    ("Lunch talk (12:30)", "Lunch talk", "(12:30)"),
    ("3 ways to fail", "3 ways to fail", None),  # a number is not a time
    # Clocks written with a dot: with a dash, colon or bar after them, a range or am/pm.
    ("09.30 \u2013 Opening keynote", "Opening keynote", "09.30 \u2013"),
    ("14.00-14.45 Scaling Postgres", "Scaling Postgres", "14.00-14.45"),
    ("(10.15\u201311.00) Rust in production", "Rust in production", "(10.15\u201311.00)"),
    ("9.30am Breakfast talk", "Breakfast talk", "9.30am"),
    ("12.30 | Lunch", "Lunch", "12.30 |"),
    # Versions, dates and bare dotted numbers are no clocks.
    ("3.11 What's new in Python", "3.11 What's new in Python", None),
    ("2.0 Release notes", "2.0 Release notes", None),
    ("14.05.2024", "14.05.2024", None),
    ("09.30 Opening", "09.30 Opening", None),  # a dotted number alone before words: kept, it may be a version
])
def test_leading_and_trailing_times(text, title, dropped):
    parts = parts_after(leading_time, text)
    assert parts.title.strip() == title
    assert (parts.dropped[0] if parts.dropped else None) == dropped


@pytest.mark.parametrize("text, title", [
    ("Talk 3: Spec-Driven Development", "Spec-Driven Development"),
    ("Talk 10 - SIMBA - Building Maps", "SIMBA - Building Maps"),
    ("A. Fuzzing CPython Extensions", "Fuzzing CPython Extensions"),
    ("1) Visual elements lacking contrast", "Visual elements lacking contrast"),
    ("Session 2 - Genomic Surveillance", "Genomic Surveillance"),
    ("I - Title", "I - Title"),  # a lone capital before a dash is a word, not a marker
    ("3D printing at home", "3D printing at home"),
])
def test_outline_markers(text, title):
    assert parts_after(outline_marker, text).title == title


@pytest.mark.parametrize("text, title, kind", [
    ("Keynote: The Event Loop, Ten Years On", "The Event Loop, Ten Years On", "keynote"),
    ("Keynote - Computational Pathology - The Next Revolution", "Computational Pathology - The Next Revolution", "keynote"),
    ("Panel Discussion: Novel Genome Editing", "Novel Genome Editing", "panel"),
    ("Every Company is a Software Company (Panel)", "Every Company is a Software Company", "panel"),
    ("Workshop: Terraform from scratch", "Terraform from scratch", "workshop"),
    ("Opening keynote - Joanna Reyes", "Opening keynote - Joanna Reyes", "talk"),  # the rest is a person: kept
    ("Keynote Day #1", "Keynote Day #1", "talk"),  # no separator: not a prefix
])
def test_kind_markers(text, title, kind):
    parts = parts_after(kind_marker, text)
    assert (parts.title, parts.kind.value) == (title, kind)


def test_trailing_handles():
    parts = parts_after(trailing_handle, "Explicit Direct Instruction @felienne")
    assert parts.title == "Explicit Direct Instruction" and parts.speakers[0].handle == "felienne"
    parts = parts_after(trailing_handle, "Org thinking dev_42")
    assert parts.title == "Org thinking" and parts.speakers[0].handle == "dev_42"
    assert parts_after(trailing_handle, "Welcoming women to your meetup").speakers == []


@pytest.mark.parametrize("text, title, names", [
    ("Apache Lucene 5 - New Features for Apache Solr - Uwe Schindler", "Apache Lucene 5 - New Features for Apache Solr", ["Uwe Schindler"]),
    ("Designing Progressive Web Apps (PWA) - Jason Grigsby", "Designing Progressive Web Apps (PWA)", ["Jason Grigsby"]),
    ("Common Data Visualization Issues by Sarah L. Fossheim", "Common Data Visualization Issues", ["Sarah L. Fossheim"]),
    ("VACUUM, Bloat and You | Inês Carvalho", "VACUUM, Bloat and You", ["Inês Carvalho"]),
    ("Ingrid Solberg: Designing for Screen Readers First", "Designing for Screen Readers First", ["Ingrid Solberg"]),
    ("Causal inference for product analytics (Lea Hoffmann)", "Causal inference for product analytics", ["Lea Hoffmann"]),
    # not people: ordinary words, a product, a topic before a colon, a one-word nickname
    ("Visual Issues - Color Issues", "Visual Issues - Color Issues", []),
    ("Powered by Docker Swarm", "Powered by Docker Swarm", []),
    ("Event Sourcing: Lessons from Five Years", "Event Sourcing: Lessons from Five Years", []),
    ("Facebook Omega Logistics (Kasia)", "Facebook Omega Logistics (Kasia)", []),
    ("Learning by Doing - A Retrospective", "Learning by Doing - A Retrospective", []),
    # A given name that is a product's too (Ada, Julia, Ruby), before a surname
    ("Profiling in Production - Julia Evans", "Profiling in Production", ["Julia Evans"]),
    ("Intro to Rust - Ruby Smith", "Intro to Rust", ["Ruby Smith"]),
    ("Angular - Jasmine Testing", "Angular - Jasmine Testing", []),  # a product, then an English word form
])
def test_speaker_part(text, title, names):
    parts = parts_after(speaker_part, text)
    assert parts.title == title
    assert [s.name for s in parts.speakers] == names


def test_the_whole_chain_and_a_profile_link():
    parts = read_title("JavaScript CSS by [Parsha Pourkhomami](http://twitter.com/parshap)", product_names())
    assert parts.title == "JavaScript CSS"
    [speaker] = parts.speakers
    assert (speaker.name, speaker.handle, speaker.url) == ("Parsha Pourkhomami", "parshap", "http://twitter.com/parshap")
    parts = read_title("09:25 Keynote: Securing the Supply Chain - Adebayo Ogunleye, Chainguard", product_names())
    assert (parts.title, parts.kind.value) == ("Securing the Supply Chain", "keynote")
    assert [(s.name, s.affiliation) for s in parts.speakers] == [("Adebayo Ogunleye", "Chainguard")]
    parts = read_title("Zero-Downtime Migrations | Kenji Watanabe @kwatanabe_db", product_names())
    assert [(s.name, s.handle) for s in parts.speakers] == [("Kenji Watanabe", "kwatanabe_db")]


def test_the_users_separator_wins():
    parts = read_title("Scaling Ops :: Jo Bloggs", product_names(), separator=" :: ")
    assert (parts.title, [s.name for s in parts.speakers]) == ("Scaling Ops", ["Jo Bloggs"])


def test_a_title_is_never_emptied():
    assert read_title("Keynote:", product_names()).title == "Keynote"  # the closing colon goes, the word stays
    assert read_title("09:00", product_names()).title == "09:00"


@pytest.mark.parametrize("text, title", [
    ('"Async all the things" - Ada Lovelace', "Async all the things"),
    ("\u201cCurly quoted\u201d by Jane Doe", "Curly quoted"),
    ('"Hello" world "again"', '"Hello" world "again"'),  # quotes inside, not around
    ("'Tis the season", "'Tis the season"),
])
def test_quotes_around_a_title_are_dropped(text, title):
    from analysis.read.titles import read_title

    assert read_title(text).title == title


@pytest.mark.parametrize("heading, title, speakers", [
    # A name first that no given-name list holds, but no dictionary either: a person.
    ("Łukasz Langa: Black, Five Years Later", "Black, Five Years Later", ["Łukasz Langa"]),
    ("Hynek Schlawack: Attrs Is Still Great", "Attrs Is Still Great", ["Hynek Schlawack"]),
    ("Jane Losare-Lusby: Error Handling in Rust", "Error Handling in Rust", ["Jane Losare-Lusby"]),
    # Phrases: an ordinary word, or words ending like English words (`Fuzzing`).
    ("Event Sourcing: Lessons Learned", "Event Sourcing: Lessons Learned", []),
    ("Microfrontends Explained: A Guide", "Microfrontends Explained: A Guide", []),
    ("Workshop: Fuzzing Hands-On", "Fuzzing Hands-On", []),
    # The title no longer than the name: a name and a one-word title are too like a phrase.
    ("Ruby Rogues: Live", "Ruby Rogues: Live", []),
])
def test_a_name_before_a_colon_is_a_speaker_when_it_reads_as_a_persons(heading, title, speakers):
    parts = read_title(heading, product_names())
    assert (parts.title, [s.name for s in parts.speakers]) == (title, speakers)

@pytest.mark.parametrize("text, title, labels", [
    ("Python Performance Tips [slides](https://speakerdeck.com/abc/perf) [video](https://youtube.com/watch?v=1)",
     "Python Performance Tips", ["slides", "video"]),
    ("Data Science at Netflix \u2014 [slides](https://example.com/nf.pdf)", "Data Science at Netflix", ["slides"]),
    ("Async ([recording](https://youtube.com/watch?v=2), [code](https://github.com/x/y))", "Async", ["recording", "code"]),
    ("Fast APIs | [Slides & Code](https://example.com/s)", "Fast APIs", ["Slides & Code"]),
    ("[Async All The Things](https://example.com/a)", "[Async All The Things](https://example.com/a)", []),  # the title itself
    ("Intro to [Rust](https://rust-lang.org)", "Intro to [Rust](https://rust-lang.org)", []),  # no material word
    ("Notes on [slides](https://example.com/s) and style", "Notes on [slides](https://example.com/s) and style", []),  # not at the end
])
def test_material_links_leave_the_end_of_a_title(text, title, labels):
    from analysis.read.titles import material_links

    parts = parts_after(material_links, text)
    assert (parts.title.strip(), [label for label, _ in parts.urls]) == (title, labels)


def test_a_title_of_material_links_keeps_its_urls_and_its_title_link():
    parts = read_title("[Async All The Things](https://example.com/a) [slides](https://example.com/s)", product_names())
    assert parts.title == "Async All The Things"
    assert parts.urls == [("slides", "https://example.com/s"), ("Async All The Things", "https://example.com/a")]
    assert read_title("[slides](https://example.com/s)", product_names()).title == "slides"  # never emptied


def test_a_handle_and_company_in_the_speaker_part_of_a_title():
    parts = read_title("2. Typing Your Django Project \u2014 Sarah Schmidt (@sschmidt_dev, Zalando)", product_names())
    assert parts.title == "Typing Your Django Project"
    assert [(s.name, s.handle, s.affiliation) for s in parts.speakers] == [("Sarah Schmidt", "sschmidt_dev", "Zalando")]


def test_the_links_of_a_title_line_are_the_talks_in_file_order(tmp_path):
    from analysis import load_notes

    path = tmp_path / "pycon.md"
    path.write_text("# PyCon 2023\n\n### Profiling Basics\n\n- see https://example.com/a\n\n"
                    "### Fast Python [slides](https://example.com/s) [video](https://youtube.com/watch?v=1)\n\n"
                    "- see https://example.com/b\n", "utf-8")
    notes = load_notes(path, cache=False, enrich=False)
    assert list(notes.talks["title"]) == ["Profiling Basics", "Fast Python"]
    links = notes.links
    assert list(links["url"]) == ["https://example.com/a", "https://example.com/s", "https://youtube.com/watch?v=1",
                                  "https://example.com/b"]
    assert list(links["note_id"].isna()) == [False, True, True, False]  # a title's links are in no note
    assert list(links["talk_id"]) == [0, 1, 1, 1]
    assert list(links["kind"].astype(str)) == ["other", "other", "video", "other"]


def test_a_material_word_after_a_small_word_is_the_titles_own():
    """`Everything About [Slides](url)`: the link ends the title's sentence; it is no link to the slides."""
    assert read_title("Everything About [Slides](https://slides.com)", product_names()).title == "Everything About Slides"
    assert read_title("Python Performance Tips [slides](https://a.b/c)", product_names()).title == "Python Performance Tips"

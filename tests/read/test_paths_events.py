"""What a path says (analysis/read/paths.py) and how the event is named (analysis/read/events.py)."""
from datetime import date

import pytest

from analysis.read.events import split_date, split_day
from analysis.read.paths import event_name, file_title, path_facts


@pytest.mark.parametrize("folder, name", [
    ("djangocon-us", "djangocon us"),
    ("nextgen_omics_2023", "nextgen omics 2023"),
    ("railsconf-notes-2012", "railsconf 2012"),
    ("una__js-conf-notes", "js conf"),
    ("WordCamp US", "WordCamp US"),
    ("talks", None), ("2017", None), ("2012-04-23", None), ("04", None), ("day-2", None),
    ("someone__conference-notes", None),
])
def test_folder_names_as_events(folder, name):
    assert event_name(folder) == name


def test_path_facts():
    facts = path_facts("notes/mdespuits__railsconf-notes-2012/2012-04-23/3-machine-learning.markdown")
    assert (facts.event, facts.date) == ("railsconf 2012", date(2012, 4, 23))
    assert path_facts("x/kubecon-eu-2022/day-2.md").day == 2
    assert path_facts("x/WordCamp US/Day1.md").day == 1
    assert path_facts("blog/_posts/2018-10-25-react-conf.md").date == date(2018, 10, 25)
    # the walk up stops at the folder the user loaded
    assert path_facts("/home/me/notes/talk.md", root="/home/me/notes").event is None
    # and at the top of someone's notes repository
    assert path_facts("corpus/someone__conference-notes/talk.md").event is None


@pytest.mark.parametrize("stem, title", [
    ("day-1-keynote", "Day 1 keynote"),
    ("2018-09-28-datalog-for-the-working-programmer", "Datalog for the working programmer"),
    ("2025-3-smashing-accessibility-talks", "Smashing accessibility talks"),
    ("05-js-css", "Js css"),
    ("Intro_to_WebAssembly", "Intro to WebAssembly"),
])
def test_file_names_as_titles(stem, title):
    assert file_title(stem) == title


@pytest.mark.parametrize("title, rest, day", [
    ("NextGen Omics Day 1", "NextGen Omics", 1),
    ("QCon London 2019 - Day 1", "QCon London 2019", 1),
    ("rstudio::conf(“notes”, day = 2)", "rstudio::conf", 2),
    ("Day 2", "Day 2", None),  # a title that is only a day keeps it
    ("Dockercon 17", "Dockercon 17", None),
])
def test_a_trailing_day_is_no_part_of_the_event(title, rest, day):
    assert split_day(title) == (rest, day)


@pytest.mark.parametrize("title, rest, start, end", [
    ("KubeCon EU 2023 (Tuesday 18 April 2023)", "KubeCon EU 2023", date(2023, 4, 18), None),
    # no year of its own: the title's
    ("KubeCon EU 2023 \u2014 Day 1 (Tuesday 18 April)", "KubeCon EU 2023 \u2014 Day 1", date(2023, 4, 18), None),
    ("KubeCon EU 2023 \u2013 Day 1, 18 April 2023", "KubeCon EU 2023 \u2013 Day 1", date(2023, 4, 18), None),
    ("PyCon US 2019: May 3", "PyCon US 2019", date(2019, 5, 3), None),
    ("FOSDEM 2020, 1-2 February", "FOSDEM 2020", date(2020, 2, 1), date(2020, 2, 2)),
    ("Railsconf \u2014 Mon May 12 - Wed May 15 2014", "Railsconf", date(2014, 5, 12), date(2014, 5, 15)),  # a range whole
    ("JSConf EU 2019 (Berlin, 1-2 June)", "JSConf EU 2019 (Berlin)", date(2019, 6, 1), date(2019, 6, 2)),
    ("KubeCon EU 2023 (Day 1, Tuesday 18 April)", "KubeCon EU 2023 (Day 1)", date(2023, 4, 18), None),
])
def test_a_trailing_date_is_the_events_date_not_its_name(title, rest, start, end):
    got, span = split_date(title)
    assert (got, span.start, span.end) == (rest, start, end or start)


@pytest.mark.parametrize("title", [
    "KubeCon EU 2023",
    "PyCon 2019 (Cleveland)",
    "Strange Loop 2019, 12 talks",
    "DevOpsDays 2019: 10 things I learned",
    "PyCon 2019 (May)",  # a month is no day
    "KubeCon, EU 18 April 2023",  # `EU` would read as a time zone: a date part starts as a date does
    "Conference (18 April)",  # no year anywhere
    "18 April 2023",  # nothing before the date: no name to keep
])
def test_what_is_no_date_after_a_name_stays(title):
    assert split_date(title) == (title, None)


@pytest.mark.parametrize("title, event", [
    ("My notes from PyCon 2019", "PyCon 2019"),
    ("Notes on the Strange Loop 2017", "Strange Loop 2017"),
    ("RubyConf 2016 notes", "RubyConf 2016"),
    ("KubeCon NA 2023 - my notes", "KubeCon NA 2023"),
    ("PyCon (notes)", "PyCon"),
    # nothing but the words, or notes that are the subject
    ("Conference notes", "Conference notes"),
    ("Release notes roundup", "Release notes roundup"),
    ("Footnotes of Rust", "Footnotes of Rust"),
])
def test_an_events_name_without_the_words_saying_these_are_notes(title, event):
    from analysis.read.events import without_notes_words

    assert without_notes_words(title) == event

from datetime import date

import pandas as pd
import pytest

from analysis import load_notes
from analysis.read.dates import parse_date_line


@pytest.mark.parametrize(
    "line, start, end",
    [
        ("######Tue Apr 18 2017", date(2017, 4, 18), date(2017, 4, 18)),
        ("####Wed Jul 22 2015", date(2015, 7, 22), date(2015, 7, 22)),
        ("Mon May 12 - Wed May 15 2014", date(2014, 5, 12), date(2014, 5, 15)),
        ("Wed Sep 10 18:40:03 EDT 2014", date(2014, 9, 10), date(2014, 9, 10)),
        ("Sun-Wed Dec 27-31 2015", date(2015, 12, 27), date(2015, 12, 31)),
        ("18 April 2017", date(2017, 4, 18), date(2017, 4, 18)),
        ("2017-04-18", date(2017, 4, 18), date(2017, 4, 18)),
        ("Dec 30 2016 - Jan 2 2017", date(2016, 12, 30), date(2017, 1, 2)),
        ("*Fri Nov 6 2015*", date(2015, 11, 6), date(2015, 11, 6)),
    ],
)
def test_date_lines(line, start, end):
    span = parse_date_line(line)
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize(
    "line",
    ["Keynote 2017", "Tue Apr 18", "Feb 30 2016", "Go 1.5 released 2015", "Wikipedia sued the NSA in March 2015", "", "2017"],
)
def test_not_date_lines(line):
    assert parse_date_line(line) is None


def _read(tmp_path, text):

    path = tmp_path / "notes.md"
    path.write_text(text)
    return load_notes(path, cache=False)


def test_a_date_beside_a_place_dates_the_event_and_its_talks(tmp_path):
    # Issue 10: `Salt Lake City, April 19-27 2023` under the title gave no date.
    notes = _read(tmp_path, "# rstudio::conf\n\nSalt Lake City, April 19-27 2023\n\n## Talk C\n\n- a\n\n## Talk D\n\n- b\n")
    event = notes.events.iloc[0]
    assert (event["date_start"], event["date_end"]) == (pd.Timestamp("2023-04-19"), pd.Timestamp("2023-04-27"))
    assert notes.talks["title"].tolist() == ["Talk C", "Talk D"]


def test_a_day_heading_with_a_date_anywhere_dates_its_talks(tmp_path):
    # Issue 10: `# Day 1 - Wed Mar 20 2024` gave no date; an ISO date in a heading too.
    notes = _read(tmp_path, "# Conf\n\n# Day 1 - Wed Mar 20 2024\n\n## Talk A\n\n- a\n\n"
                            "# Day 2 - 2024-03-21\n\n## Talk B\n\n- b\n")
    assert notes.talks.set_index("title")["date"].to_dict() == {
        "Talk A": pd.Timestamp("2024-03-20"), "Talk B": pd.Timestamp("2024-03-21")}
    assert notes.talks["day"].tolist() == [1, 2]
    event = notes.events.iloc[0]
    assert (event["date_start"], event["date_end"]) == (pd.Timestamp("2024-03-20"), pd.Timestamp("2024-03-21"))


@pytest.mark.parametrize("line, day", [
    ("14/06/2023", "2023-06-14"),  # a first number over 12 is the day
    ("5/14/2024", "2024-05-14"),  # a second number over 12: month first, as in the US
    ("14.05.2024", "2024-05-14"),  # dots and dashes: day first, as everywhere they are written so
    ("14-05-2024", "2024-05-14"),
    ("2024-05-14 (Tuesday)", "2024-05-14"),
])
def test_numeric_dates_and_a_weekday_in_parentheses(line, day):
    span = parse_date_line(line)
    assert span is not None and span.usable and str(span.start) == day


def test_a_slashed_date_whose_day_and_month_could_swap_is_a_date_line_but_not_used():
    span = parse_date_line("05/06/2023")
    assert span is not None and span.ambiguous and not span.usable
    assert parse_date_line("2024-05-14 (online)") is None


@pytest.mark.parametrize("line", ["**Date:** May 14, 2024", "**Date**: 2024-05-14", "Datum: 14.05.2024", "Fecha: 14/05/2024"])
def test_a_labelled_date_bold_or_in_another_language(line):
    from analysis.read.lines import classify

    [parsed] = classify([line])
    assert parsed.date is not None and str(parsed.date.start) == "2024-05-14"


def test_an_ambiguous_date_line_is_a_warning_not_a_date(tmp_path):
    path = tmp_path / "meetup.md"
    path.write_text("# Meetup 2023\n\n05/06/2023\n\n## Talk One\nSpeaker: Ann Lee\n\n- a\n", encoding="utf-8")
    notes = load_notes(path, cache=False)
    assert notes.events["date_start"].isna().all()
    assert notes.problems["message"].tolist() == [
        "date '05/06/2023' ignored: day and month could be either way round (write 2023-06-05 or 5 June 2023)"]

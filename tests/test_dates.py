from datetime import date

import pandas as pd
import pytest

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
    from analysis import load_notes

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

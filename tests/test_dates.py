from datetime import date

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

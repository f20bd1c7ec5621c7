"""Notes in the shapes other people write: fixture files with what a careful reader finds.

Each folder of tests/fixtures/shapes is one case: notes files at realistic paths
(folder and file names carry the event, dates and days) and `expected.yaml`,
written by reading the files, not the code. Every file is checked on its own:
the event, the file's date, every talk in order with its kind and own date, and
every speaker with handle and affiliation. They need no corpus.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import load_notes
from tests.expected.scoring import norm

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
CASES = [
    pytest.param(case, relative, entry, id=f"{case.name}/{relative}")
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir())
    for relative, entry in yaml.safe_load((case / "expected.yaml").read_text("utf-8")).items()
]


def _speakers(notes, talk_id) -> list[tuple[str, str, str]]:
    rows = notes.speakers[notes.speakers["talk_id"] == talk_id]
    return sorted((norm(r.name), norm(r.handle), norm(r.affiliation)) for r in rows.itertuples())


@pytest.mark.parametrize("case, relative, entry", CASES)
def test_a_careful_readers_talks_speakers_and_event(case, relative, entry):
    notes = load_notes(case / relative, cache=False)
    talks = notes.talks
    assert [norm(t) for t in talks["title"]] == [norm(t["title"]) for t in entry["talks"]]
    assert [str(k) for k in talks["kind"]] == [t["kind"] for t in entry["talks"]]
    for talk_id, expected in zip(talks["talk_id"], entry["talks"]):
        want = sorted((norm(s.get("name")), norm(s.get("handle")), norm(s.get("affiliation")))
                      for s in expected.get("speakers") or [])
        assert _speakers(notes, talk_id) == want, expected["title"]
    assert norm(notes.events["title"].iloc[0]) == norm(entry["event"])
    events = notes.events.iloc[0]
    want_date = pd.Timestamp(entry["date"]) if entry.get("date") else None
    if want_date is not None:
        assert events["date_start"] <= want_date <= events["date_end"]
    for date, expected in zip(talks["date"], entry["talks"]):
        if expected.get("date"):
            assert date == pd.Timestamp(expected["date"]), expected["title"]


def test_every_fixture_file_is_listed_in_its_cases_expectations():
    for case in (p for p in FIXTURES.iterdir() if p.is_dir()):
        listed = set(yaml.safe_load((case / "expected.yaml").read_text("utf-8")))
        files = {p.relative_to(case).as_posix() for p in case.rglob("*") if p.suffix in (".md", ".markdown")}
        assert files == listed, case.name

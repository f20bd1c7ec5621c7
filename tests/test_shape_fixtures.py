"""Notes in the shapes other people write: fixture files with what a careful reader finds.

Each folder under tests/fixtures/shapes and tests/fixtures/heldout is one case:
notes files at realistic paths (folder and file names carry the event, dates and
days) and `expected.yaml`, written by reading the files, not the code. Every file
is checked on its own: the event, the file's date, every talk in order with its
kind and own date, and every speaker with handle and affiliation. What the reader
is known to read differently is listed in heldout/known_misses.yaml. No corpus needed.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import load_notes
from tests.expected.scoring import norm

FIXTURES = Path(__file__).parent / "fixtures"
SETS = [FIXTURES / "shapes", FIXTURES / "heldout"]


def read_yaml(path: Path):
    """yaml.safe_load of the file, by libyaml's parser where PyYAML has it (the same data; the
    pure-Python one took 0.1 s for these files, at every collection by every test worker)."""
    return yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


KNOWN = read_yaml(FIXTURES / "heldout" / "known_misses.yaml")
CASES = [
    pytest.param(case, relative, entry, KNOWN.get(f"{case.name}/{relative}", {}), id=f"{case.name}/{relative}")
    for folder in SETS
    for case in sorted(p for p in folder.iterdir() if p.is_dir())
    for relative, entry in read_yaml(case / "expected.yaml").items()
]


def _speakers(notes, talk_id) -> list[tuple[str, str, str]]:
    rows = notes.speakers[notes.speakers["talk_id"] == talk_id]
    return sorted((norm(r.name), norm(r.handle), norm(r.affiliation)) for r in rows.itertuples())


@pytest.mark.parametrize("case, relative, entry, known", CASES)
def test_a_careful_readers_talks_speakers_and_event(case, relative, entry, known):
    notes = load_notes(case / relative, cache=False, enrich=False)  # the reader alone
    talks = notes.talks
    extra = {norm(t) for t in known.get("extra_talks", [])}
    missing = {norm(t) for t in known.get("missing_talks", [])}
    got = [(norm(t), str(k), i) for t, k, i in zip(talks["title"], talks["kind"], talks["talk_id"])]
    assert {t for t, _, _ in got} & extra == extra, "a known extra talk is gone: update known_misses.yaml"
    got = [g for g in got if g[0] not in extra]
    want = [t for t in entry["talks"] if norm(t["title"]) not in missing]
    assert [(t, k) for t, k, _ in got] == [(norm(t["title"]), t["kind"]) for t in want]
    missing_speakers = {(norm(t), norm(w)) for t, w in known.get("missing_speakers", [])}
    for (title, _, talk_id), expected in zip(got, want):
        wanted = sorted((norm(s.get("name")), norm(s.get("handle")), norm(s.get("affiliation")))
                        for s in expected.get("speakers") or [] if (title, norm(s.get("name"))) not in missing_speakers)
        assert _speakers(notes, talk_id) == wanted, expected["title"]
    assert norm(notes.events["title"].iloc[0]) == norm(known.get("event", entry["event"]))
    events = notes.events.iloc[0]
    if entry.get("date"):
        assert events["date_start"] <= pd.Timestamp(entry["date"]) <= events["date_end"]
    for (_, _, talk_id), expected in zip(got, want):
        if expected.get("date"):
            date = talks.loc[talks["talk_id"] == talk_id, "date"].iloc[0]
            assert date == pd.Timestamp(expected["date"]), expected["title"]


def test_every_fixture_file_is_listed_in_its_cases_expectations():
    for folder in SETS:
        for case in (p for p in folder.iterdir() if p.is_dir()):
            listed = set(read_yaml(case / "expected.yaml"))
            files = {p.relative_to(case).as_posix() for p in case.rglob("*") if p.suffix in (".md", ".markdown")}
            assert files == listed, case.name

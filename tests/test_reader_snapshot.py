"""The default notes and the author's archive read exactly as before the reader was rebuilt."""
from __future__ import annotations

import json

import pytest

from analysis import load_notes
from tests.conftest import PROJECT_ROOT, corpus_events_dir
from tests.snapshots.reader_snapshot import SNAPSHOT, file_sha, frame_digests, snapshot_files

# A measure over a whole corpus (every file of the author's archive, read whole): `make test` (and CI) runs it, `make test-fast` not.
pytestmark = pytest.mark.slow

EXPECTED = json.loads(SNAPSHOT.read_text())
FILES = snapshot_files(PROJECT_ROOT, corpus_events_dir())


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_frames_match_the_snapshot(key):
    path = FILES.get(key)
    if path is None:
        pytest.skip(f"{key}: the author's archive is absent (../shared/corpus/events or $CONFNOTES_CORPUS)")
    if file_sha(path) != EXPECTED[key]["sha"]:
        pytest.skip(f"{key}: the file differs from the version the snapshot was made from")
    got = frame_digests(load_notes(path, cache=False))
    changed = sorted(name for name, digest in EXPECTED[key]["frames"].items() if got[name] != digest)
    assert not changed, f"{key}: frames read differently than before: {changed}"

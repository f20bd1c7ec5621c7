"""Shared fixtures: the default notes, the corpus of other real notes, a private cache."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from analysis.config import DEFAULT_NOTES, PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"

# Tests write nothing into the repo: Hypothesis keeps its examples in the user's cache folder.
set_hypothesis_home_dir(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "confnotes-tests" / "hypothesis")


def corpus_events_dir() -> Path | None:
    """../shared/corpus/events, or $CONFNOTES_CORPUS, or None when neither exists."""
    for candidate in (SHARED / "corpus" / "events", os.environ.get("CONFNOTES_CORPUS")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Tests never read or write the user's cache folder."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get("CONFNOTES_CACHE")
    os.environ["CONFNOTES_CACHE"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("CONFNOTES_CACHE", None)
    else:
        os.environ["CONFNOTES_CACHE"] = previous


@pytest.fixture(scope="session")
def default_notes_path() -> Path:
    return DEFAULT_NOTES


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    found = corpus_events_dir()
    if found is None:
        pytest.skip("corpus notes absent: neither ../shared/corpus/events nor $CONFNOTES_CORPUS exists")
    return found


@pytest.fixture(scope="session")
def default_notes():
    """The default notes, loaded once per test process: tests only read it (one that needs
    other frames makes a copy, dataclasses.replace)."""
    from analysis import load_notes

    return load_notes(DEFAULT_NOTES, cache=False)


@pytest.fixture(scope="session")
def two_events(tmp_path_factory):
    """The default notes and the hostile fixture, two events of April 2017, in one folder;
    loaded once per test process, for tests that only read it."""
    import shutil

    from analysis import load_notes

    folder = tmp_path_factory.mktemp("two-events")
    shutil.copy(DEFAULT_NOTES, folder)
    shutil.copy(Path(__file__).parent / "fixtures" / "hostile.md", folder)
    return load_notes(folder, cache=False)

"""Property tests: random documents built from the notes' own shapes."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import Notes, load_notes

pytestmark = pytest.mark.slow  # 90 generated documents, each loaded two or three times

words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=30).map(
    lambda s: s.replace("\n", " ").replace("\r", " ")
)
plain = st.sampled_from(["Docker", "swarm", "k8s", "node.js", "portainer.io", "the", "Q&A", "@ada", "ada@example.com",
                         "http://x.io/a", "[label](https://github.com/a/b)", "`docker ps -a`", '"a quote"', "<b>x</b>",
                         "Tue Apr 18 2017", "#", "*", "-", ">", "1.", "```", "|"])
phrase = st.lists(st.one_of(plain, words), min_size=0, max_size=6).map(" ".join)
indent = st.sampled_from(["", " ", "  ", "    ", "\t", "\t\t"])
line = st.one_of(
    phrase,
    st.builds(lambda i, p: f"{i}- {p}", indent, phrase),
    st.builds(lambda i, p: f"{i}* {p}", indent, phrase),
    st.builds(lambda i, p: f"{i}1. {p}", indent, phrase),
    st.builds(lambda p: f"> {p}", phrase),
    st.builds(lambda n, p: "#" * n + " " + p, st.integers(1, 6), phrase),
    st.sampled_from(["######Tue Apr 18 2017", "####Mon May 12 - Wed May 15 2014", "Wed Sep 10 18:40:03 EDT 2014",
                     "-----", "=====", "```", "```bash", "~~~", "Note: slides", "Ada Lovelace @ada, Bob Smith",
                     "Panel", "*an italic subtitle*", "", "", ""]),
)
document = st.lists(line, min_size=0, max_size=40).map("\n".join)
newline = st.sampled_from(["\n", "\r\n", "\r"])


def load_text(text: str, newline_style: str = "\n") -> tuple[Notes, str]:
    """Load `text` from `<temporary folder>/pycon/notes.md`; the folder is removed afterwards.

    The same folder and file names each time: the event of a file without a title
    heading is named after its folder, and the same text must read the same.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pycon" / "notes.md"
        path.parent.mkdir()
        path.write_bytes(text.replace("\n", newline_style).encode("utf-8"))
        return load_notes(path, cache=False), str(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document, newline)
def test_never_raises_and_places_every_line(text, newline_style):
    notes, source = load_text(text, newline_style)
    non_blank = [n for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if notes.problems["message"].str.startswith("skipped: binary").any():  # mostly control characters
        assert notes.lines.empty and notes.events.empty
        return
    assert notes.lines["line"].tolist() == non_blank
    assert set(notes.lines["source"]) <= {source}
    unparsed = notes.lines.loc[notes.lines["role"] == "unparsed", "line"].tolist()
    assert set(unparsed) <= set(notes.problems["line"].dropna())


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_deterministic_and_round_trips(text):
    first, _ = load_text(text)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        path = folder / "pycon" / "notes.md"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        again = load_notes(path, cache=False)
        other = load_notes(path, cache=False)
        for name in Notes.frame_names():
            pd.testing.assert_frame_equal(getattr(again, name), getattr(other, name), obj=name)
        again.to_parquet(folder / "parquet")
        again.to_csv(folder / "csv")
        for restored in (Notes.from_parquet(folder / "parquet"), Notes.from_csv(folder / "csv")):
            for name in Notes.frame_names():
                pd.testing.assert_frame_equal(getattr(again, name), getattr(restored, name), obj=name)
    # the same text in another file gives the same frames, but for the source
    assert first.talks["title"].tolist() == again.talks["title"].tolist()

"""What an analyst meets first: load_notes' path errors, a Notes in a notebook, joins
without _x/_y, clear errors for wrong input, and the report's title over all events."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from report_html import Page, talk_headings

from analysis import Notes, NotesPathError, load_notes
from analysis import config
from analysis.report import ReportPage, summaries


# ------------------------------------------------------------------ paths
def test_an_empty_path_is_an_error_not_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.md").write_text("# Not meant to be loaded\n\n- a note\n")
    for empty in ("", " ", ["", "stray.md"]):
        with pytest.raises(NotesPathError, match="empty notes path"):
            load_notes(empty, cache=False)
    with pytest.raises(NotesPathError, match="no notes path given"):
        load_notes([], cache=False)
    with pytest.raises(TypeError, match="not int"):
        load_notes(3, cache=False)


def test_path_errors_name_the_absolute_path_tried(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NotesPathError) as missing:
        load_notes("no/such/notes", cache=False)
    assert str(missing.value) == f"no such file or folder: {tmp_path}/no/such/notes"
    (tmp_path / "empty").mkdir()
    with pytest.raises(NotesPathError) as empty:
        load_notes("empty", cache=False)
    assert str(empty.value) == f"no notes files (*.md) in {tmp_path}/empty"
    with pytest.raises(NotesPathError) as lexicon:
        load_notes(config.DEFAULT_NOTES, cache=False, lexicon=["mine.toml"])
    assert str(lexicon.value) == f"no such file: {tmp_path}/mine.toml"


def test_in_a_notebook_a_relative_path_is_also_tried_from_the_project_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the kernel's folder (notebooks/ in JupyterLab)
    relative = "data/events/2017/04/dockercon17.md"
    with pytest.raises(NotesPathError):  # outside a notebook the working folder is the only place
        config.resolve_notes_paths(relative)
    monkeypatch.setattr(config, "in_notebook", lambda: True)
    assert config.resolve_notes_paths([relative]) == [config.PROJECT_ROOT / relative]
    assert len(load_notes(relative, cache=False).talks) == len(talk_headings())
    (tmp_path / "data" / "events").mkdir(parents=True)
    (tmp_path / relative).parent.mkdir(parents=True)
    (tmp_path / relative).write_text("# Mine\n\n## A talk\n\n- a note\n")
    assert config.resolve_notes_paths(relative) == [config.Path(relative)]  # the working folder wins


# ---------------------------------------------------------------- display
def test_notes_show_as_html_with_frames_events_and_problems(default_notes, tmp_path):
    page = Page(default_notes._repr_html_())
    words = page.words
    assert "1 events, 24 talks" in words and f"{len(default_notes.notes):,} notes, 0 problems" in words
    cells = [[Page(cell).visible for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
             for row in re.findall(r"<tr>(.*?)</tr>", page.markup)]
    rows = {row[0]: row[1:] for row in cells if row}
    assert rows["talks"] == ["24"] and rows["mentions"] == [f"{len(default_notes.mentions):,}"]
    assert rows["Dockercon"] == ["18 Apr 2017", "24", f"{len(default_notes.notes):,}"]  # "######Tue Apr 18 2017"
    assert "No problems." in words

    (tmp_path / "bad.md").write_bytes(b"\x00\x01binary\x00")
    (tmp_path / "good.md").write_text("# <b>Conf</b> 2019\n\n## A talk\n\n- a note\n")
    mixed = load_notes(tmp_path, cache=False)
    shown = mixed._repr_html_()
    assert "<b>Conf</b>" not in shown and "&lt;b&gt;Conf&lt;/b&gt; 2019" in shown  # notes are text
    assert f"Problems ({len(mixed.problems)} " in Page(shown).words and "bad.md" in shown


# ------------------------------------------------------------------ joins
def test_join_needs_no_suffixes(default_notes):
    joined = default_notes.join("talks", "events")
    assert not [c for c in joined.columns if c.endswith(("_x", "_y"))]
    assert len(joined) == len(default_notes.talks)
    assert set(joined["event_title"]) == {"Dockercon"} and "title" in joined.columns  # the talk's own title
    assert {"event_subtitle", "event_n_notes", "source", "date_start"} <= set(joined.columns)  # only taken names prefixed
    assert joined.loc[joined["title"] == "LinuxKit", "source"].iloc[0] == str(config.DEFAULT_NOTES)
    linuxkit = default_notes.join("mentions", "talks")
    assert "Docker" in set(linuxkit.loc[linuxkit["title"] == "LinuxKit", "product"].astype(str))
    table = default_notes.talk_table()
    assert list(table.columns[-2:]) == ["event", "speakers"] and not [c for c in table.columns if c.endswith(("_x", "_y"))]


# ----------------------------------------------------------- wrong input
@pytest.mark.parametrize("call, error, message", [
    (lambda n: n.search(None), TypeError, r"search\(\) takes the text to look for, a non-empty str \(got None\)"),
    (lambda n: n.search(""), TypeError, "non-empty str"),
    (lambda n: n.related("LinuxKit"), TypeError, r"not 'LinuxKit'; talks titled so: 4 \(LinuxKit\)"),
    (lambda n: n.related("Nothing like it"), TypeError, "no talk title holds it"),
    (lambda n: n.related(999), ValueError, "no talk with talk_id 999; ids run 0 to 23"),
    (lambda n: n.related(4, n=0), ValueError, "1 or more"),
    (lambda n: n.join(), ValueError, "needs frame names"),
    (lambda n: n.join("talks", "talk"), ValueError, "no frame 'talk'; the frames are events, talks"),
    (lambda n: n.to_csv(None), TypeError, r"to_csv\(\) takes a folder path"),
    (lambda n: Notes.from_parquet("/no/such/folder"), NotesPathError, "lacks events.parquet"),
])
def test_wrong_input_gives_a_clear_error(default_notes, call, error, message):
    with pytest.raises(error, match=message):
        call(default_notes)


def test_related_still_answers_right_input(default_notes):
    related = default_notes.related(4, n=3)
    assert len(related) == 3 and 4 not in set(related["talk_id"])


# ------------------------------------------------------------ title span
def dated_events(rows: list[tuple[str, str | None, str | None]]) -> Notes:
    events = pd.DataFrame({"event_id": range(len(rows)), "title": [r[0] for r in rows],
                           "date_start": pd.to_datetime([r[1] for r in rows]), "date_end": pd.to_datetime([r[2] for r in rows])})
    return Notes.from_frames({"events": events})


def test_the_title_span_comes_from_every_event():
    notes = dated_events([("PyCon", "2017-04-18", "2017-04-20"), ("KubeCon", "2023-04-19", None),
                          ("Devoxx", None, "2024-03-20"), ("Meetup", None, None)])
    assert summaries.report_title(notes) == "Notes of 4 events, 2017\u20132024"
    lead = Page(str(ReportPage(notes).header())).words
    assert "Notes taken at 4 events from 18 Apr 2017 to 20 Mar 2024 (1 event without a date)." in lead


def test_the_title_span_of_notes_dated_by_iso_day_headings(tmp_path):
    for year, day in (("2017", "04-18"), ("2023", "04-19"), ("2024", "03-20")):
        folder = tmp_path / f"conf{year}"
        folder.mkdir()
        (folder / "notes.md").write_text(f"# Conf {year}\n\n## Day 1 - {year}-{day}\n\n### Containers in production\n\n"
                                         "Ada Lovelace\n\n- docker swarm on bare metal\n")
    notes = load_notes(tmp_path, cache=False)
    assert summaries.report_title(notes) == "Notes of 3 events, 2017\u20132024"
    assert "from 18 Apr 2017 to 20 Mar 2024." in Page(str(ReportPage(notes).header())).words


# -------------------------------------------------------------- light import
def test_importing_the_package_loads_neither_pandas_nor_the_reader():
    import subprocess
    import sys

    code = "import sys, analysis, analysis.cli; print(sorted(m for m in ('pandas', 'analysis.read.walk') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"

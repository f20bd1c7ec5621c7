"""The user's corrections (confnotes.toml, front matter) and `python -m analysis explain`."""
import subprocess
import sys
from types import SimpleNamespace

import pytest

from analysis import load_notes
from analysis.cli import main
from analysis.read.settings import SettingsError

TWO_SECTIONS = "# Conf\n\n## Alpha\n- a\n\n## Beta\n- b\n"


def test_a_confnotes_toml_in_the_folder_names_the_shape(tmp_path):
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "talk.md").write_text(TWO_SECTIONS)
    before = load_notes(folder, cache=False)
    assert before.talks["title"].tolist() == ["Alpha", "Beta"]
    (folder / "confnotes.toml").write_text("one_talk_per_file = true\nevent = \"My Conf\"\n")
    after = load_notes(folder, cache=True)  # the settings are part of the cache key
    assert after.talks["title"].tolist() == ["Conf"]
    assert after.events["title"].tolist() == ["My Conf"]
    assert "user's settings" in after.layouts["reasons"].iloc[0]


def test_settings_in_front_matter_and_a_separator(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("---\nconfnotes:\n  speaker_separator: \" :: \"\n  talk_level: 2\n---\n# Conf\n\n## Scaling :: Jo Bloggs\n- a\n")
    notes = load_notes(path, cache=False)
    assert notes.talks["title"].tolist() == ["Scaling"]
    assert notes.speakers["name"].tolist() == ["Jo Bloggs"]


def test_bad_settings_are_a_clear_error_or_a_problem_row(tmp_path):
    (tmp_path / "confnotes.toml").write_text("talk_levle = 2\n")
    (tmp_path / "a.md").write_text(TWO_SECTIONS)
    with pytest.raises(SettingsError, match="unknown setting 'talk_levle'"):
        load_notes(tmp_path, cache=False)
    (tmp_path / "confnotes.toml").write_text("talk_level = 9\n")
    with pytest.raises(SettingsError, match="between 1 and 6"):
        load_notes(tmp_path, cache=False)
    path = tmp_path / "other" / "b.md"
    path.parent.mkdir()
    path.write_text("---\nconfnotes:\n  talk_level: many\n---\n" + TWO_SECTIONS)
    notes = load_notes(path, cache=False)
    assert notes.problems["message"].str.contains("talk_level").any()
    assert notes.talks["title"].tolist() == ["Alpha", "Beta"]


def test_layouts_frame_has_one_row_per_file(tmp_path):
    (tmp_path / "a.md").write_text(TWO_SECTIONS)
    (tmp_path / "index.md").write_text("- [a](a.md)\n")
    notes = load_notes(tmp_path, cache=False)
    layouts = notes.layouts.set_index(notes.layouts["source"].str.rsplit("/", n=1).str[-1])
    assert layouts.loc["a.md", "layout"] == "heading-level" and layouts.loc["a.md", "level"] == 2
    assert layouts.loc["index.md", "layout"] == "no-notes"
    assert str(notes.layouts["layout"].dtype) == "category"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, timeout=120)


def run_main(capsys, *args):
    """The command in this process (`main`, what `python -m analysis` runs; the real entry
    point is run in a subprocess by test_cli): its exit status, stdout and stderr."""
    status = main(list(args))
    captured = capsys.readouterr()
    return SimpleNamespace(returncode=status, stdout=captured.out, stderr=captured.err)


def test_explain_prints_the_shapes_the_roles_and_the_talks(tmp_path, capsys):
    path = tmp_path / "djangocon-us" / "channels.md"
    path.parent.mkdir()
    path.write_text("# Architecting with Channels\n## Andrew Godwin, Eventbrite\n\n### Ideas\n* async\n### Why?\n* chat\n")
    result = run_main(capsys, "explain", str(path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "one-talk 1:" in out and "a speaker follows the title (heading)" in out
    assert "event: 'djangocon us' (from the folder)" in out
    assert "talk 1: 'Architecting with Channels' (line 1) by Andrew Godwin" in out
    assert "    2  speaker        ## Andrew Godwin, Eventbrite" in out
    missing = run_main(capsys, "explain", str(tmp_path / "nope.md"))
    assert missing.returncode == 2 and "no such file" in missing.stderr and str(tmp_path) in missing.stderr


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_the_command_line_reports_bad_settings_in_one_line(tmp_path):
    (tmp_path / "confnotes.toml").write_text("talk_levle = 2\n")
    (tmp_path / "a.md").write_text(TWO_SECTIONS)
    result = run_cli("summary", str(tmp_path), "--no-cache")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "unknown setting 'talk_levle'" in result.stderr

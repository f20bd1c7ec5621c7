"""The HTML report: safe text, sections built from the frames, rendering through nbconvert."""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis import report
from analysis import safe_html as sh

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile.md"
BIDI_AND_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# ------------------------------------------------------------ parsing the page
class Page(HTMLParser):
    """Every tag with its attributes, and the visible text."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def attr_values(self, name):
        return [attrs[name] for _, attrs in self.tags if attrs.get(name) is not None]

    @property
    def visible(self) -> str:
        return "".join(self.text)


def assert_inert(markup: str) -> Page:
    """No script, no event handler, no remote load, no unsafe link target."""
    assert "<script" not in markup.lower()
    page = Page(markup)
    names = {tag for tag, _ in page.tags}
    assert not names & {"script", "iframe", "object", "embed", "link", "base", "form", "svg"}
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.lower().startswith("on")], (tag, attrs)
    for href in page.attr_values("href"):
        assert href.startswith(("https://", "http://", "mailto:", "#")), href
    for src in page.attr_values("src"):
        assert src.startswith("data:image/png;base64,"), src[:40]
    # Every http(s) reference in the file is a user-facing <a href> link (or text shown to the reader).
    remote = set(re.findall(r"""(?:src|href|url)\s*=?\s*\(?["']?(https?://[^"' )>]+)""", markup, flags=re.I))
    assert remote <= {h for h in page.attr_values("href") if h.startswith("http")}
    return page


# --------------------------------------------------------------- safe_html
@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd", "slides.html?x", "//evil.example/x",
    "https://exa\u202emple.org", "http://", "mailto:",
])
def test_only_http_and_mailto_urls_become_links(url):
    assert sh.safe_url(url) is None
    assert "<a " not in sh.link(url, "label")


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://bit.ly/HCMSLGBT", "mailto:someone@example.org"])
def test_safe_urls_become_escaped_links(url):
    markup = sh.link(url, "<b>label</b>")
    assert markup.startswith(f'<a href="{html.escape(url)}"')
    assert "&lt;b&gt;label&lt;/b&gt;" in markup


def test_text_escapes_markup_and_neutralises_controls_and_bidi():
    out = sh.text("<img src=x onerror=alert(1)> \u202eevil\u202c bell\x07 \"quoted\" 'single'")
    assert "<" not in out and ">" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&quot;quoted&quot;" in out and "&#x27;single&#x27;" in out
    assert not BIDI_AND_CONTROLS.search(out)
    assert out.count(sh.REPLACEMENT) == 3
    assert sh.text(None) == "" and sh.text(float("nan")) == ""
    assert sh.text("x" * 500, 20) == "x" * 19 + "\u2026"


def test_rich_text_links_only_safe_markdown_links():
    out = sh.rich("see [good](https://example.org) [bad](javascript:alert(1)) <b>x</b> `rm -rf /` http://bit.ly/x.")
    assert '<a href="https://example.org"' in out and '<a href="http://bit.ly/x"' in out
    assert "javascript" not in out.split("bad")[0] and 'href="javascript' not in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out and "<code>rm -rf /</code>" in out


def test_table_escapes_header_and_aligns_numbers():
    markup = sh.table(["<th>", "n"], [["a", "1"]], numeric=(1,))
    assert "&lt;th&gt;" in markup and "<td class=num>1</td>" in markup


# ------------------------------------------------- sections, without a kernel
def test_env_var_gives_the_paths(tmp_path):
    assert report.notes_paths_from_env({}) is None
    assert report.notes_paths_from_env({"CONFNOTES_NOTES": ""}) is None
    assert report.notes_paths_from_env({"CONFNOTES_NOTES": os.pathsep.join(["a.md", "b"])}) == ["a.md", "b"]


def test_sections_of_the_default_notes(default_notes):
    counts = report.counts(default_notes)
    assert counts["events"] == 1 and counts["talks"] == 24 and counts["notes"] == 244 and counts["links"] == 19
    assert report.trends(default_notes) is None
    understood, total = report.coverage(default_notes)
    assert total == len(default_notes.lines) and understood == total  # nothing unparsed in the default notes
    digest = str(report.digest(default_notes))
    for title in default_notes.talks["title"]:
        assert f">{html.escape(title)}</h3>" in digest
    header = report.header(default_notes)
    assert header._repr_html_()[1]["confnotes"]["title"] == "Dockercon"
    assert 'href="#trends"' not in str(header)
    commands = str(report.commands(default_notes))
    assert "docker system prune" in commands and "docker-compose up" in commands
    quotes = str(report.quotes(default_notes))
    assert "My containers are too big!" in quotes


def test_key_notes_are_a_few_per_talk(default_notes):
    chosen = report.key_notes(default_notes)
    assert chosen.groupby("talk_id").size().max() <= report.KEY_NOTES
    assert set(chosen["talk_id"]) <= set(default_notes.talks["talk_id"])


def test_every_section_is_inert_html(default_notes):
    for block in report.page_sections(default_notes):
        assert_inert(str(block))


# ------------------------------------------------------------- rendering
@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "new" / "folder" / "report.html"
    report.render_report(None, out)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "hostile.html"
    report.render_report([HOSTILE], out)
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_default_report_shows_every_talk_and_no_code(default_report, default_notes):
    page = assert_inert(default_report)
    for title in default_notes.talks["title"]:
        assert html.escape(title) in default_report, title
    assert "<title>Dockercon</title>" in default_report
    assert "report.summary(notes)" not in default_report and "load_notes_from_env" not in default_report
    assert "CONFNOTES_NOTES" not in default_report  # the notebook's own documentation stays out
    for key in ("summary", "themes", "products", "speakers", "links", "commands", "quotes", "digest", "quality"):
        assert f'<section id="{key}">' in default_report
    assert 'id="trends"' not in default_report
    assert len(page.attr_values("src")) >= 5  # the charts, inline
    assert "Kate Hirschfield" in page.visible and "@K8Hir" in page.visible
    assert 'href="https://github.com/linuxkit/linuxkit"' in default_report
    assert "326 of 326 non-blank lines (100.0%)" in page.visible


@pytest.mark.slow
def test_report_of_several_events_has_trends_and_skipped_files(tmp_path, corpus_dir):
    out = tmp_path / "corpus.html"
    report.render_report([corpus_dir], out)
    markup = out.read_text(encoding="utf-8")
    assert_inert(markup)
    assert '<section id="trends">' in markup and 'href="#trends"' in markup
    assert "navigation-only file" in markup  # the index.md files are listed as skipped


@pytest.mark.slow
def test_hostile_notes_show_as_text(hostile_report):
    page = assert_inert(hostile_report)
    visible = page.visible
    assert "Script <script>alert('xss')</script> Talk" in visible
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in hostile_report
    assert "<img src=x onerror=\"alert('img')\"> image with onerror" in visible
    assert "onerror=" not in "".join(f"{k}=" for _, attrs in page.tags for k in attrs)
    assert '<a href="javascript:alert(2)">anchor with javascript</a>' in visible  # shown, not a link
    assert not [h for h in page.attr_values("href") if "javascript" in h.lower() or h.startswith("data:")]
    assert 'href="https://example.org/good"' in hostile_report and 'href="mailto:someone@example.org"' in hostile_report
    assert not BIDI_AND_CONTROLS.search(hostile_report)
    assert f"Bidi {sh.REPLACEMENT}gnp.exe{sh.REPLACEMENT} Override" in visible
    assert "A very long talk title word0 word1" in visible
    assert "word119" not in visible  # cut with an ellipsis
    assert "Money $5 and $\\frac{1}{ unbalanced $ talk" in visible


@pytest.mark.slow
def test_failing_cell_raises_report_error_and_keeps_the_previous_report(tmp_path):
    out = tmp_path / "reports" / "report.html"
    out.parent.mkdir()
    out.write_text("previous report", encoding="utf-8")
    broken = tmp_path / "broken.ipynb"
    book = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from analysis import report\nnotes = report.load_notes_from_env()"),
        nbformat.v4.new_code_cell("report.counts(notes)['no such count']"),
    ])
    nbformat.write(book, broken)
    with pytest.raises(report.ReportError) as failure:
        report.render_report(None, out, notebook=broken)
    assert failure.value.ename == "KeyError" and "no such count" in failure.value.evalue
    assert failure.value.cell == 1
    assert "cell 1" in str(failure.value) and "KeyError" in str(failure.value)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]  # no temporary file left


def test_missing_paths_raise_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        report.render_report([tmp_path / "missing.md"], tmp_path / "r.html")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        report.render_report([tmp_path / "empty"], tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


def test_cli_reports_a_missing_path_in_one_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(tmp_path / "missing.md"), "--out", str(tmp_path / "r.html")],
                         capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 2
    assert "missing.md" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_report_on_a_folder(tmp_path):
    folder = tmp_path / "notes" / "2017" / "04"
    folder.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "data" / "events" / "2017" / "04" / "dockercon17.md", folder)
    shutil.copy(HOSTILE, folder)
    out = tmp_path / "out" / "folder.html"
    run = subprocess.run(["make", "-s", "report", f"NOTES={tmp_path / 'notes'}", f"OUT={out}"],
                         capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    markup = out.read_text(encoding="utf-8")
    assert_inert(markup)
    assert "<title>Notes of 2 events, 2017</title>" in markup and '<section id="trends">' in markup


@pytest.mark.slow
def test_html_not_built_by_the_package_is_shown_as_text(tmp_path):
    notebook = tmp_path / "raw.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML('<b id=raw>bold</b><img src=x onerror=alert(1)>')"),
        nbformat.v4.new_code_cell("from analysis import report\nreport.Html('<p id=trusted>built by the package</p>')"),
    ]), notebook)
    out = tmp_path / "r.html"
    report.render_report(None, out, notebook=notebook)
    page = out.read_text(encoding="utf-8")
    assert "<b id=raw>" not in page and "&lt;b id=raw&gt;bold&lt;/b&gt;" in page
    assert "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "<p id=trusted>built by the package</p>" in page

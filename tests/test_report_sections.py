"""The registry and each section of the report, without a kernel: what a reader of the
default notes file (data/events/2017/04/dockercon17.md) finds in each section."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from report_html import (BIDI_AND_CONTROLS, DEFAULT_NOTES, HOSTILE, Page, assert_inert, non_blank_lines, quoted_lines,
                         table_rows, talk_headings)

from analysis import load_notes
from analysis.config import PACKAGE_DIR
from analysis.report import SECTIONS, ReportPage
from analysis.report.blocks import BLOCK_MIME
from analysis.report.filters import REPLACEMENT

TEMPLATES = PACKAGE_DIR / "report" / "templates" / "sections"


@pytest.fixture(scope="module")
def page(default_notes):
    return ReportPage(default_notes)


@pytest.fixture(scope="module")
def blocks(page):
    """key -> each block of page.blocks(), in page order: rendered once (the charts are drawn
    as PNGs) for the tests that only read them."""
    return {block.key: block for block in page.blocks()}


@pytest.fixture(scope="module")
def shown(blocks):
    """key -> the parsed HTML of each block of the page."""
    return {key: Page(str(block)) for key, block in blocks.items()}


# ------------------------------------------------------------------ registry
def test_every_section_has_one_template_and_every_template_a_section():
    keys = [section.key for section in SECTIONS]
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(path.name.removesuffix(".html.j2") for path in TEMPLATES.glob("*.html.j2"))
    for path in TEMPLATES.glob("*.html.j2"):
        assert path.read_text(encoding="utf-8").startswith('{% extends "section.html.j2" %}'), path.name


def test_the_contents_list_the_sections_shown_in_registry_order(page, shown):
    expected = [(f"#{s.key}", s.title) for s in SECTIONS if s.key != "trends"]  # trends: several events only
    nav = re.search(r"<nav>(.*)</nav>", str(page.header()), flags=re.S).group(1)
    assert re.findall(r'<a href="(#\w+)">([^<]+)</a>', nav) == expected
    assert list(shown) == ["header"] + [key[1:] for key, _ in expected]
    for section in page.shown_sections():
        assert section.key in shown[section.key].by_id  # each entry of the contents has its target


def test_a_block_tells_the_exporter_what_it_is(page, blocks):
    header = page.header()._repr_mimebundle_()
    assert header[BLOCK_MIME] == {"key": "header", "title": "Dockercon"}
    themes = blocks["themes"]._repr_mimebundle_()  # the block of page.blocks(), as the notebook shows it
    assert themes[BLOCK_MIME] == {"key": "themes"}
    # In a notebook the block brings its styles: a .confnotes box with a <style> scoped to it.
    assert themes["text/html"].startswith('<div class="confnotes"><style data-confnotes>')
    assert themes["text/html"].endswith('<section id="themes">' + str(blocks["themes"]).split('<section id="themes">', 1)[1] + "</div>")


def test_an_unknown_section_names_the_known_ones(page):
    with pytest.raises(KeyError, match="themes, talks, digest"):
        page.section("no-such-section")


def test_every_section_is_inert_html(blocks):
    for block in blocks.values():  # every block of page.blocks()
        assert_inert(str(block))


# ------------------------------------------------------------------ sections
def test_header_says_what_the_notes_are(shown, default_notes):
    words = shown["header"].words
    assert words.startswith("Dockercon Notes taken at Dockercon, 18 Apr 2017.")  # "######Tue Apr 18 2017"
    stats = dict((name, value) for value, name in re.findall(r"<b>([\d,]+)</b><span>(\w+)</span>", shown["header"].markup))
    assert stats["events"] == "1" and stats["talks"] == str(len(talk_headings()))


def test_events_lists_the_event_and_its_file(shown, default_notes):
    talks = len(talk_headings())
    assert table_rows(shown["events"].markup) == [["Dockercon", "18 Apr 2017", str(talks), str(len(default_notes.notes)),
                                                   DEFAULT_NOTES.name]]
    assert f"1 event with {talks} talks" in shown["events"].words


def test_themes_show_two_charts_with_text_alternatives(shown, default_notes):
    images = [attrs for tag, attrs in shown["themes"].tags if tag == "img"]
    assert [image["alt"] for image in images] == ["Bar chart of the number of talks per theme", "Heatmap of theme scores by talk"]
    assert "<details><summary>How strongly each talk scores" in shown["themes"].markup  # the heatmap, one click away
    assert all(int(image["width"]) > 0 and int(image["height"]) > 0 for image in images)
    themed = default_notes.themes["talk_id"].dropna().nunique()
    assert f"({themed} of {len(talk_headings())} talks have one)" in shown["themes"].words


def test_products_table_names_the_most_mentioned_products(shown, default_notes):
    words = shown["products"].words
    top = default_notes.mentions.groupby("product")["talk_id"].nunique().sort_values(ascending=False)
    assert top.index[0] in words
    assert "Docker" in top.index  # the notes are about Docker


def test_speakers_show_names_handles_and_web_links(shown):
    # "Kate Hirschfield - @K8Hir" and "Finnian Anderson http://finnian.io/blog" in the file
    rows = {row[0]: row for row in table_rows(shown["speakers"].markup)}
    assert len(rows) == len(table_rows(shown["speakers"].markup))  # one row per person
    assert rows["Kate Hirschfield"][:2] == ["Kate Hirschfield", "@K8Hir"]
    assert rows["Kate Hirschfield"][-1] == "Diversity on the Face of Adversity"
    assert rows["Finnian Anderson"][3] == "http://finnian.io/blog"
    assert "http://finnian.io/blog" in shown["speakers"].links()


def test_links_are_links_only_for_web_addresses(shown):
    links = shown["links"].links()
    assert "https://github.com/linuxkit/linuxkit" in links  # "[LinuxKit](https://github.com/linuxkit/linuxkit)"
    assert "http://bit.ly/HCMSLGBT" in links
    assert "View this as slides" in shown["links"].words  # a relative link in the file: shown, not linked
    assert not [href for href in links if href.startswith("slides.html")]


def test_commands_are_a_cheat_sheet(shown):
    codes = {Page(code).visible for code in re.findall(r"<code>([^<]*)</code>", shown["commands"].markup)}
    assert {"docker system prune", "docker system df", "docker-compose up"} <= codes  # `...` spans in the file


def test_quotes_are_the_quoted_lines_of_the_file(shown):
    words = shown["quotes"].words
    for quote in quoted_lines():
        assert f"\u201c{quote}\u201d" in words


def test_digest_has_an_article_per_talk_and_other_sections_link_to_them(page, shown):
    digest = str(page.section("digest"))
    titles = re.findall(r"<h3>([^<]*)</h3>", digest)
    assert [Page(title).visible for title in titles] == talk_headings()
    anchors = set(re.findall(r'<article id="(talk-\d+)">', digest))
    for key in ("speakers", "links", "commands", "quotes"):
        targets = {href[1:] for href in shown[key].links() if href.startswith("#")}
        assert targets and targets <= anchors, key


def test_trends_only_for_several_events(page, two_events):
    assert page.section("trends") is None
    several = ReportPage(two_events)  # the default notes and the hostile fixture, in one folder
    trends = Page(str(several.section("trends")))
    assert [attrs["alt"] for tag, attrs in trends.tags if tag == "img"] == ["Heatmap of products by event", "Heatmap of themes by event"]
    assert 'href="#trends"' in str(several.header())


def test_quality_says_how_much_was_understood_and_how_each_file_was_read(shown, default_notes):
    words = shown["quality"].words
    lines = non_blank_lines()
    unparsed = int((default_notes.lines["role"] == "unparsed").sum())
    assert f"{lines - unparsed:,} of {lines:,} non-blank lines" in words
    layout = default_notes.layouts.iloc[0]
    level = "" if pd.isna(layout["level"]) else f" {int(layout['level'])}"
    assert "How each file was read" in words
    read = [row for row in table_rows(shown["quality"].markup) if len(row) == 6]  # the "How each file was read" table
    assert [row[:3] for row in read] == [[DEFAULT_NOTES.name, f"{layout['layout']}{level}", f"{layout['score']:.2f}"]]
    assert "No problems." in words and "No file was skipped." in words


# ------------------------------------------------------------ hostile notes
def test_hostile_notes_show_as_text_in_every_section():
    page = ReportPage(load_notes(HOSTILE, cache=False))
    markup = "".join(str(block) for block in page.blocks())
    parsed = assert_inert(markup)
    visible = parsed.visible
    assert "Script <script>alert('xss')</script> Talk" in visible
    assert "<img src=x onerror=\"alert('img')\"> image with onerror" in visible
    assert '<a href="javascript:alert(2)">anchor with javascript</a>' in visible  # shown, not a link
    assert not [href for href in parsed.attr_values("href") if "javascript" in href.lower() or href.startswith("data:")]
    assert {"https://example.org/good", "mailto:someone@example.org"} <= set(parsed.links())
    assert not BIDI_AND_CONTROLS.search(markup)
    assert f"Bidi {REPLACEMENT}gnp.exe{REPLACEMENT} Override" in visible
    assert "Money $5 and $\\frac{1}{ unbalanced $ talk" in visible

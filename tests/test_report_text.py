"""Text from the notes in the report: escaped by the templates, controls and bidi
overrides neutralised, links only for http(s) and mailto."""
from __future__ import annotations

import pytest
from report_html import BIDI_AND_CONTROLS, Page

from analysis.report import filters
from analysis.report.environment import environment
from analysis.report.filters import REPLACEMENT


def render(source: str, **variables) -> str:
    """A template using the report's macros, rendered by the report's environment."""
    template = environment().from_string('{% from "macros.html.j2" import link, rich, talk %}' + source)
    return template.render(**variables)


UNSAFE_URLS = [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "file:///etc/passwd", "slides.html?x", "//evil.example/x",
    "https://exa\u202emple.org", "http://", "mailto:",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_only_http_and_mailto_urls_become_links(url):
    assert filters.safe_url(url) is None
    markup = render("{{ link(url, 'label') }}", url=url)
    assert "<a " not in markup and Page(markup).visible == "label"


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2", "http://bit.ly/HCMSLGBT", "mailto:someone@example.org"])
def test_safe_urls_become_links_with_their_label_as_text(url):
    page = Page(render("{{ link(url, '<b>label</b>') }}", url=url))
    assert list(page.links()) == [url]
    assert page.links()[url]["rel"] == "noopener noreferrer nofollow"
    assert page.visible == "<b>label</b>" and [tag for tag, _ in page.tags] == ["a"]


def test_printed_text_is_escaped_and_controls_and_bidi_are_neutralised():
    hostile = "<img src=x onerror=alert(1)> \u202eevil\u202c bell\x07 \"quoted\" 'single'"
    markup = render("<p>{{ value }}</p>", value=hostile)
    page = Page(markup)
    assert [tag for tag, _ in page.tags] == ["p"]  # the <img> is text
    assert page.visible == f"<img src=x onerror=alert(1)> {REPLACEMENT}evil{REPLACEMENT} bell{REPLACEMENT} \"quoted\" 'single'"
    assert not BIDI_AND_CONTROLS.search(markup)


def test_missing_values_print_as_nothing():
    assert render("[{{ a }}|{{ b }}|{{ c | clean(5) }}]", a=None, b=float("nan"), c=None) == "[||]"


def test_clean_cuts_with_an_ellipsis():
    assert filters.clean("x" * 500, 20) == "x" * 19 + "\u2026"
    assert filters.clean("a\tb\nc") == "a b c"


def test_rich_text_links_only_safe_links_and_shows_code():
    note = "see [good](https://example.org) [bad](javascript:alert(1)) <b>x</b> `rm -rf /` http://bit.ly/x."
    markup = render("{{ rich(note) }}", note=note)
    page = Page(markup)
    assert list(page.links()) == ["https://example.org", "http://bit.ly/x"]
    # The URL of [bad] stops at the first ")": the second one is text.
    assert page.visible == "see good bad) <b>x</b> rm -rf / http://bit.ly/x."
    assert [tag for tag, _ in page.tags] == ["a", "code", "a"]


def test_a_cut_note_never_links_to_a_cut_url():
    url = "https://example.org/" + "a" * 80
    parts = filters.inline_parts(f"{'word ' * 10}{url} tail", limit=60)
    links = [part for part in parts if part.kind == "link"]
    assert [part.url for part in links] == [url]
    assert sum(len(part.text) for part in parts) <= 61  # what is shown is cut, with its ellipsis


def test_a_talk_links_to_its_digest_only_when_it_has_one():
    from analysis.report.context import TalkRef

    assert Page(render("{{ talk(ref) }}", ref=TalkRef("Keynote <1>", "talk-3"))).links() == {"#talk-3": {"href": "#talk-3"}}
    plain = Page(render("{{ talk(ref) }}", ref=TalkRef("Keynote <1>", None)))
    assert plain.tags == [] and plain.visible == "Keynote <1>"
    assert Page(render("{{ talk(none) }}")).visible == "(event)"


def test_formats():
    import pandas as pd

    assert filters.number(1234) == "1,234" and filters.number(pd.NA) == ""
    day = pd.Timestamp("2017-04-18")
    assert filters.day(day) == "18 Apr 2017"
    assert filters.date_range(day, day) == "18 Apr 2017"
    assert filters.date_range(day, pd.Timestamp("2017-04-20")) == "18 Apr 2017 \u2013 20 Apr 2017"
    assert filters.date_range(pd.NaT, None) == "date unknown"
    assert filters.plural(1, "talk") == "1 talk" and filters.plural(2, "category", "categories") == "2 categories"

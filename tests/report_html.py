"""Reading report HTML in tests: tags, attributes and the text a reader sees, and the
check that a piece of the report is inert (no script, no handler, no unsafe link)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from analysis.config import DEFAULT_NOTES

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile.md"
BIDI_AND_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class Page(HTMLParser):
    """Every tag with its attributes, the visible text, and the text of each element with an id."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.markup = markup
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, str | None, int]] = []  # tag, id, where its text starts
        self.by_id: dict[str, str] = {}
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in ("img", "br", "meta", "hr", "input"):
            self._open.append((tag, attrs.get("id"), len(self.text)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self._open:
            name, ident, start = self._open.pop()
            if ident:
                self.by_id[ident] = "".join(self.text[start:])
            if name == tag:
                break

    def handle_data(self, data):
        self.text.append(data)

    def attr_values(self, name: str) -> list[str]:
        return [attrs[name] for _, attrs in self.tags if attrs.get(name) is not None]

    def links(self) -> dict[str, str]:
        """href -> tag attributes of every <a href>."""
        return {attrs["href"]: attrs for tag, attrs in self.tags if tag == "a" and "href" in attrs}

    @property
    def visible(self) -> str:
        return "".join(self.text)

    @property
    def words(self) -> str:
        """The visible text with white space folded, as a reader reads it."""
        return " ".join(self.visible.split())


def table_rows(markup: str) -> list[list[str]]:
    """The text of each cell of each body row of the tables in `markup`."""
    rows = re.findall(r"<tr>(.*?)</tr>", markup, flags=re.S)
    return [[Page(cell).words for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)] for row in rows
            if "<td" in row]


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


def talk_headings(path: Path = DEFAULT_NOTES) -> list[str]:
    """The talk titles of a notes file as its reader sees them: every setext heading
    (a line underlined with dashes) but the first, which is the event's title."""
    lines = path.read_text(encoding="utf-8").splitlines()
    headings = [lines[i - 1].strip() for i in range(1, len(lines)) if re.fullmatch(r"-{3,}", lines[i]) and lines[i - 1].strip()]
    return headings[1:]


def non_blank_lines(path: Path = DEFAULT_NOTES) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def quoted_lines(path: Path = DEFAULT_NOTES) -> list[str]:
    """The text of every `> "..."` line of a notes file."""
    return re.findall(r'^> "(.*)"\s*$', path.read_text(encoding="utf-8"), flags=re.M)

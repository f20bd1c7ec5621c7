"""Text from the notes made safe to show, and the formats the report uses.

Notes are written by anyone and may hold HTML, `javascript:` links, control
characters or bidi overrides that reorder what a reader sees. The section
templates are rendered with autoescape, so markup from the notes is always shown
as text; these functions handle the rest, and none of them returns HTML:

* `neutralise` replaces control characters (C0, DEL, C1), bidi controls and
  invisible format characters with U+FFFD, so they are visible and inert, and folds
  line breaks; the template environment applies it to every string it prints.
  `clean` also strips and cuts to a length.
* `safe_url` lets through only http(s) and mailto URLs; any other scheme
  (javascript:, data:, vbscript:, file:, relative paths) is shown as text.
* `inline_parts` splits a note into text, `code` spans and links, for the
  `rich` macro of the templates.

Each public function is also a Jinja filter of the same name (see environment.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from ..invisible import FORMAT_CHARACTERS, OTHER_INVISIBLE

REPLACEMENT = "\ufffd"
ELLIPSIS = "\u2026"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Tab and newline are controls too: a title is one line, and callers that keep line
# breaks split first. Zero-width spaces and joiners, word joiner, BOM, line and
# paragraph separators and tag characters are invisible: they can disguise a URL or a title;
# so is every other format character (Unicode category Cf: soft hyphen, U+180E, U+FFF9-FFFB ...).
_INVISIBLE = FORMAT_CHARACTERS + OTHER_INVISIBLE
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + "]")
SAFE_SCHEMES = ("http", "https", "mailto")


def is_missing(value: Any) -> bool:
    """None, NaN, pd.NA, NaT: anything pandas would call missing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pd.NA refuses bool()
        return True


def neutralise(value: Any) -> str:
    """`value` as text with line breaks and tabs folded to spaces and every other unsafe
    character replaced; '' for a missing value. Spaces at the ends are kept (text between
    two links needs them)."""
    if is_missing(value):
        return ""
    value = str(value).replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return _UNSAFE.sub(REPLACEMENT, value)


def clean(value: Any, limit: int | None = None) -> str:
    """Plain text safe to display: `neutralise`d, stripped, cut at `limit` characters."""
    value = neutralise(value).strip()
    return shorten(value, limit) if limit else value


def shorten(value: str, limit: int) -> str:
    """`value` cut to at most `limit` characters, with an ellipsis when cut."""
    return value if len(value) <= limit else value[: max(1, limit - 1)].rstrip() + ELLIPSIS


def safe_url(url: Any) -> str | None:
    """`url` if it is an http(s) or mailto URL that can be a link, else None."""
    if is_missing(url):
        return None
    url = str(url).strip()
    if not url or _UNSAFE.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return url


@dataclass(frozen=True)
class InlinePart:
    """A piece of a note: plain text, a `code` span, or a link (`url` set only when it is safe)."""

    kind: Literal["text", "code", "link"]
    text: str
    url: str | None = None


# A markdown link [label](url), an inline `code` span, or a bare http(s) URL.
_INLINE = re.compile(r"\[(?P<label>[^\]\n]{1,300})\]\((?P<url>[^)\s]{1,2000})\)|`(?P<code>[^`\n]{1,500})`"
                     r"|(?P<bare>https?://[^\s<>()\[\]\"']{1,2000})")
LABEL_WIDTH = 120  # characters of a markdown link's label
BARE_URL_WIDTH = 60  # characters of a bare URL shown as its own label


def inline_parts(value: Any, limit: int | None = None) -> list[InlinePart]:
    """A note's text split into parts: markdown links and bare URLs become links (for
    safe schemes; any other shows its label as text) and `code` spans become code.

    Links are found in the whole text first; `limit` then cuts only what is shown,
    so a shortened note never links to a shortened URL."""
    value = clean(value)
    budget = limit if limit is not None else len(value)
    parts: list[InlinePart] = []
    at = 0
    for match in _INLINE.finditer(value):
        plain = value[at : match.start()]
        if len(plain) >= budget:
            break
        if plain:
            parts.append(InlinePart("text", plain))
        budget -= len(plain)
        if match.group("code") is not None:
            shown = match.group("code")
            parts.append(InlinePart("code", shorten(shown, budget)))
            at = match.end()
        elif match.group("label") is not None:
            shown = match.group("label")
            parts.append(_link(match.group("url"), shown, min(LABEL_WIDTH, budget)))
            at = match.end()
        else:
            # Trailing punctuation ends the sentence, not the URL.
            shown = match.group("bare").rstrip(".,;:!?")
            parts.append(_link(shown, shown, min(BARE_URL_WIDTH, budget)))
            at = match.start() + len(shown)
        budget -= len(shown)
    rest = value[at:]
    if len(rest) > budget:
        rest = rest[: max(budget, 0)] + ELLIPSIS
    if rest:
        parts.append(InlinePart("text", rest))
    return parts


def _link(url: str, label: str, limit: int) -> InlinePart:
    return InlinePart("link", shorten(clean(label) or url, max(limit, 1)), safe_url(url))


def number(value: Any) -> str:
    """An integer with thousands separators, or '' when missing."""
    return "" if is_missing(value) else f"{int(value):,}"


def day(value: Any) -> str:
    """A date as '18 Apr 2017', or '' when missing."""
    return "" if is_missing(value) else f"{value.day} {value:%b %Y}"


def date_range(start: Any, end: Any) -> str:
    """'18 Apr 2017', '18 Apr 2017 – 20 Apr 2017', or 'date unknown'."""
    if is_missing(start):
        return "date unknown"
    if is_missing(end) or end == start:
        return day(start)
    return f"{day(start)} \u2013 {day(end)}"


def plural(count: int, word: str, plural_form: str | None = None) -> str:
    """'1 talk', '2 talks', '3 categories' (with `plural_form`)."""
    return f"{count:,} {word if count == 1 else (plural_form or word + 's')}"


FILTERS = {f.__name__: f for f in (clean, shorten, safe_url, inline_parts, number, day, date_range, plural)}

__all__ = ["REPLACEMENT", "SAFE_SCHEMES", "InlinePart", "is_missing", "neutralise", "clean", "shorten", "safe_url", "inline_parts",
           "number", "day", "date_range", "plural", "FILTERS"]

"""HTML from untrusted text: everything escaped, links only for safe schemes.

Notes are written by anyone and may hold HTML, `javascript:` links, control
characters or bidi overrides that reorder what a reader sees. Every piece of
text that reaches the report goes through `text()` (or a helper built on it):

* control characters (C0, DEL, C1) and bidi controls (U+200E/F, U+202A-U+202E,
  U+2066-U+2069, U+061C) become U+FFFD, so they are visible and inert;
* the result is escaped with `html.escape` (quotes included);
* `link()` makes an <a href> only for http(s) and mailto URLs; any other
  scheme (javascript:, data:, vbscript:, file:, relative paths) stays text.

No markup from the notes ever reaches the page as markup.
"""
from __future__ import annotations

import html
import re
from typing import Iterable, Sequence
from urllib.parse import urlsplit

REPLACEMENT = "\ufffd"
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 controls except none (tab and newline too: a title is one line; callers that
# keep line breaks split first), DEL, C1 controls, bidi controls.
# Also the invisible format characters (zero-width spaces and joiners, word joiner,
# BOM, line/paragraph separators, tag characters): they can disguise a URL or a title.
_INVISIBLE = "\u200b-\u200d\u2028\u2029\u2060-\u2064\ufeff\U000e0000-\U000e007f"
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f" + _BIDI + _INVISIBLE + "]")
_SAFE_SCHEMES = ("http", "https", "mailto")
_ELLIPSIS = "\u2026"


def is_missing(value) -> bool:
    """None, NaN, pd.NA, NaT: anything pandas would call missing."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):  # pd.NA raises on bool()
        return True


def clean(value, limit: int | None = None) -> str:
    """Plain text safe to display: unsafe characters replaced, whitespace folded, cut at `limit`."""
    if is_missing(value):
        return ""
    value = str(value).replace("\t", " ").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    value = _UNSAFE.sub(REPLACEMENT, value).strip()
    return shorten(value, limit) if limit else value


def shorten(value: str, limit: int) -> str:
    """`value` cut to at most `limit` characters, with an ellipsis when cut."""
    return value if len(value) <= limit else value[: max(1, limit - 1)].rstrip() + _ELLIPSIS


def text(value, limit: int | None = None) -> str:
    """Escaped HTML for untrusted `value` (missing values give '')."""
    return html.escape(clean(value, limit), quote=True)


def safe_url(url) -> str | None:
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
    if scheme not in _SAFE_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return url


def link(url, label=None, limit: int = 80) -> str:
    """An <a> for a safe URL (label defaults to the URL), else the escaped text alone."""
    shown = label if not is_missing(label) and clean(label) else url
    target = safe_url(url)
    if target is None:
        return text(shown, limit)
    return f'<a href="{html.escape(target, quote=True)}" rel="noopener noreferrer nofollow">{text(shown, limit)}</a>'


# A markdown link [label](url), an inline `code` span, or a bare http(s) URL.
_INLINE = re.compile(r"\[(?P<label>[^\]\n]{1,300})\]\((?P<url>[^)\s]{1,2000})\)|`(?P<code>[^`\n]{1,500})`|(?P<bare>https?://[^\s<>()\[\]\"']{1,2000})")


def rich(value, limit: int | None = None) -> str:
    """Escaped HTML for a note's text, where markdown links and bare URLs become links
    (for safe schemes only; any other link shows its label) and `code` spans become <code>.
    Everything else is text: HTML in the notes is shown, never interpreted.

    Links are found in the whole text first; `limit` then cuts only what is shown,
    so a shortened note never links to a shortened URL."""
    value = clean(value)
    budget = limit if limit is not None else len(value)
    out, at = [], 0
    for match in _INLINE.finditer(value):
        plain = value[at : match.start()]
        if len(plain) >= budget:
            break
        out.append(html.escape(plain, quote=True))
        budget -= len(plain)
        if match.group("label") is not None:
            shown = match.group("label")
            out.append(link(match.group("url"), shown, min(120, budget)))
        elif match.group("code") is not None:
            shown = match.group("code")
            out.append(f"<code>{text(shown, budget)}</code>")
        else:
            shown = match.group("bare").rstrip(".,;:!?")
            out.append(link(shown, shown, min(60, budget)))
            at = match.start() + len(shown)
            budget -= len(shown)
            continue
        at = match.end()
        budget -= len(shown)
    rest = value[at:]
    if len(rest) > budget:
        out.append(html.escape(rest[: max(budget, 0)], quote=True) + _ELLIPSIS)
    else:
        out.append(html.escape(rest, quote=True))
    return "".join(out)


def tag(name: str, body: str, cls: str | None = None) -> str:
    """<name class=cls>body</name>; `body` must already be safe HTML."""
    attr = f' class="{html.escape(cls, quote=True)}"' if cls else ""
    return f"<{name}{attr}>{body}</{name}>"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], cls: str | None = None, numeric: Sequence[int] = ()) -> str:
    """An HTML table. `header` is plain text (escaped here); each cell of `rows`
    must already be safe HTML (built with text(), link(), ...).
    Columns listed in `numeric` are right-aligned."""
    numeric = set(numeric)
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{text(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{cell}</td>' for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    attr = f' class="{html.escape(cls, quote=True)}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def number(value) -> str:
    """An integer with thousands separators, or '' when missing."""
    if is_missing(value):
        return ""
    return f"{int(value):,}"


__all__ = ["clean", "shorten", "text", "rich", "safe_url", "link", "tag", "table", "number", "is_missing", "REPLACEMENT"]

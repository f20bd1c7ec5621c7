"""Links in a note's text: markdown links, HTML anchors, bare URLs, bare domains, emails.

Scanning is one combined regex per text, run only on texts that contain a dot,
so the cost stays with the lines that hold links.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from ..config import packaged_toml


@dataclass(frozen=True, slots=True)
class FoundLink:
    url: str  # normalised: scheme added to bare domains, host lowercased
    domain: str | None
    label: str | None
    kind: str
    start: int  # position in the text, so callers can skip spans such as code
    end: int


@dataclass(frozen=True)
class LinkRules:
    tlds: frozenset[str]
    file_like_tlds: frozenset[str]
    kind_of_domain: dict[str, str]  # a domain -> its kind; the first rule listing it wins
    kind_paths: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, path fragments), in rule order


@lru_cache(maxsize=1)
def link_rules() -> LinkRules:
    data = packaged_toml("links.toml")
    kind_of_domain: dict[str, str] = {}
    for name, rule in data["kinds"].items():
        for domain in rule.get("domains", ()):
            kind_of_domain.setdefault(domain.lower(), name)
    kind_paths = tuple((name, tuple(rule.get("paths", ()))) for name, rule in data["kinds"].items())
    return LinkRules(frozenset(data["tlds"]), frozenset(data["file_like_tlds"]), kind_of_domain, kind_paths)


_LINK = re.compile(
    r"\[(?P<md_label>[^\]\n]{0,500})\]\((?P<md_url>[^()\s]{1,2000})(?:\s+\"[^\"]*\")?\)"
    r"|<a\s[^>]{0,500}?href\s*=\s*[\"'](?P<a_url>[^\"'>]{1,2000})[\"'][^>]{0,500}>(?P<a_label>[^<]{0,500})(?:</a>)?"
    r"|<(?P<angle_url>(?:https?|ftp)://[^>\s]{1,2000})>"
    r"|(?P<url>\b(?:https?|ftp)://[^\s<>\"'`\])]{1,2000}[^\s<>\"'`\]).,;:!?])"
    r"|(?P<email>\b[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24})\b"
    r"|(?P<domain>(?<![\w@/.-])(?:www\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}(?P<tld>[A-Za-z]{2,24})(?![\w-])(?P<path>/[^\s<>\"'`\])]{0,2000}[^\s<>\"'`\]).,;:!?]|/)?)",
    re.IGNORECASE,
)


# Every link form holds one of these; most notes hold none, and skip the big regex.
# (Only whether one is there counts: starting each form at a rare character, with the word
# character before a dot looked behind, lets the engine skip ahead; `\w\.` first tried a
# match at every letter: 0.08 s against 0.05 s over 72k notes.)
_MAYBE_LINK = re.compile(r"(?=[:.@h\]])(?:://|(?<=\w)\.[A-Za-z]{2}|@\w|href|\]\()")


def find_links(text: str) -> list[FoundLink]:
    """All links in `text`, in order of appearance."""
    if not _MAYBE_LINK.search(text):
        return []
    rules = link_rules()
    found: list[FoundLink] = []
    for match in _LINK.finditer(text):
        groups = match.groupdict()
        label = None
        if groups["md_url"] is not None:
            raw, label = groups["md_url"], groups["md_label"]
        elif groups["a_url"] is not None:
            raw, label = groups["a_url"], groups["a_label"]
        elif groups["angle_url"] is not None:
            raw = groups["angle_url"]
        elif groups["url"] is not None:
            raw = groups["url"]
        elif groups["email"] is not None:
            raw = "mailto:" + groups["email"]
        else:
            if not _is_bare_domain(groups["domain"], groups["tld"], groups["path"], rules):
                continue
            raw = groups["domain"]
        url, domain, kind = _resolved(raw)
        found.append(FoundLink(url, domain, (label or "").strip() or None, kind, match.start(), match.end()))
    return found


@lru_cache(maxsize=4096)
def _resolved(raw: str) -> tuple[str, str | None, str]:
    """(url, domain, kind) of a link as written. Notes cite the same pages again and again
    (slides, repositories, the event's site): urlsplit and the domain rules run once per URL."""
    url, domain = normalise_url(raw)
    return url, domain, classify(url, domain)


def _is_bare_domain(text: str, tld: str, path: str | None, rules: LinkRules) -> bool:
    tld = tld.lower()
    if tld not in rules.tlds:
        return False
    if tld in rules.file_like_tlds and not path and not text.lower().startswith("www."):
        return False
    return True


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,20}):(?!\d)")
_WEB_SCHEMES = {"http", "https", "ftp"}


def normalise_url(raw: str) -> tuple[str, str | None]:
    """A URL with a scheme and a lowercased host; bare domains get https://."""
    raw = raw.strip()
    lowered = raw.lower()
    if lowered.startswith("mailto:"):
        address = raw[7:]
        return "mailto:" + address, address.rpartition("@")[2].lower() or None
    scheme = _SCHEME.match(raw)
    if scheme and scheme.group(1).lower() not in _WEB_SCHEMES:
        return raw, None  # javascript:, data:, file: ... kept as text, never a host
    if not scheme:
        host = re.split(r"[/?#]", raw, maxsplit=1)[0]
        if "." not in host or host.rpartition(".")[2].lower() not in link_rules().tlds:
            return raw, None  # relative link: kept as written, never given a host
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return raw, None
    host = (parts.hostname or "").lower() or None
    if host is None:
        return raw, None
    netloc = parts.netloc.rsplit("@", 1)[-1]
    rebuilt = f"{parts.scheme.lower()}://{netloc.lower()}{parts.path}"
    if parts.query:
        rebuilt += "?" + parts.query
    if parts.fragment:
        rebuilt += "#" + parts.fragment
    return rebuilt, host.removeprefix("www.")


def classify(url: str, domain: str | None, rules: LinkRules | None = None) -> str:
    rules = rules or link_rules()
    if url.startswith("mailto:"):
        return "email"
    if domain is None:
        return "relative" if not _SCHEME.match(url) else "unsafe"
    parts = domain.split(".")
    for start in range(len(parts) - 1):  # the host itself, then each parent domain
        kind = rules.kind_of_domain.get(".".join(parts[start:]))
        if kind is not None:
            return kind
    path = urlsplit(url).path.lower() if "://" in url else ""
    for kind, paths in rules.kind_paths:
        if any(p in path for p in paths):
            return kind
    return "other"

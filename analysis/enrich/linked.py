"""Products named by links: the repository of a code-host URL, the package of a registry
URL, the product a site is named after. A name seen only in a URL is the link's product,
never a prose mention.
"""
from __future__ import annotations

import re

import pandas as pd

from ..frames.schema import SCHEMA
from .lexicon import Lexicon
from .matcher import ProductMatcher


# Hosts whose links name the repository, not the host: the repository is the link's product.
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net"})
# Package registries: the path part that follows one of these names the package.
PACKAGE_PATHS = {"pypi.org": "project", "npmjs.com": "package", "rubygems.org": "gems", "crates.io": "crates",
                 "pkg.go.dev": "", "hex.pm": "packages", "nuget.org": "packages", "cran.r-project.org": "packages"}
# Sub-domains that say what part of a site it is, not what it is about.
SITE_PARTS = frozenset({"www", "docs", "doc", "blog", "en", "developer", "developers", "api", "app", "apps", "help",
                        "support", "status", "my", "m", "news", "community", "forum", "forums", "wiki", "download",
                        "downloads", "get", "try", "learn", "about", "web", "dev", "code", "labs", "cloud", "store"})
LINKED_KINDS = frozenset({"repo", "docs", "other"})  # not social profiles, slides, videos, short links or mail
_TWO_LEVEL_SUFFIXES = frozenset({"co.uk", "org.uk", "ac.uk", "com.au", "co.jp", "co.nz", "com.br", "co.in", "r-project.org"})


def url_names(url: str, domain: str) -> list[tuple[str, bool]]:
    """Names a link's URL gives its subject, most specific first, each with whether it
    is the product's own address: the repository of a code host, the package of a
    registry, else the site ("asp.net"), its sub-domain ("shiny.rstudio.com" -> shiny;
    not its own: slides.example.com is no site of Slides) and its name ("mlflow.org" -> mlflow)."""
    host = (domain or "").lower().removeprefix("www.")
    path = [part for part in re.sub(r"^[a-z]+://[^/]*", "", url.split("?")[0].split("#")[0]).split("/") if part]
    if host in CODE_HOSTS:
        return [(path[1].removesuffix(".git").lower(), True)] if len(path) >= 2 else []
    for registry, marker in PACKAGE_PATHS.items():
        if host == registry or host.endswith("." + registry):
            if marker in path and path.index(marker) + 1 < len(path):
                return [(path[path.index(marker) + 1].lower(), True)]
            return [(path[0].lower(), True)] if path and not marker else []
    labels = host.split(".")
    if len(labels) < 2:
        return []
    site = -3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES and len(labels) >= 3 else -2
    names = [(".".join(labels[site:]), True)]
    names += [(label, False) for label in labels[:site] if label not in SITE_PARTS][:1]
    return names + [(labels[site], True)]


def _linked_product(matcher: ProductMatcher, name: str, own: bool) -> str | None:
    """The product a link names with `name` (lower case): a plain spelling, or (at the
    product's `own` address) an ambiguous one whose entry accepts links."""
    for variant in dict.fromkeys((name, name.replace("-", " "), name.replace("-", "."), name.replace("_", " "))):
        product = matcher.plain.get(variant)
        if product is not None:
            return product
        for product in matcher.cased_any.get(variant, ()) if own else ():
            if "link" in matcher.evidence.get(product, ()):
                return product
    return None


def link_products(links: pd.DataFrame, lexicon: Lexicon) -> pd.DataFrame:
    """The product each link names, where it names one: the links frame's note_id,
    talk_id, url and label, with `product` and `category`.

    A label that is just a product's plain spelling names it; so does (for links to
    repositories, docs and other pages, not profiles, slides or videos) a URL that is
    the product's own address: its site (render.com), repository or package. A name
    seen only in a URL is the link's product, not a mention in the note's prose: URLs
    are blanked before the notes are searched, and these are no rows of `mentions`.
    """
    columns = {"note_id": "Int64", "talk_id": "Int64", "url": "string", "label": "string", "product": "string", "category": SCHEMA["mentions"]["category"]}
    if links is None or links.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    matcher = ProductMatcher.for_lexicon(lexicon)
    rows = []
    for note_id, talk_id, url, domain, label, kind in links[["note_id", "talk_id", "url", "domain", "label", "kind"]].itertuples(index=False, name=None):
        label_text = label.strip(" *_`\"'").lower() if isinstance(label, str) else ""
        product = matcher.plain.get(label_text) if label_text else None
        if product is None and isinstance(url, str) and str(kind) in LINKED_KINDS:
            for name, own in url_names(url, domain if isinstance(domain, str) else ""):
                product = _linked_product(matcher, name, own)
                if product is not None:
                    break
        if product is not None:
            rows.append((note_id, talk_id, url, label, product, matcher.categories[product]))
    frame = pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
    return frame.astype(columns)

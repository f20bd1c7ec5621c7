"""What the notebook displays: a `Block` of the report page (the header or one section).

A block's display bundle holds its HTML and, under `BLOCK_MIME`, which block it is
(and the page title, on the header). The exporter's template
(templates/nbconvert/confnotes) shows as HTML only the outputs that carry
`BLOCK_MIME`; any other HTML output (a DataFrame, IPython's `HTML`) is shown as text.
Jupyter front ends ignore the unknown type and show the HTML.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

BLOCK_MIME = "application/vnd.confnotes.block+json"


@dataclass(frozen=True)
class Block:
    """A rendered part of the page: the header or one section."""

    key: str
    markup: Markup
    title: str | None = None  # the page's title, carried by the header

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        about = {"key": self.key, **({"title": self.title} if self.title else {})}
        return {"text/html": str(self.markup), BLOCK_MIME: about}

    def __html__(self) -> str:
        return str(self.markup)

    def __str__(self) -> str:
        return str(self.markup)


__all__ = ["Block", "BLOCK_MIME"]

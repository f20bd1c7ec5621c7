"""What the notebook displays: a `Block` of the report page (the header or one section).

A block's display bundle holds its HTML and, under `BLOCK_MIME`, which block it is
(and the page title, on the header). The exporter's template
(templates/nbconvert/confnotes) shows as HTML only the outputs that carry
`BLOCK_MIME`; any other HTML output (a DataFrame, IPython's `HTML`) is shown as text.
Jupyter front ends ignore the unknown type and show the HTML.

The HTML of a block carries its styles (templates/blocks.css, every rule scoped to
`.confnotes`), so a section shown in JupyterLab looks as it does in the page. The
exporter takes that `<style>` out of each block and puts it once in the page's head.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

BLOCK_MIME = "application/vnd.confnotes.block+json"
BLOCK_CSS = (Path(__file__).resolve().parent / "templates" / "blocks.css").read_text(encoding="utf-8")
BLOCK_STYLE = f"<style data-confnotes>\n{BLOCK_CSS}</style>"


def styled(markup: str) -> str:
    """A block's HTML as a notebook shows it: in a `.confnotes` box, with its styles."""
    return f'<div class="confnotes">{BLOCK_STYLE}{markup}</div>'


def without_style(html: str) -> str:
    """A block's notebook HTML without its `<style>` (the page has it once, in its head)."""
    return html.replace(BLOCK_STYLE, "", 1)


@dataclass(frozen=True)
class Block:
    """A rendered part of the page: the header or one section."""

    key: str
    markup: Markup
    title: str | None = None  # the page's title, carried by the header

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        about = {"key": self.key, **({"title": self.title} if self.title else {})}
        return {"text/html": styled(self.markup), BLOCK_MIME: about}

    def __html__(self) -> str:
        return str(self.markup)

    def __str__(self) -> str:
        return str(self.markup)


__all__ = ["Block", "BLOCK_MIME", "BLOCK_CSS", "BLOCK_STYLE", "styled", "without_style"]

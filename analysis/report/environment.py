"""The Jinja2 environment that renders the report's header and sections.

Autoescape is on, and every plain string a template prints first goes through
`filters.neutralise` (the environment's `finalize`): markup, control characters and
bidi overrides from the notes can only ever reach the page as inert text, even
where a template forgets a filter. Only the templates' own markup (their text and
the output of their macros) is HTML.
"""
from __future__ import annotations

import base64
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import filters
from .charts import Chart, display_size, png_bytes

TITLE_WIDTH = 160  # characters of a title shown in a table or heading
TEXT_WIDTH = 240  # characters of a note shown in a table


def shown_value(value: Any) -> Any:
    """What `{{ value }}` prints: templates' markup as it is, a missing value as '',
    any other string neutralised (then escaped by autoescape)."""
    if isinstance(value, Markup):
        return value
    if filters.is_missing(value):
        return ""
    if isinstance(value, str):
        return filters.neutralise(value)
    return value


def png_data_uri(chart: Chart) -> str:
    """The chart as a data: URI of its PNG (drawn here, once)."""
    return "data:image/png;base64," + base64.b64encode(png_bytes(chart)).decode("ascii")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("analysis.report", "templates"),
        autoescape=True,
        finalize=shown_value,
        undefined=StrictUndefined,  # a misspelt variable fails the report instead of printing nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(filters.FILTERS, png_data_uri=png_data_uri, display_size=display_size)
    env.tests["missing"] = filters.is_missing
    env.globals.update(TITLE_WIDTH=TITLE_WIDTH, TEXT_WIDTH=TEXT_WIDTH)
    return env


def render(template: str, **variables: Any) -> Markup:
    """The template rendered with `variables`, as markup."""
    return Markup(environment().get_template(template).render(**variables))


__all__ = ["environment", "render", "shown_value", "png_data_uri", "TITLE_WIDTH", "TEXT_WIDTH"]

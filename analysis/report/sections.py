"""The sections of the report, in page order: the one list to change to add a section.

The page reads top-down like a briefing: the header's headline numbers, the themes,
an index of the talks and their digest, then products and speakers, then links,
commands, quotes, trends, the events and data quality. Long tables show their first
rows and say how many more there are, and which frame holds them all.

A `Section` is a key (its HTML id, its anchor in the table of contents and the
name the notebook shows it by), a title, and a builder that turns the notes into
the variables of its template, templates/sections/<key>.html.j2. `SECTIONS` drives
the table of contents, the page, and the order of the notebook's cells
(tests/test_notebooks.py holds notebooks/report.ipynb to it).

To add a section: write its builder and its template, add it to `SECTIONS`, and test
it. notebooks/report.ipynb is generated from `SECTIONS` (`make notebooks`, see
notebook.py); a test fails while the committed notebook differs from it.

Builders return data, never HTML: strings from the notes go into the templates
as they are, and the templates escape them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from ..frames import Notes
from . import summaries
from .charts import bar_chart, heatmap
from .context import ReportContext
from .filters import clean, day, is_missing, number, plural

# Sizes that keep the page readable for 1 talk or 1,000.
TOP = 15  # bars in a chart
MAX_ROWS = 60  # rows of a long table (links, commands, files, problems)
MAX_EVENTS = 20
MAX_INDEX = 100  # talks in the talk index
MAX_SPEAKERS = 50
MAX_PRODUCT_ROWS = 30
MAX_QUOTES = 30
DIGEST_PRODUCTS = 6
DIGEST_KEYWORDS = 8
CANDIDATES = 15  # unknown product-like names listed in the data quality section

Variables = dict[str, Any]


def always(notes: Notes) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    build: Callable[[ReportContext], Variables]  # the variables of the section's template
    shown: Callable[[Notes], bool] = always  # False: no heading, no entry in the contents
    note: str | None = None  # Markdown the notebook shows above the section's cell

    @property
    def template(self) -> str:
        return f"sections/{self.key}.html.j2"


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts, for templates (missing values stay missing; templates print them as '')."""
    return frame.to_dict("records")


# ------------------------------------------------------------------ builders
def build_events(ctx: ReportContext) -> Variables:
    events = summaries.events_by_date(ctx.notes)
    events = events.assign(file=events["source"].map(ctx.file))
    return {"counts": ctx.counts, "events": records(events.head(MAX_EVENTS)), "total": len(events)}


def build_talks(ctx: ReportContext) -> Variables:
    """The talk index: the talks that have a digest (all of them, up to MAX_DIGESTS), in event order."""
    index = summaries.talk_index(ctx.notes)
    shown = index[index["talk_id"].isin(ctx.digested)].head(MAX_INDEX)
    event_titles = dict(zip(ctx.notes.events["event_id"], ctx.notes.events["title"]))
    rows = records(shown.assign(talk=shown["talk_id"].map(ctx.talk), event=shown["event_id"].map(event_titles)))
    return {"talks": rows, "total": len(index), "several": len(ctx.notes.events) > 1}


def build_themes(ctx: ReportContext) -> Variables:
    notes = ctx.notes
    per_theme = summaries.talks_per_theme(notes)
    if per_theme.empty:
        return {"themed": 0, "talks": len(notes.talks), "bars": None, "grid": None}
    return {
        "themed": notes.themes["talk_id"].dropna().nunique(),
        "talks": len(notes.talks),
        "bars": bar_chart(per_theme, "Talks per theme", "talks", top=TOP),
        "grid": heatmap(summaries.theme_matrix(notes), "Theme scores by talk", colorbar="score", top_rows=30,
                        top_columns=16, annotate=False),
    }


def build_products(ctx: ReportContext) -> Variables:
    notes = ctx.notes
    table = summaries.product_table(notes)
    if table.empty:
        return {"products": [], "total": 0, "categories": 0, "by_product": None, "by_category": None}
    return {
        "products": records(table.head(MAX_PRODUCT_ROWS)),
        "total": len(table),
        "categories": table["category"].nunique(),
        "by_product": bar_chart(table.set_index("product")["talks"], "Top products by number of talks mentioning them",
                                "talks", top=TOP),
        "by_category": bar_chart(summaries.talks_per_category(notes), "Talks mentioning a product, by category", "talks",
                                 top=TOP),
    }


def build_speakers(ctx: ReportContext) -> Variables:
    """One row per person, with every talk they gave (most talks first)."""
    people = summaries.speaker_table(ctx.notes)
    shown = people.head(MAX_SPEAKERS)
    rows = records(shown.assign(talks=shown["talk_ids"].map(lambda ids: [ctx.talk(t) for t in ids]))) if len(shown) else []
    return {"speakers": rows, "total": len(people), "talks": ctx.notes.speakers["talk_id"].nunique()}


def build_links(ctx: ReportContext) -> Variables:
    notes = ctx.notes
    if notes.links.empty:
        return {"total": 0, "chart": None, "kinds": [], "links": []}
    ordered = summaries.in_talk_order(notes, notes.links, "note_id").head(MAX_ROWS)
    return {
        "total": len(notes.links),
        "chart": bar_chart(summaries.links_per_domain(notes), "Links per domain", "links", top=TOP),
        "kinds": records(summaries.link_kinds(notes).reset_index()),
        "links": records(ordered.assign(talk=ordered["talk_id"].map(ctx.talk))),
    }


def build_commands(ctx: ReportContext) -> Variables:
    table = summaries.distinct_commands(ctx.notes)
    groups, shown = [], 0
    for program, group in table.groupby("program", sort=False):
        if shown >= MAX_ROWS:
            break
        listed = group.head(MAX_ROWS - shown)
        shown += len(listed)
        groups.append({"program": program, "count": len(group),
                       "commands": records(listed.assign(talk=listed["talk_id"].map(ctx.talk)))})
    return {"groups": groups, "shown": shown, "total": len(table)}


def build_quotes(ctx: ReportContext) -> Variables:
    table = ctx.notes.quotes.dropna(subset=["text"])
    shown = table.head(MAX_QUOTES)
    return {"quotes": records(shown.assign(talk=shown["talk_id"].map(ctx.talk))), "total": len(table)}


def build_digest(ctx: ReportContext) -> Variables:
    notes = ctx.notes
    speakers = summaries.speakers_by_talk(notes)
    themes = summaries.themes_by_talk(notes)
    products = summaries.top_products_by_talk(notes, DIGEST_PRODUCTS)
    keywords = summaries.top_keywords_by_talk(notes, DIGEST_KEYWORDS)
    points = summaries.key_notes(notes).groupby("talk_id")["text"].agg(list).to_dict()
    event_titles = dict(zip(notes.events["event_id"], notes.events["title"]))
    several = len(notes.events) > 1
    talks = []
    for t in ctx.digest_talks.itertuples(index=False):
        meta = [clean(event_titles.get(t.event_id), 80) if several else "", day(t.date), clean(t.section, 60),
                plural(int(0 if is_missing(t.n_notes) else t.n_notes), "note")]
        talks.append({
            "anchor": f"talk-{int(t.talk_id)}", "title": t.title, "subtitle": t.subtitle,
            "meta": [m for m in meta if m], "speakers": speakers.get(t.talk_id, []), "themes": themes.get(t.talk_id, []),
            "products": products.get(t.talk_id, []), "keywords": keywords.get(t.talk_id, []),
            "points": points.get(t.talk_id, []),
        })
    return {"talks": talks, "total": len(notes.talks)}


def build_trends(ctx: ReportContext) -> Variables:
    notes = ctx.notes
    by_year = len(notes.events) > summaries.MAX_TREND_COLUMNS
    unit = "year" if by_year else "event"
    charts = []
    for frame, column, title, alt in ((notes.mentions, "product", "Talks mentioning each product", "products"),
                                      (notes.themes, "theme", "Talks per theme", "themes")):
        matrix = summaries.trend_matrix(notes, frame, column)
        if not matrix.empty:
            chart = heatmap(matrix, f"{title}, by {unit}", colorbar="talks", top_rows=20,
                            top_columns=summaries.MAX_TREND_COLUMNS, sort_columns=False)
            charts.append({"chart": chart, "alt": f"Heatmap of {alt} by {unit}"})
    return {"unit": unit, "charts": charts}


def build_quality(ctx: ReportContext) -> Variables:
    notes = ctx.notes
    understood, total = summaries.coverage(notes)
    files = summaries.coverage_by_file(notes)
    layouts = summaries.layout_summary(notes)
    skipped = summaries.skipped_files(notes)
    problems = summaries.other_problems(notes)

    def with_file(frame: pd.DataFrame) -> list[dict[str, Any]]:
        shown = frame.head(MAX_ROWS)
        return records(shown.assign(file=shown["source"].map(ctx.file)))

    return {
        "understood": understood, "lines": total, "share": understood / total if total else 1.0,
        "files": with_file(files), "n_files": len(files),
        "layouts": with_file(layouts), "n_layouts": len(layouts),
        "problems": with_file(problems), "n_problems": len(problems),
        "skipped": with_file(skipped), "n_skipped": len(skipped),
        "candidates": unknown_names(notes, CANDIDATES),
    }


def unknown_names(notes: Notes, n: int) -> dict[str, list] | None:
    """The top `n` unknown product-like names (analysis.candidates.top_candidates) as
    column headings and cell texts, or None when there is none."""
    if notes.candidates.empty:
        return None
    from ..enrich.candidates import top_candidates  # scikit-learn: imported only when there are candidates

    top = top_candidates(notes.candidates, n)
    if top is None or len(top) == 0:
        return None
    numeric = [pd.api.types.is_numeric_dtype(top[c]) for c in top.columns]
    columns = [{"label": str(c).replace("_", " ").capitalize(), "numeric": is_number} for c, is_number in zip(top.columns, numeric)]
    rows = [[number(v) if is_number and not is_missing(v) and float(v).is_integer() else v
             for v, is_number in zip(row, numeric)] for row in top.itertuples(index=False)]
    return {"columns": columns, "rows": rows}


SECTIONS: tuple[Section, ...] = (
    Section("themes", "Themes", build_themes),
    Section("talks", "Talk index", build_talks),
    Section("digest", "Talk by talk", build_digest),
    Section("products", "Products", build_products),
    Section("speakers", "Speakers", build_speakers),
    Section("links", "Links", build_links),
    Section("commands", "Commands", build_commands),
    Section("quotes", "Quotes", build_quotes),
    Section("trends", "Trends", build_trends, shown=summaries.has_trends,
            note='Trends appear only when the notes hold several events (`page.section("trends")` returns None for one).'),
    Section("events", "Events", build_events),
    Section("quality", "Data quality", build_quality),
)


def section_named(key: str) -> Section:
    """The section `key`; KeyError naming the keys there are."""
    for section in SECTIONS:
        if section.key == key:
            return section
    raise KeyError(f"no report section {key!r}; the sections are {', '.join(s.key for s in SECTIONS)}")


__all__ = ["Section", "SECTIONS", "section_named", "records", "unknown_names"]

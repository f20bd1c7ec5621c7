"""The HTML report: section builders (run in the notebook) and `render_report` (runs it).

notebooks/report.ipynb is a thin list of calls to the section functions below;
each returns an `Html` block (a heading, one line saying what it shows, then a
chart or a table) that the notebook displays. `render_report` executes that
notebook headless with nbclient, exports it with the `confnotes` nbconvert
template (analysis/templates/confnotes: no code, no scripts, no remote loads)
and writes the HTML file atomically.

The notes reach the notebook through the environment variable CONFNOTES_NOTES:
one path, or several separated by os.pathsep; unset or empty means the default
notes.

Every piece of text from the notes goes through analysis.safe_html (escaped,
controls and bidi overrides neutralised, links only for http(s) and mailto).
"""
from __future__ import annotations

import base64
import errno
import html
import os
import re
import sys
import threading
from pathlib import Path
from typing import Iterable

from . import safe_html as sh

ENV_VAR = "CONFNOTES_NOTES"
from .loader import PROJECT_ROOT
NOTEBOOK = PROJECT_ROOT / "notebooks" / "report.ipynb"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "confnotes"
DEFAULT_OUT = Path("reports") / "report.html"
# Imported by the kernel as it starts, in parallel with the parent's own imports.
PRELOAD = ["import analysis.report, analysis.charts, analysis.candidates"]

# Sizes that keep the page readable for 1 talk or 1,000.
TOP = 15  # bars in a chart
TITLE_WIDTH = 160  # characters of a title shown in a table or heading
TEXT_WIDTH = 240  # characters of a note shown in a table
MAX_ROWS = 150  # rows of a long table (links, commands, speakers, problems)
MAX_QUOTES = 60
MAX_DIGESTS = 200  # talks with a digest (those with most notes when there are more)
KEY_NOTES = 4
DASH, DOT = " \u2014 ", " \u00b7 "
DIGEST_PRODUCTS = 6
DIGEST_KEYWORDS = 8
MAX_TREND_COLUMNS = 24  # events shown one by one in the trends; more are grouped by year


class ReportError(RuntimeError):
    """Rendering the report failed; the message names the failing cell and its error."""

    def __init__(self, message: str, ename: str | None = None, evalue: str | None = None, cell: int | None = None):
        super().__init__(message)
        self.ename, self.evalue, self.cell = ename, evalue, cell


# =========================================================== in the notebook
class Html:
    """A block of trusted HTML that Jupyter (and nbconvert) displays as HTML."""

    def __init__(self, markup: str, metadata: dict | None = None):
        self.markup = markup
        self.metadata = metadata or {}

    def _repr_html_(self):
        # The marker tells the template this HTML was built (and escaped) by the
        # package; any other HTML output is shown as text.
        return self.markup, {**self.metadata, "confnotes-trusted": True}

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"<Html block of {len(self.markup):,} characters>"


def notes_paths_from_env(environ=None) -> list[str] | None:
    """The paths in CONFNOTES_NOTES (split on os.pathsep), or None for the default notes."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    paths = [part for part in value.split(os.pathsep) if part.strip()]
    return paths or None


def load_notes_from_env(environ=None, **options):
    """`load_notes` of the paths in CONFNOTES_NOTES (the default notes when unset)."""
    from .loader import load_notes

    return load_notes(notes_paths_from_env(environ), **options)


def section(key: str, title: str, caption: str, *parts: str) -> Html:
    """<section id=key> with an <h2>, one caption line and the given safe HTML parts."""
    body = "".join(parts)
    return Html(f'<section id="{html.escape(key)}"><h2>{sh.text(title)}</h2><p class="caption">{caption}</p>{body}</section>')


def figure_html(fig, alt: str) -> str:
    """The figure as an <img> with its PNG inline (base64); the figure is drawn once, here."""
    from .charts import display_size, png_bytes

    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    width, height = display_size(fig)
    return (f'<figure><img src="data:image/png;base64,{data}" width="{width}" height="{height}" '
            f'alt="{sh.text(alt)}"></figure>')


def show(fig, alt: str = "chart") -> Html:
    """A figure as an inline PNG block, for notebooks (works with any matplotlib backend)."""
    return Html(figure_html(fig, alt))


def _more(shown: int, total: int, what: str) -> str:
    if total <= shown:
        return ""
    return f'<p class="more">Showing {shown:,} of {total:,} {sh.text(what)}.</p>'


def _empty(message: str) -> str:
    return f'<p class="empty">{sh.text(message)}</p>'


def _date(value) -> str:
    return "" if sh.is_missing(value) else f"{value.day} {value:%b %Y}"


def _date_range(start, end) -> str:
    if sh.is_missing(start):
        return "date unknown"
    if sh.is_missing(end) or end == start:
        return _date(start)
    return f"{_date(start)} \u2013 {_date(end)}"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


class _Context:
    """Look-ups shared by the sections, computed once: talk titles, the digested
    talks (and their anchors), headline counts, file names."""

    def __init__(self, notes):
        self.notes = notes
        talks = notes.talks
        self.titles = dict(zip(talks["talk_id"].tolist(), talks["title"].tolist()))
        self.digest_talks = _digest_talks(notes)
        self.digested = set(self.digest_talks["talk_id"].tolist())
        self.counts = counts(notes)
        sources = notes.events["source"].dropna().tolist() + notes.problems["source"].dropna().tolist()
        self.root = _common_folder(sources)

    def talk(self, talk_id, limit: int = 70) -> str:
        """The talk's title, linked to its digest when it has one."""
        if sh.is_missing(talk_id):
            return '<span class="muted">(event)</span>'
        title = sh.text(self.titles.get(talk_id) or "(untitled)", limit)
        if talk_id in self.digested:
            return f'<a href="#talk-{int(talk_id)}">{title}</a>'
        return title

    def file(self, source) -> str:
        if sh.is_missing(source):
            return ""
        path = str(source)
        if self.root:
            try:
                path = os.path.relpath(path, self.root)
            except ValueError:
                pass
        return sh.text(path, 100)


def _common_folder(sources: list[str]) -> str | None:
    folders = [os.path.dirname(s) for s in sources if s]
    if not folders:
        return None
    try:
        return os.path.commonpath(folders)
    except ValueError:
        return None


_LAST_CONTEXT: list[_Context] = []  # the sections of one report share one context; only the latest is kept


def _context(notes) -> _Context:
    if not _LAST_CONTEXT or _LAST_CONTEXT[0].notes is not notes:
        _LAST_CONTEXT[:] = [_Context(notes)]
    return _LAST_CONTEXT[0]


# ------------------------------------------------------------------ counts
def counts(notes) -> dict[str, int]:
    """Headline numbers: events, talks, speakers (distinct people), notes, products, links."""
    people = notes.speakers[notes.speakers["kind"] == "person"]["name"].dropna().str.lower().nunique()
    return {
        "events": len(notes.events),
        "talks": len(notes.talks),
        "speakers": int(people),
        "notes": len(notes.notes),
        "products": int(notes.mentions["product"].nunique()),
        "links": len(notes.links),
    }


def has_trends(notes) -> bool:
    """Trends make sense only for several events."""
    return len(notes.events) > 1


def report_title(notes) -> str:
    events = notes.events
    if len(events) == 1:
        return sh.clean(events["title"].iloc[0], 120) or "Conference notes"
    if len(events) == 0:
        return "Conference notes"
    years = events["date_start"].dropna().dt.year
    span = ""
    if len(years):
        span = f", {years.min()}" if years.min() == years.max() else f", {years.min()}\u2013{years.max()}"
    return f"Notes of {len(events):,} events{span}"


SECTIONS = (
    ("summary", "Summary"), ("themes", "Themes"), ("products", "Products"), ("speakers", "Speakers"),
    ("links", "Links"), ("commands", "Commands"), ("quotes", "Quotes"), ("digest", "Talk by talk"),
    ("trends", "Trends"), ("quality", "Data quality"),
)


def header(notes) -> Html:
    """The page title, what the notes are, and a table of contents."""
    title = report_title(notes)
    events = notes.events
    if len(events) == 1:
        row = events.iloc[0]
        subtitle = sh.text(row["subtitle"], 200)
        what = (f"Notes taken at {sh.text(row['title'], 120)}, {sh.text(_date_range(row['date_start'], row['date_end']))}"
                f"{DASH + subtitle if subtitle else ''}.")
    elif len(events):
        what = (f"Notes taken at {len(events):,} events from {sh.text(_date(events['date_start'].min()))} "
                f"to {sh.text(_date(events['date_end'].max()))}.")
    else:
        what = "These notes hold no event."
    c = _context(notes).counts
    what += (" This report lists what the talks were about, who gave them, the products, links, commands and "
             "quotes in the notes, and a short digest of each talk.")
    stats = "".join(f'<div class="stat"><b>{value:,}</b><span>{name}</span></div>' for name, value in c.items())
    entries = [(key, name) for key, name in SECTIONS if key != "trends" or has_trends(notes)]
    toc = " ".join(f'<a href="#{key}">{name}</a>' for key, name in entries)
    markup = (f'<header><h1>{sh.text(title)}</h1><p class="lead">{what}</p>'
              f'<div class="stats">{stats}</div><nav>{toc}</nav></header>')
    return Html(markup, {"confnotes": {"title": title}})


# ------------------------------------------------------------------ summary
def events_table(notes) -> str:
    ctx = _context(notes)
    events = notes.events.sort_values(["date_start", "event_id"], kind="stable")
    rows = [
        (sh.text(e.title, TITLE_WIDTH), sh.text(_date_range(e.date_start, e.date_end)), sh.number(e.n_talks),
         sh.number(e.n_notes), ctx.file(e.source))
        for e in events.itertuples(index=False)
    ]
    shown = rows[:MAX_ROWS]
    return sh.table(["Event", "Dates", "Talks", "Notes", "File"], shown, numeric=(2, 3)) + _more(len(shown), len(rows), "events")


def summary(notes) -> Html:
    c = _context(notes).counts
    caption = (f"{_plural(c['events'], 'event')} with {_plural(c['talks'], 'talk')} by "
               f"{_plural(c['speakers'], 'speaker')}: {_plural(c['notes'], 'note')}, {_plural(c['products'], 'product')} "
               f"mentioned and {_plural(c['links'], 'link')}.")
    return section("summary", "Summary", sh.text(caption), events_table(notes))


# ------------------------------------------------------------------- themes
def talks_per_theme(notes):
    """Series: theme -> number of talks with that theme, largest first."""
    import pandas as pd

    themes = notes.themes.dropna(subset=["theme", "talk_id"])
    if themes.empty:
        return pd.Series([], dtype="int64", name="talks")
    counted = themes.assign(theme=themes["theme"].astype("string")).groupby("theme")["talk_id"].nunique()
    return counted.sort_values(ascending=False, kind="stable").rename("talks")


def theme_matrix(notes):
    """DataFrame: talk title x theme -> score (0 when the talk lacks the theme)."""
    import pandas as pd

    themes = notes.themes.dropna(subset=["theme", "talk_id"])
    if themes.empty:
        return pd.DataFrame()
    themes = themes.assign(theme=themes["theme"].astype("string"), score=themes["score"].fillna(1.0).astype(float))
    matrix = themes.pivot_table(index="talk_id", columns="theme", values="score", aggfunc="max", fill_value=0.0)
    titles = dict(zip(notes.talks["talk_id"], notes.talks["title"]))
    matrix.index = [sh.clean(titles.get(t)) or "(untitled)" for t in matrix.index]
    matrix.columns = [str(c) for c in matrix.columns]
    return matrix


def themes(notes) -> Html:
    from .charts import bar_chart, heatmap

    per_theme = talks_per_theme(notes)
    if per_theme.empty:
        return section("themes", "Themes", "No talk was given a theme.", _empty("No themes found."))
    with_theme = notes.themes["talk_id"].dropna().nunique()
    caption = (f"How many talks touch each theme ({with_theme:,} of {len(notes.talks):,} talks have one), "
               f"and how strongly each talk scores on each theme.")
    bars = bar_chart(per_theme, "Talks per theme", "talks", top=TOP)
    grid = heatmap(theme_matrix(notes), "Theme scores by talk", colorbar="score", top_rows=30, top_columns=16, annotate=False)
    return section("themes", "Themes", sh.text(caption),
                   figure_html(bars, "Bar chart of the number of talks per theme"),
                   figure_html(grid, "Heatmap of theme scores by talk"))


# ----------------------------------------------------------------- products
def product_table(notes):
    """DataFrame: product, category, talks (mentioning it), mentions; most talks first."""
    import pandas as pd

    mentions = notes.mentions.dropna(subset=["product"])
    if mentions.empty:
        return pd.DataFrame(columns=["product", "category", "talks", "mentions"])
    mentions = mentions.assign(product=mentions["product"].astype("string"), category=mentions["category"].astype("string"))
    table = mentions.groupby("product").agg(
        category=("category", "first"), talks=("talk_id", "nunique"), mentions=("note_id", "size")
    ).reset_index()
    return table.sort_values(["talks", "mentions", "product"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def talks_per_category(notes):
    """Series: product category -> number of talks mentioning a product of it."""
    import pandas as pd

    mentions = notes.mentions.dropna(subset=["category"])
    if mentions.empty:
        return pd.Series([], dtype="int64")
    counted = mentions.assign(category=mentions["category"].astype("string")).groupby("category")["talk_id"].nunique()
    return counted.sort_values(ascending=False, kind="stable")


def products(notes) -> Html:
    from .charts import bar_chart

    table = product_table(notes)
    if table.empty:
        return section("products", "Products", "No known product is mentioned in the notes.", _empty("No products found."))
    caption = (f"The products the talks mention most, counted in talks (not in mentions), and the kinds of product "
               f"they belong to: {_plural(len(table), 'product')} in {_plural(table['category'].nunique(), 'category', 'categories')}.")
    top = table.set_index("product")["talks"]
    by_product = bar_chart(top, "Top products by number of talks mentioning them", "talks", top=TOP)
    by_category = bar_chart(talks_per_category(notes), "Talks mentioning a product, by category", "talks", top=TOP)
    rows = [
        (sh.text(r.product, 60), sh.text(r.category, 40), sh.number(r.talks), sh.number(r.mentions))
        for r in table.head(30).itertuples(index=False)
    ]
    listing = sh.table(["Product", "Category", "Talks", "Mentions"], rows, numeric=(2, 3)) + _more(len(rows), len(table), "products")
    return section("products", "Products", sh.text(caption),
                   figure_html(by_product, "Bar chart of the products mentioned in most talks"),
                   figure_html(by_category, "Bar chart of talks per product category"),
                   f'<details><summary>Top {len(rows)} products as a table</summary>{listing}</details>')


# ----------------------------------------------------------------- speakers
def speakers(notes) -> Html:
    ctx = _context(notes)
    people = notes.speakers.merge(notes.talks[["talk_id", "event_id", "order"]], on="talk_id", how="left")
    people = people.sort_values(["event_id", "order", "speaker_id"], kind="stable")
    rows = []
    for s in people.itertuples(index=False):
        name = sh.text(s.name, 80) if not sh.is_missing(s.name) else f'<span class="muted">{sh.text(s.raw, 80)}</span>'
        handle = f"@{sh.text(s.handle, 40)}" if not sh.is_missing(s.handle) else ""
        contact = sh.link(s.url, None, 50) if not sh.is_missing(s.url) else (
            sh.link(f"mailto:{s.email}", s.email, 50) if not sh.is_missing(s.email) else "")
        rows.append((name, handle, sh.text(s.affiliation, 60), contact, ctx.talk(s.talk_id)))
    if not rows:
        return section("speakers", "Speakers", "The notes name no speaker.", _empty("No speakers found."))
    named = people["talk_id"].nunique()
    caption = (f"Who gave the talks, with their handles and affiliations when the notes give them "
               f"({_plural(len(rows), 'speaker line')} across {_plural(named, 'talk')}).")
    shown = rows[:MAX_ROWS]
    return section("speakers", "Speakers", sh.text(caption),
                   sh.table(["Speaker", "Handle", "Affiliation", "Web / email", "Talk"], shown)
                   + _more(len(shown), len(rows), "speakers"))


# -------------------------------------------------------------------- links
def links(notes) -> Html:
    from .charts import bar_chart

    ctx = _context(notes)
    table = notes.links
    if table.empty:
        return section("links", "Links", "The notes hold no link.", _empty("No links found."))
    domains = table.dropna(subset=["domain"]).assign(domain=lambda f: f["domain"].astype("string")).groupby("domain").size()
    kinds = table.assign(kind=table["kind"].astype("string").fillna("other")).groupby("kind").agg(
        links=("url", "size"), domains=("domain", "nunique")).sort_values("links", ascending=False, kind="stable")
    caption = (f"Where the {_plural(len(table), 'link')} in the notes point: the most linked domains, the kinds of link, "
               f"then every link with its talk.")
    chart = bar_chart(domains, "Links per domain", "links", top=TOP)
    kind_rows = [(sh.text(kind), sh.number(r.links), sh.number(r.domains)) for kind, r in zip(kinds.index, kinds.itertuples(index=False))]
    ordered = table.merge(notes.talks[["talk_id", "event_id", "order"]], on="talk_id", how="left").sort_values(
        ["event_id", "order", "note_id"], kind="stable")
    link_rows = [
        (sh.link(r.url, r.label, 70), sh.text(r.domain, 40), sh.text(r.kind), ctx.talk(r.talk_id))
        for r in ordered.head(MAX_ROWS).itertuples(index=False)
    ]
    return section("links", "Links", sh.text(caption),
                   figure_html(chart, "Bar chart of links per domain"),
                   sh.table(["Kind", "Links", "Domains"], kind_rows, cls="narrow", numeric=(1, 2)),
                   '<h3>Every link</h3>' + sh.table(["Link", "Domain", "Kind", "Talk"], link_rows)
                   + _more(len(link_rows), len(table), "links"))


# ----------------------------------------------------------------- commands
def commands(notes) -> Html:
    ctx = _context(notes)
    table = notes.commands.dropna(subset=["command"])
    if table.empty:
        return section("commands", "Commands", "The notes hold no shell command.", _empty("No commands found."))
    table = table.assign(program=table["program"].fillna("(other)"))
    unique = table.drop_duplicates(subset=["command"])
    order = unique.groupby("program").size().sort_values(ascending=False, kind="stable")
    blocks, shown = [], 0
    for program, count in order.items():
        if shown >= MAX_ROWS:
            break
        group = unique[unique["program"] == program].sort_values("command", kind="stable").head(MAX_ROWS - shown)
        shown += len(group)
        items = "".join(f"<li><code>{sh.text(r.command, 200)}</code> <span class=\"from\">{ctx.talk(r.talk_id, 50)}</span></li>"
                        for r in group.itertuples(index=False))
        blocks.append(f'<div class="program"><h3><code>{sh.text(program, 40)}</code> '
                      f'<span class="muted">{_plural(int(count), "command")}</span></h3><ul class="cheats">{items}</ul></div>')
    caption = (f"A cheat-sheet of the {_plural(len(unique), 'distinct shell command')} written down in the talks, "
               f"grouped by program, with the talk each comes from.")
    return section("commands", "Commands", sh.text(caption), '<div class="cheatsheet">' + "".join(blocks) + "</div>",
                   _more(shown, len(unique), "commands"))


# ------------------------------------------------------------------- quotes
def quotes(notes) -> Html:
    ctx = _context(notes)
    table = notes.quotes.dropna(subset=["text"])
    if table.empty:
        return section("quotes", "Quotes", "The notes hold no quotation.", _empty("No quotes found."))
    items = []
    for q in table.head(MAX_QUOTES).itertuples(index=False):
        who = f"{sh.text(q.attribution, 80)}, " if not sh.is_missing(q.attribution) else ""
        items.append(f"<blockquote><p>\u201c{sh.text(q.text, 500)}\u201d</p><cite>{who}{ctx.talk(q.talk_id)}</cite></blockquote>")
    caption = f"What speakers said, word for word, as the notes record it ({_plural(len(table), 'quote')})."
    return section("quotes", "Quotes", sh.text(caption), "".join(items), _more(len(items), len(table), "quotes"))


# ------------------------------------------------------------------- digest
def _digest_talks(notes):
    talks = notes.talks
    if len(talks) > MAX_DIGESTS:
        talks = talks.nlargest(MAX_DIGESTS, "n_notes", keep="first")
    return talks.sort_values(["event_id", "order", "talk_id"], kind="stable")


def key_notes(notes, n: int = KEY_NOTES):
    """DataFrame of each talk's `n` key notes: top-level notes ranked by how much hangs on
    them (sub-notes, product mentions, links), shown in their order in the talk."""
    import pandas as pd

    frame = notes.notes
    frame = frame[frame["talk_id"].notna() & frame["text"].notna() & (frame["kind"] != "code")]
    top = frame[frame["parent_id"].isna()]
    if top.empty:
        top = frame
    children = frame["parent_id"].value_counts()
    mentioned = notes.mentions["note_id"].value_counts()
    linked = notes.links["note_id"].value_counts()
    ids = top["note_id"]
    weight = (ids.map(children).fillna(0).astype(float) + 2 * ids.map(mentioned).fillna(0).astype(float)
              + ids.map(linked).fillna(0).astype(float) + top["text"].str.len().clip(upper=120).astype(float) / 120)
    ranked = top.assign(weight=weight.to_numpy())
    ranked = ranked.sort_values(["talk_id", "weight", "line"], ascending=[True, False, True], kind="stable")
    chosen = ranked.groupby("talk_id", sort=False).head(n).sort_values(["talk_id", "line"], kind="stable")
    # A note that introduces a list ("Weekend projects:") reads better with its first items.
    kids = frame[frame["parent_id"].isin(chosen.loc[chosen["text"].str.rstrip().str.endswith(":"), "note_id"])]
    first_kids = kids.sort_values("line", kind="stable").groupby("parent_id")["text"].agg(
        lambda s: "; ".join(s.head(3)) + ("; \u2026" if len(s) > 3 else ""))
    text = [f"{t} {first_kids[i]}" if i in first_kids.index else t for t, i in zip(chosen["text"], chosen["note_id"])]
    return pd.DataFrame({"talk_id": chosen["talk_id"].to_numpy(), "note_id": chosen["note_id"].to_numpy(), "text": text})


def digest(notes) -> Html:
    talks = _context(notes).digest_talks
    if talks.empty:
        return section("digest", "Talk by talk", "The notes hold no talk.", _empty("No talks found."))
    people = notes.speakers.assign(shown=notes.speakers["name"].fillna(notes.speakers["raw"]))
    speakers_of = people.dropna(subset=["shown"]).groupby("talk_id")["shown"].agg(list).to_dict()
    themes_of = (notes.themes.dropna(subset=["theme"]).sort_values(["talk_id", "score"], ascending=[True, False], kind="stable")
                 .groupby("talk_id")["theme"].agg(lambda s: [str(t) for t in s]).to_dict())
    products_of = {}
    if len(notes.mentions):
        per_talk = (notes.mentions.dropna(subset=["product"]).groupby(["talk_id", "product"]).size()
                    .rename("n").reset_index().sort_values(["talk_id", "n", "product"], ascending=[True, False, True], kind="stable"))
        products_of = per_talk.groupby("talk_id")["product"].agg(lambda s: list(s)[:DIGEST_PRODUCTS]).to_dict()
    keywords_of = (notes.keywords.dropna(subset=["term"]).sort_values(["talk_id", "score"], ascending=[True, False], kind="stable")
                   .groupby("talk_id")["term"].agg(lambda s: list(s)[:DIGEST_KEYWORDS]).to_dict())
    notes_of = key_notes(notes).groupby("talk_id")["text"].agg(list).to_dict()
    event_titles = dict(zip(notes.events["event_id"], notes.events["title"]))
    several = len(notes.events) > 1
    articles = []
    for t in talks.itertuples(index=False):
        meta = []
        if several:
            meta.append(sh.text(event_titles.get(t.event_id), 80))
        if not sh.is_missing(t.date):
            meta.append(sh.text(_date(t.date)))
        if not sh.is_missing(t.section):
            meta.append(sh.text(t.section, 60))
        meta.append(_plural(int(t.n_notes or 0), "note"))
        rows = []
        who = speakers_of.get(t.talk_id)
        rows.append(("Speakers", ", ".join(sh.text(s, 80) for s in who) if who else '<span class="muted">not recorded</span>'))
        if themes_of.get(t.talk_id):
            rows.append(("Themes", " ".join(f'<span class="chip theme">{sh.text(x, 40)}</span>' for x in themes_of[t.talk_id])))
        if products_of.get(t.talk_id):
            rows.append(("Products", " ".join(f'<span class="chip">{sh.text(x, 40)}</span>' for x in products_of[t.talk_id])))
        if keywords_of.get(t.talk_id):
            rows.append(("Keywords", ", ".join(sh.text(x, 40) for x in keywords_of[t.talk_id])))
        facts = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
        points = "".join(f"<li>{sh.rich(x, TEXT_WIDTH)}</li>" for x in notes_of.get(t.talk_id, []))
        subtitle = f'<p class="subtitle">{sh.text(t.subtitle, 200)}</p>' if not sh.is_missing(t.subtitle) else ""
        articles.append(
            f'<article id="talk-{int(t.talk_id)}"><h3>{sh.text(t.title or "(untitled)", TITLE_WIDTH)}</h3>{subtitle}'
            f'<p class="meta">{DOT.join(meta)}</p><dl>{facts}</dl>'
            + (f'<ul class="key">{points}</ul>' if points else "") + "</article>")
    caption = ("Each talk in a few lines: who spoke, its themes, the products it mentions most, its distinctive "
               "keywords and its key notes.")
    return section("digest", "Talk by talk", sh.text(caption), '<div class="digests">' + "".join(articles) + "</div>",
                   _more(len(talks), len(notes.talks), "talks (those with the most notes)"))


# ------------------------------------------------------------------- trends
def _event_columns(notes):
    """event_id -> column label, and the labels in date order; events grouped by year when many."""
    events = notes.events.sort_values(["date_start", "event_id"], kind="stable")
    if len(events) > MAX_TREND_COLUMNS:
        labels = {e: ("undated" if sh.is_missing(d) else str(d.year)) for e, d in zip(events["event_id"], events["date_start"])}
    else:
        labels = {}
        for e, d, title in zip(events["event_id"], events["date_start"], events["title"]):
            when = "undated" if sh.is_missing(d) else d.strftime("%Y-%m")
            labels[e] = f"{when} {sh.clean(title, 16)}"
    order = list(dict.fromkeys(labels[e] for e in events["event_id"]))
    return labels, order


def trend_matrix(notes, frame, column: str):
    """DataFrame: value of `column` x event (date order) -> number of talks."""
    import pandas as pd

    data = frame.dropna(subset=[column, "talk_id"])
    if data.empty:
        return pd.DataFrame()
    labels, order = _event_columns(notes)
    event_of = dict(zip(notes.talks["talk_id"], notes.talks["event_id"]))
    data = data.assign(value=data[column].astype("string"), when=data["talk_id"].map(event_of).map(labels))
    matrix = data.dropna(subset=["when"]).groupby(["value", "when"])["talk_id"].nunique().unstack(fill_value=0)
    matrix = matrix.reindex(columns=order, fill_value=0)  # every event, even one without any
    matrix.index = [str(v) for v in matrix.index]
    return matrix


def trends(notes) -> Html | None:
    """Products and themes by event over time; None (nothing shown) for a single event."""
    from .charts import heatmap

    if not has_trends(notes):
        return None
    by_year = len(notes.events) > MAX_TREND_COLUMNS
    unit = "year" if by_year else "event"
    caption = (f"How the products and themes of the talks change over time: talks per {unit}, "
               f"{'years' if by_year else 'events'} in date order.")
    parts = []
    products_by_event = trend_matrix(notes, notes.mentions, "product")
    themes_by_event = trend_matrix(notes, notes.themes, "theme")
    if not products_by_event.empty:
        parts.append(figure_html(heatmap(products_by_event, f"Talks mentioning each product, by {unit}", colorbar="talks",
                                         top_rows=20, top_columns=MAX_TREND_COLUMNS, sort_columns=False),
                                 f"Heatmap of products by {unit}"))
    if not themes_by_event.empty:
        parts.append(figure_html(heatmap(themes_by_event, f"Talks per theme, by {unit}", colorbar="talks",
                                         top_rows=20, top_columns=MAX_TREND_COLUMNS, sort_columns=False),
                                 f"Heatmap of themes by {unit}"))
    if not parts:
        parts.append(_empty("No products or themes to follow over time."))
    return section("trends", "Trends", sh.text(caption), *parts)


# ------------------------------------------------------------- data quality
def coverage(notes) -> tuple[int, int]:
    """(understood, total): non-blank lines with a role other than `unparsed`, and all non-blank lines."""
    roles = notes.lines["role"]
    total = int(roles.notna().sum())
    return int((roles.notna() & (roles != "unparsed")).sum()), total


def skipped_files(notes):
    problems = notes.problems
    return problems[problems["message"].str.startswith("skipped", na=False)]


def quality(notes, candidates: int = 15) -> Html:
    ctx = _context(notes)
    understood, total = coverage(notes)
    share = understood / total if total else 1.0
    skipped = skipped_files(notes)
    others = notes.problems.drop(index=skipped.index)
    caption = (f"How much of the notes the parser understood: {understood:,} of {total:,} non-blank lines ({share:.1%}) "
               f"got a role; {_plural(len(others), 'problem')}, {_plural(len(skipped), 'skipped file')}.")
    per_file = notes.lines.assign(ok=notes.lines["role"] != "unparsed").groupby("source", sort=True)["ok"].agg(["size", "sum"])
    file_rows = [(ctx.file(source), sh.number(r["size"]), sh.number(r["sum"]), f"{(r['sum'] / r['size'] if r['size'] else 1):.1%}")
                 for source, r in per_file.head(MAX_ROWS).iterrows()]
    parts = ["<h3>Lines understood, by file</h3>",
             sh.table(["File", "Lines", "Understood", "Share"], file_rows, numeric=(1, 2, 3)) + _more(len(file_rows), len(per_file), "files")]
    parts += ["<h3>How each file was read</h3>", layouts_table(notes, ctx)]
    problem_rows = [(sh.text(p.severity), ctx.file(p.source), sh.number(p.line), sh.text(p.message, TEXT_WIDTH))
                    for p in others.head(MAX_ROWS).itertuples(index=False)]
    parts += ["<h3>Problems</h3>",
              (sh.table(["Severity", "File", "Line", "Message"], problem_rows, numeric=(2,)) + _more(len(problem_rows), len(others), "problems"))
              if problem_rows else _empty("No problems.")]
    skipped_rows = [(ctx.file(p.source), sh.text(p.message, TEXT_WIDTH)) for p in skipped.head(MAX_ROWS).itertuples(index=False)]
    parts += ["<h3>Skipped files</h3>",
              (sh.table(["File", "Why"], skipped_rows) + _more(len(skipped_rows), len(skipped), "skipped files"))
              if skipped_rows else _empty("No file was skipped.")]
    parts += ["<h3>Unknown names</h3>", candidates_table(notes, candidates)]
    return section("quality", "Data quality", sh.text(caption), *parts)


def layout_summary(notes) -> pd.DataFrame:
    """One row per file with notes: the shape that won, its score, the runner-up and the margin;
    files whose choice was close (a `shape:` warning) first."""
    layouts = notes.layouts[notes.layouts["layout"] != "no-notes"]
    doubtful = set(notes.problems.loc[notes.problems["message"].str.startswith("shape:", na=False), "source"])
    table = layouts.assign(
        margin=(layouts["score"] - layouts["runner_up_score"]).round(2),
        doubtful=layouts["source"].isin(doubtful),
    )
    return table.sort_values(["doubtful", "source"], ascending=[False, True], kind="stable")


def layouts_table(notes, ctx) -> str:
    table = layout_summary(notes)
    if table.empty:
        return _empty("No file with notes.")
    rows = []
    for r in table.head(MAX_ROWS).itertuples(index=False):
        shape = str(r.layout) + ("" if sh.is_missing(r.level) else f" {int(r.level)}")
        runner = "" if sh.is_missing(r.runner_up) else f"{r.runner_up} ({r.runner_up_score:.2f})"
        rows.append((ctx.file(r.source), sh.text(shape), sh.text("" if sh.is_missing(r.score) else f"{float(r.score):.2f}"),
                     sh.text(runner), sh.text("check" if r.doubtful else ""), sh.text(r.reasons, TEXT_WIDTH)))
    note = ('<p class="muted">The talk shape chosen for each file (heading level, titled lists, one talk per file, '
            'whole file), its score and the runner-up. "check" marks a close call or a file whose notes mostly '
            'fell outside its talks: run <code>python -m analysis explain FILE</code> on it.</p>')
    return note + sh.table(["File", "Shape", "Score", "Runner-up", "", "Why"], rows, numeric=(2,)) + _more(len(rows), len(table), "files")


def candidates_table(notes, n: int = 15) -> str:
    """The top unknown product-like names (analysis.candidates.top_candidates), as a table."""
    if notes.candidates.empty:
        return _empty("No unknown product-like names.")
    from .candidates import top_candidates

    top = top_candidates(notes.candidates, n)
    if top is None or len(top) == 0:
        return _empty("No unknown product-like names.")
    columns = [str(c).replace("_", " ").capitalize() for c in top.columns]
    numeric = [i for i, c in enumerate(top.columns) if str(top[c].dtype).lower().startswith(("int", "float", "uint"))]
    rows = [[sh.number(v) if i in numeric and float(v).is_integer() else sh.text(v, TEXT_WIDTH) for i, v in enumerate(row)]
            for row in top.itertuples(index=False)]
    note = '<p class="muted">Names that look like products but are not in the lexicon: candidates to add to it.</p>'
    return note + sh.table(columns, rows, numeric=numeric)


# ============================================================ rendering
def render_report(paths=None, out: str | os.PathLike = DEFAULT_OUT, notebook: str | os.PathLike | None = None,
                  timeout: int = 600) -> Path:
    """Execute the report notebook on `paths` and write the HTML report to `out`.

    paths: notes files or folders (None: the default notes). notebook: the
    notebook to run (default notebooks/report.ipynb). The file is written
    atomically: a failed render leaves any previous report as it was.

    Raises FileNotFoundError (NotesPathError) for a missing path or a folder
    without notes, ReportError when a cell fails (with its error's name and value).
    """
    from .read.sources import NotesPathError, discover

    notebook = Path(notebook) if notebook is not None else NOTEBOOK
    if not notebook.is_file():
        raise FileNotFoundError(errno.ENOENT, "report notebook not found", str(notebook))
    if paths is not None:
        paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
        for path in paths:
            if not Path(path).exists():
                raise NotesPathError(errno.ENOENT, "no such notes file or folder", str(path))
        if not discover(paths):
            raise NotesPathError(errno.ENOENT, "no notes files (*.md) in", ", ".join(map(str, paths)))
        paths = [str(Path(path).resolve()) for path in paths]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    env[ENV_VAR] = os.pathsep.join(paths) if paths else ""
    env["MPLBACKEND"] = "Agg"
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    nb, title = _execute(notebook, env, timeout)
    page = _export(nb, title)

    from .notes import write_atomic

    write_atomic(out, lambda temporary: Path(temporary).write_text(page, encoding="utf-8"))
    return out


def _kernel_manager():
    """A kernel manager for the python3 kernel of this interpreter (the venv's ipykernel)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    specs = KernelSpecManager(kernel_dirs=[str(Path(sys.prefix) / "share" / "jupyter" / "kernels")])
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)


def _execute(notebook: Path, env: dict, timeout: int):
    """Run every cell of `notebook` in a fresh kernel; (executed notebook, page title)."""
    from jupyter_core.utils import run_sync

    km = _kernel_manager()
    # The kernel boots in its own process while this one imports nbformat and nbclient (slow).
    # While this process imports nbclient, the kernel boots and imports what the report
    # cells need (a failure there is harmless: the cell that needs the module reports it).
    run_sync(km.start_kernel)(env=env, cwd=str(notebook.parent), extra_arguments=[
        "--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={PRELOAD!r}"])
    client = None
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        preparing = threading.Thread(target=_import_exporter, daemon=True)
        preparing.start()
        nb = nbformat.read(notebook, as_version=4)
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                                record_timing=False, resources={"metadata": {"path": str(notebook.parent)}})
        try:
            client.execute()
        except CellExecutionError as error:
            cell = _failed_cell(nb)
            where = f"cell {cell}" if cell is not None else "a cell"
            raise ReportError(f"{where} of {notebook.name} failed: {error.ename}: {_strip_ansi(error.evalue)}",
                              ename=error.ename, evalue=_strip_ansi(error.evalue), cell=cell) from None
        except (CellTimeoutError, DeadKernelError) as error:
            raise ReportError(f"{notebook.name}: {type(error).__name__}: {_strip_ansi(str(error))}",
                              ename=type(error).__name__, evalue=str(error)) from None
        preparing.join()
        return nb, _title_of(nb)
    finally:
        if client is not None and client.kc is not None:
            client.kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)


def _import_exporter() -> None:
    import nbconvert.exporters.html  # noqa: F401  (imported while the kernel works)


def _failed_cell(nb) -> int | None:
    for index, cell in enumerate(nb.cells):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", ())):
            return index
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _strip_ansi(value) -> str:
    return _ANSI.sub("", str(value))


def _title_of(nb) -> str:
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            meta = output.get("metadata", {}).get("text/html", {}).get("confnotes") or output.get("metadata", {}).get("confnotes")
            if meta and meta.get("title"):
                return sh.clean(meta["title"], 120)
    return "Conference notes report"


def _export(nb, title: str) -> str:
    """The executed notebook as one HTML page, through the confnotes template."""
    exporter = _exporter_class()(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_markdown=True, exclude_raw=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def _exporter_class():
    """nbconvert's HTMLExporter, minus its final BeautifulSoup pass (which only adds
    alt texts and tabindex to lab-template markup, and re-serialises the whole page)."""
    from nbconvert.exporters.html import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return ReportExporter


def page_sections(notes) -> Iterable[Html]:
    """Every section in report order (what the notebook shows), for use outside a notebook."""
    for block in (header(notes), summary(notes), themes(notes), products(notes), speakers(notes), links(notes),
                  commands(notes), quotes(notes), digest(notes), trends(notes), quality(notes)):
        if block is not None:
            yield block


__all__ = [
    "ENV_VAR", "NOTEBOOK", "ReportError", "Html", "render_report", "load_notes_from_env", "notes_paths_from_env",
    "header", "summary", "themes", "products", "speakers", "links", "commands", "quotes", "digest", "trends",
    "quality", "counts", "has_trends", "coverage", "product_table", "talks_per_theme", "theme_matrix", "key_notes",
    "trend_matrix", "page_sections", "show",
]

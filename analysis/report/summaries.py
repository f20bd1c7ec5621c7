"""What the report says about the notes, as pandas: pure functions of a `Notes`.

Nothing here formats HTML or draws; the sections (sections.py) turn these frames
into template variables and charts. Each function is tested alone on the default
notes (tests/test_report_summaries.py).
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..frames import Notes
from .filters import clean, is_missing

MAX_DIGESTS = 200  # talks with a digest (those with most notes when there are more)
KEY_NOTES = 4
MAX_TREND_COLUMNS = 24  # events shown one by one in the trends; more are grouped by year


# ------------------------------------------------------------------ headline
def counts(notes: Notes) -> dict[str, int]:
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


def has_trends(notes: Notes) -> bool:
    """Trends make sense only for several events."""
    return len(notes.events) > 1


def date_span(notes: Notes) -> tuple[pd.Timestamp | None, pd.Timestamp | None, int]:
    """(first, last, undated): the earliest and latest date of all events (a start or an
    end, whichever an event has), and how many events have no date at all."""
    events = notes.events
    dates = pd.concat([events["date_start"], events["date_end"]], ignore_index=True).dropna()
    undated = int((events["date_start"].isna() & events["date_end"].isna()).sum())
    if dates.empty:
        return None, None, undated
    return dates.min(), dates.max(), undated


def report_title(notes: Notes) -> str:
    """The event's title for one event, else 'Notes of N events, YEAR(S)' over every dated event."""
    events = notes.events
    if len(events) == 1:
        return clean(events["title"].iloc[0], 120) or "Conference notes"
    if len(events) == 0:
        return "Conference notes"
    first, last, _ = date_span(notes)
    span = ""
    if first is not None:
        span = f", {first.year}" if first.year == last.year else f", {first.year}\u2013{last.year}"
    return f"Notes of {len(events):,} events{span}"


def events_by_date(notes: Notes) -> pd.DataFrame:
    return notes.events.sort_values(["date_start", "event_id"], kind="stable")


def common_folder(sources: list[str]) -> str | None:
    """The deepest folder holding every source, or None (none, or on different drives)."""
    folders = [os.path.dirname(s) for s in sources if s]
    if not folders:
        return None
    try:
        return os.path.commonpath(folders)
    except ValueError:
        return None


def event_overview(notes: Notes, themes: int = 3, products: int = 5) -> pd.DataFrame:
    """One row per event in date order: event_id, title, date_start, date_end, talks,
    speakers (distinct people), notes, themes (its `themes` most frequent, by talks) and
    products (its `products` mentioned in most talks); what `confnotes summary` prints."""
    events = events_by_date(notes)
    event_of = dict(zip(notes.talks["talk_id"], notes.talks["event_id"]))
    people = notes.speakers[notes.speakers["kind"] == "person"].dropna(subset=["name"])
    people = people.assign(event_id=people["talk_id"].map(event_of), who=people["name"].str.lower())
    speakers = people.groupby("event_id")["who"].nunique()
    notes_per_event = notes.notes.groupby("event_id").size()

    def top(frame: pd.DataFrame, column: str, n: int) -> dict:
        data = frame.dropna(subset=[column, "talk_id"])
        data = data.assign(value=data[column].astype("string"), event_id=data["talk_id"].map(event_of))
        counted = data.groupby(["event_id", "value"])["talk_id"].nunique().rename("talks").reset_index()
        counted = counted.sort_values(["event_id", "talks", "value"], ascending=[True, False, True], kind="stable")
        return counted.groupby("event_id")["value"].agg(lambda s: list(s)[:n]).to_dict()

    top_themes = top(notes.themes[notes.themes["theme"].astype("string") != "Other"], "theme", themes)
    top_products = top(notes.mentions, "product", products)
    ids = events["event_id"]
    return pd.DataFrame({
        "event_id": ids.to_numpy(), "title": events["title"].to_numpy(),
        "date_start": events["date_start"].to_numpy(), "date_end": events["date_end"].to_numpy(),
        "talks": events["n_talks"].fillna(0).astype(int).to_numpy(),
        "speakers": ids.map(speakers).fillna(0).astype(int).to_numpy(),
        "notes": ids.map(notes_per_event).fillna(0).astype(int).to_numpy(),
        "themes": [top_themes.get(e, []) for e in ids], "products": [top_products.get(e, []) for e in ids],
    })


# -------------------------------------------------------------------- themes
def talks_per_theme(notes: Notes) -> pd.Series:
    """Series: theme -> number of talks with that theme, largest first."""
    themes = notes.themes.dropna(subset=["theme", "talk_id"])
    if themes.empty:
        return pd.Series([], dtype="int64", name="talks")
    counted = themes.assign(theme=themes["theme"].astype("string")).groupby("theme")["talk_id"].nunique()
    return counted.sort_values(ascending=False, kind="stable").rename("talks")


def theme_matrix(notes: Notes) -> pd.DataFrame:
    """DataFrame: talk title x theme -> score (0 when the talk lacks the theme)."""
    themes = notes.themes.dropna(subset=["theme", "talk_id"])
    if themes.empty:
        return pd.DataFrame()
    themes = themes.assign(theme=themes["theme"].astype("string"), score=themes["score"].fillna(1.0).astype(float))
    matrix = themes.pivot_table(index="talk_id", columns="theme", values="score", aggfunc="max", fill_value=0.0)
    titles = dict(zip(notes.talks["talk_id"], notes.talks["title"]))
    matrix.index = [clean(titles.get(t)) or "(untitled)" for t in matrix.index]
    matrix.columns = [str(c) for c in matrix.columns]
    return matrix


# ------------------------------------------------------------------ products
def product_table(notes: Notes) -> pd.DataFrame:
    """DataFrame: product, category, talks (mentioning it), mentions; most talks first."""
    mentions = notes.mentions.dropna(subset=["product"])
    if mentions.empty:
        return pd.DataFrame(columns=["product", "category", "talks", "mentions"])
    mentions = mentions.assign(product=mentions["product"].astype("string"), category=mentions["category"].astype("string"))
    table = mentions.groupby("product").agg(
        category=("category", "first"), talks=("talk_id", "nunique"), mentions=("note_id", "size")
    ).reset_index()
    return table.sort_values(["talks", "mentions", "product"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def talks_per_category(notes: Notes) -> pd.Series:
    """Series: product category -> number of talks mentioning a product of it."""
    mentions = notes.mentions.dropna(subset=["category"])
    if mentions.empty:
        return pd.Series([], dtype="int64")
    counted = mentions.assign(category=mentions["category"].astype("string")).groupby("category")["talk_id"].nunique()
    return counted.sort_values(ascending=False, kind="stable")


# ------------------------------------------------------- speakers and links
def in_talk_order(notes: Notes, frame: pd.DataFrame, *tiebreak: str) -> pd.DataFrame:
    """`frame` (with a talk_id) sorted as the talks stand in their events, then by `tiebreak`."""
    placed = frame.merge(notes.talks[["talk_id", "event_id", "order"]], on="talk_id", how="left")
    return placed.sort_values(["event_id", "order", *tiebreak], kind="stable")


def speaker_table(notes: Notes) -> pd.DataFrame:
    """One row per person (names compared case-insensitively; a speaker line with no name
    read is its own row, by what was written): name (as first written), raw, handles,
    affiliations, url, email, talk_ids (in talk order); most talks first, then by name."""
    people = in_talk_order(notes, notes.speakers, "speaker_id")
    people = people.assign(who=people["name"].str.lower().fillna("\0" + people["raw"].fillna("").str.lower()))

    def distinct(values: pd.Series) -> list:
        return list(dict.fromkeys(v for v in values if not is_missing(v)))

    def first(values: pd.Series):
        kept = values.dropna()
        return kept.iloc[0] if len(kept) else pd.NA

    grouped = people.groupby("who", sort=False)
    table = pd.DataFrame({
        "name": grouped["name"].agg(first), "raw": grouped["raw"].agg(first),
        "handles": grouped["handle"].agg(distinct), "affiliations": grouped["affiliation"].agg(distinct),
        "url": grouped["url"].agg(first), "email": grouped["email"].agg(first),
        "talk_ids": grouped["talk_id"].agg(distinct),
    }).reset_index(drop=True)
    if table.empty:
        return table
    table = table.assign(n_talks=table["talk_ids"].map(len), sort_name=table["name"].fillna(table["raw"]).str.lower())
    table = table.sort_values(["n_talks", "sort_name"], ascending=[False, True], kind="stable")
    return table.drop(columns=["sort_name"]).reset_index(drop=True)


def talk_index(notes: Notes) -> pd.DataFrame:
    """Every talk in event order (the report's index): talk_id, event_id, title, date,
    n_notes, speakers (names), themes (highest score first)."""
    talks = notes.talks.sort_values(["event_id", "order", "talk_id"], kind="stable")
    speakers, themes = speakers_by_talk(notes), themes_by_talk(notes)
    return pd.DataFrame({
        "talk_id": talks["talk_id"].to_numpy(), "event_id": talks["event_id"].to_numpy(),
        "title": talks["title"].to_numpy(), "date": talks["date"].to_numpy(), "n_notes": talks["n_notes"].to_numpy(),
        "speakers": [speakers.get(t, []) for t in talks["talk_id"]],
        "themes": [[theme for theme in themes.get(t, []) if theme != "Other"] for t in talks["talk_id"]],
    })


def links_per_domain(notes: Notes) -> pd.Series:
    """Series: domain -> number of links to it."""
    links = notes.links.dropna(subset=["domain"])
    return links.assign(domain=links["domain"].astype("string")).groupby("domain").size()


def link_kinds(notes: Notes) -> pd.DataFrame:
    """DataFrame indexed by kind of link: links, domains; most links first."""
    links = notes.links.assign(kind=notes.links["kind"].astype("string").fillna("other"))
    kinds = links.groupby("kind").agg(links=("url", "size"), domains=("domain", "nunique"))
    return kinds.sort_values("links", ascending=False, kind="stable")


# ------------------------------------------------------------------ commands
def distinct_commands(notes: Notes) -> pd.DataFrame:
    """Each distinct command once (program, command, talk_id), grouped by program: the
    programs with most commands first (ties alphabetical), commands alphabetical within one."""
    table = notes.commands.dropna(subset=["command"])
    table = table.assign(program=table["program"].fillna("(other)")).drop_duplicates(subset=["command"])
    table = table.assign(size=table.groupby("program")["command"].transform("size"))
    table = table.sort_values(["size", "program", "command"], ascending=[False, True, True], kind="stable")
    return table[["program", "command", "talk_id"]].reset_index(drop=True)


# -------------------------------------------------------------------- digest
def digest_talks(notes: Notes, limit: int = MAX_DIGESTS) -> pd.DataFrame:
    """The talks that get a digest (the `limit` with most notes when there are more), in event order."""
    talks = notes.talks
    if len(talks) > limit:
        talks = talks.nlargest(limit, "n_notes", keep="first")
    return talks.sort_values(["event_id", "order", "talk_id"], kind="stable")


def key_notes(notes: Notes, n: int = KEY_NOTES) -> pd.DataFrame:
    """DataFrame of each talk's `n` key notes: top-level notes ranked by how much hangs on
    them (sub-notes, product mentions, links), shown in their order in the talk."""
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
    kids = kids.sort_values(["parent_id", "line"], kind="stable")
    by_parent = lists_by_key(kids["parent_id"], kids["text"])
    first_kids = {parent: "; ".join(items[:3]) + ("; \u2026" if len(items) > 3 else "") for parent, items in by_parent.items()}
    text = [f"{t} {first_kids[i]}" if i in first_kids else t for t, i in zip(chosen["text"], chosen["note_id"])]
    return pd.DataFrame({"talk_id": chosen["talk_id"].to_numpy(), "note_id": chosen["note_id"].to_numpy(), "text": text})


def lists_by_key(keys: pd.Series, values: pd.Series, limit: int | None = None) -> dict[int, list[str]]:
    """key -> its values as strings, in order (at most `limit`), for `keys` already sorted.

    One split of the sorted arrays: a groupby with a Python function per group took
    seconds for a report of 10,000 talks."""
    if keys.empty:
        return {}
    codes = keys.to_numpy(dtype="int64")
    texts = values.astype("string").astype(object).tolist()
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    return {int(codes[start]): texts[start:end if limit is None else min(end, start + limit)] for start, end in zip(starts, ends)}


def speakers_by_talk(notes: Notes) -> dict[int, list[str]]:
    """talk_id -> the speakers' names (their line as written when no name was read)."""
    people = notes.speakers.assign(shown=notes.speakers["name"].fillna(notes.speakers["raw"]))
    people = people.dropna(subset=["shown", "talk_id"]).sort_values("talk_id", kind="stable")
    return lists_by_key(people["talk_id"], people["shown"])


def themes_by_talk(notes: Notes) -> dict[int, list[str]]:
    """talk_id -> its themes, highest score first."""
    themes = notes.themes.dropna(subset=["theme", "talk_id"]).sort_values(["talk_id", "score"], ascending=[True, False], kind="stable")
    return lists_by_key(themes["talk_id"], themes["theme"])


def top_products_by_talk(notes: Notes, n: int) -> dict[int, list[str]]:
    """talk_id -> its `n` most mentioned products (ties in name order)."""
    mentions = notes.mentions.dropna(subset=["product", "talk_id"])
    if mentions.empty:
        return {}
    per_talk = (mentions.groupby(["talk_id", "product"]).size().rename("n").reset_index()
                .sort_values(["talk_id", "n", "product"], ascending=[True, False, True], kind="stable"))
    return lists_by_key(per_talk["talk_id"], per_talk["product"], limit=n)


def top_keywords_by_talk(notes: Notes, n: int) -> dict[int, list[str]]:
    """talk_id -> its `n` highest-scoring keywords."""
    keywords = notes.keywords.dropna(subset=["term", "talk_id"]).sort_values(["talk_id", "score"], ascending=[True, False], kind="stable")
    return lists_by_key(keywords["talk_id"], keywords["term"], limit=n)


# -------------------------------------------------------------------- trends
def event_columns(notes: Notes, most: int = MAX_TREND_COLUMNS) -> tuple[dict, list[str]]:
    """event_id -> column label ('2017-04 Dockercon'), and the labels in date order;
    events are grouped by year when there are more than `most`."""
    events = events_by_date(notes)
    if len(events) > most:
        labels = {e: ("undated" if is_missing(d) else str(d.year)) for e, d in zip(events["event_id"], events["date_start"])}
    else:
        labels = {}
        for e, d, title in zip(events["event_id"], events["date_start"], events["title"]):
            when = "undated" if is_missing(d) else d.strftime("%Y-%m")
            labels[e] = f"{when} {clean(title, 16)}"
    order = list(dict.fromkeys(labels[e] for e in events["event_id"]))
    return labels, order


def trend_matrix(notes: Notes, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """DataFrame: value of `column` x event (date order) -> number of talks."""
    data = frame.dropna(subset=[column, "talk_id"])
    if data.empty:
        return pd.DataFrame()
    labels, order = event_columns(notes)
    event_of = dict(zip(notes.talks["talk_id"], notes.talks["event_id"]))
    data = data.assign(value=data[column].astype("string"), when=data["talk_id"].map(event_of).map(labels))
    matrix = data.dropna(subset=["when"]).groupby(["value", "when"])["talk_id"].nunique().unstack(fill_value=0)
    matrix = matrix.reindex(columns=order, fill_value=0)  # every event, even one without any
    matrix.index = [str(v) for v in matrix.index]
    return matrix


# -------------------------------------------------------------- data quality
def coverage(notes: Notes) -> tuple[int, int]:
    """(understood, total): non-blank lines with a role other than `unparsed`, and all non-blank lines."""
    roles = notes.lines["role"]
    total = int(roles.notna().sum())
    return int((roles.notna() & (roles != "unparsed")).sum()), total


def coverage_by_file(notes: Notes) -> pd.DataFrame:
    """One row per file, in path order: source, lines, understood, share (0 to 1)."""
    lines = notes.lines.assign(ok=notes.lines["role"] != "unparsed")
    per_file = lines.groupby("source", sort=True)["ok"].agg(lines="size", understood="sum").reset_index()
    share = (per_file["understood"] / per_file["lines"].where(per_file["lines"] > 0)).fillna(1.0)
    return per_file.assign(share=share.astype(float))


def skipped_files(notes: Notes) -> pd.DataFrame:
    """The problems that say a file was skipped."""
    problems = notes.problems
    return problems[problems["message"].str.startswith("skipped", na=False)]


def other_problems(notes: Notes) -> pd.DataFrame:
    """The problems other than skipped files."""
    return notes.problems.drop(index=skipped_files(notes).index)


def layout_summary(notes: Notes) -> pd.DataFrame:
    """One row per file with notes: the shape that won, its score, the runner-up and the margin;
    files whose choice was close (a `shape:` warning) first."""
    layouts = notes.layouts[notes.layouts["layout"] != "no-notes"]
    doubtful = set(notes.problems.loc[notes.problems["message"].str.startswith("shape:", na=False), "source"])
    table = layouts.assign(
        margin=(layouts["score"] - layouts["runner_up_score"]).round(2),
        doubtful=layouts["source"].isin(doubtful),
    )
    return table.sort_values(["doubtful", "source"], ascending=[False, True], kind="stable")


__all__ = [
    "MAX_DIGESTS", "KEY_NOTES", "MAX_TREND_COLUMNS", "counts", "has_trends", "date_span", "report_title",
    "event_overview", "speaker_table", "talk_index", "events_by_date",
    "common_folder", "talks_per_theme", "theme_matrix", "product_table", "talks_per_category", "in_talk_order",
    "links_per_domain", "link_kinds", "distinct_commands", "digest_talks", "key_notes", "speakers_by_talk",
    "themes_by_talk", "top_products_by_talk", "top_keywords_by_talk", "event_columns", "trend_matrix", "coverage",
    "coverage_by_file", "skipped_files", "other_problems", "layout_summary",
]

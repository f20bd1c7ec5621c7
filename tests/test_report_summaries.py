"""The report's pandas summaries, alone: each checked against the default notes file
(data/events/2017/04/dockercon17.md) or recomputed from the frames another way."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from report_html import DEFAULT_NOTES, non_blank_lines, talk_headings

from analysis.report import summaries


def test_counts_are_what_the_notes_file_holds(default_notes):
    counts = summaries.counts(default_notes)
    assert counts["events"] == 1
    assert counts["talks"] == len(talk_headings())
    people = default_notes.speakers.query("kind == 'person'")["name"].dropna()
    assert counts["speakers"] == len({name.lower() for name in people})
    assert counts["notes"] == len(default_notes.notes)
    assert counts["products"] == default_notes.mentions["product"].nunique()
    assert counts["links"] == len(default_notes.links)


def test_title_is_the_first_line_of_the_file(default_notes):
    assert summaries.report_title(default_notes) == DEFAULT_NOTES.read_text(encoding="utf-8").splitlines()[0].strip()


def test_title_of_several_events_gives_their_number_and_years(two_events):
    assert summaries.report_title(two_events) == "Notes of 2 events, 2017"  # both files are dated April 2017


def test_coverage_counts_every_non_blank_line_of_the_file(default_notes):
    understood, total = summaries.coverage(default_notes)
    assert total == non_blank_lines()
    assert understood == total - int((default_notes.lines["role"] == "unparsed").sum())
    per_file = summaries.coverage_by_file(default_notes)
    assert per_file["source"].tolist() == [str(DEFAULT_NOTES)]
    assert per_file["lines"].tolist() == [total] and per_file["understood"].tolist() == [understood]
    assert per_file["share"].tolist() == [pytest.approx(understood / total)]


def test_talks_per_theme_counts_distinct_talks(default_notes):
    per_theme = summaries.talks_per_theme(default_notes)
    for theme, talks in per_theme.items():
        assert talks == default_notes.themes.loc[default_notes.themes["theme"] == theme, "talk_id"].nunique()
    assert per_theme.is_monotonic_decreasing


def test_theme_matrix_has_a_row_per_themed_talk_and_a_column_per_theme(default_notes):
    matrix = summaries.theme_matrix(default_notes)
    themed = default_notes.themes.dropna(subset=["theme"])
    assert matrix.shape == (themed["talk_id"].nunique(), themed["theme"].nunique())
    assert set(matrix.index) <= set(talk_headings())


def test_product_table_counts_talks_and_mentions(default_notes):
    table = summaries.product_table(default_notes)
    mentions = default_notes.mentions
    for row in table.itertuples():
        of_product = mentions[mentions["product"] == row.product]
        assert row.talks == of_product["talk_id"].nunique() and row.mentions == len(of_product)
    ranked = list(zip(-table["talks"], -table["mentions"], table["product"]))
    assert ranked == sorted(ranked)
    by_category = summaries.talks_per_category(default_notes)
    assert set(by_category.index) == set(mentions["category"].dropna().astype(str))


def test_distinct_commands_group_by_program_most_first(default_notes):
    table = summaries.distinct_commands(default_notes)
    text = DEFAULT_NOTES.read_text(encoding="utf-8")
    for command in ("docker system prune", "docker system df", "docker-compose up"):
        assert f"`{command}`" in text and command in table["command"].tolist()
    assert table["command"].is_unique
    sizes = table.groupby("program", sort=False).size()
    assert list(sizes) == sorted(sizes, reverse=True)
    assert list(dict.fromkeys(table["program"])) == list(sizes.index)  # each program's commands stand together
    for _, group in table.groupby("program"):
        assert group["command"].tolist() == sorted(group["command"])


def test_key_notes_are_a_few_top_level_notes_per_talk_in_order(default_notes):
    chosen = summaries.key_notes(default_notes)
    assert chosen.groupby("talk_id").size().max() <= summaries.KEY_NOTES
    notes = default_notes.notes.set_index("note_id")
    assert notes.loc[chosen["note_id"], "parent_id"].isna().all()
    for _, talk in chosen.groupby("talk_id"):
        assert notes.loc[talk["note_id"], "line"].is_monotonic_increasing


def test_a_key_note_that_opens_a_list_shows_its_first_items(default_notes):
    # In the file: "- weekend projects:" then "locked-down linux with remote attestation", ...
    chosen = summaries.key_notes(default_notes)
    opening = chosen[chosen["text"].str.startswith("weekend projects:")]
    if opening.empty:
        pytest.skip("the keynote's weekend projects are not among its key notes")
    assert opening["text"].iloc[0].startswith("weekend projects: locked-down linux with remote attestation; ")


def test_facts_by_talk(default_notes):
    talks = default_notes.talks.set_index("title")["talk_id"]
    speakers = summaries.speakers_by_talk(default_notes)
    assert speakers[talks["Diversity on the Face of Adversity"]] == ["Kate Hirschfield"]  # "Kate Hirschfield - @K8Hir"
    products = summaries.top_products_by_talk(default_notes, 3)
    assert all(len(names) <= 3 for names in products.values())
    keywords = summaries.top_keywords_by_talk(default_notes, 2)
    assert all(len(terms) <= 2 for terms in keywords.values())
    assert set(summaries.themes_by_talk(default_notes)) == set(default_notes.themes["talk_id"].dropna())


def test_digest_talks_keep_event_order_and_cap_at_the_talks_with_most_notes(default_notes):
    assert summaries.digest_talks(default_notes)["title"].tolist() == talk_headings()
    top = summaries.digest_talks(default_notes, limit=3)
    assert set(top["talk_id"]) == set(default_notes.talks.nlargest(3, "n_notes", keep="first")["talk_id"])


def test_trends_have_one_column_per_event_in_date_order(default_notes, two_events):
    assert not summaries.has_trends(default_notes) and summaries.has_trends(two_events)
    labels, order = summaries.event_columns(two_events)
    assert len(order) == 2 and all(label.startswith("2017-04 ") for label in order)
    matrix = summaries.trend_matrix(two_events, two_events.mentions, "product")
    assert list(matrix.columns) == order
    docker_talks = two_events.mentions.loc[two_events.mentions["product"] == "Docker", "talk_id"].nunique()
    assert matrix.loc["Docker"].sum() == docker_talks
    _, years = summaries.event_columns(two_events, most=1)
    assert years == ["2017"]


def test_layout_summary_says_how_the_file_was_read(default_notes):
    table = summaries.layout_summary(default_notes)
    assert table["source"].tolist() == [str(DEFAULT_NOTES)]
    row = table.iloc[0]
    layout = default_notes.layouts.iloc[0]
    assert row["layout"] == layout["layout"] and not row["doubtful"]
    assert row["margin"] == pytest.approx(round(layout["score"] - layout["runner_up_score"], 2))


def test_problems_split_into_skipped_files_and_others(default_notes):
    problems = pd.DataFrame({"source": ["a.md", "b.md"], "line": [None, 3], "severity": ["info", "warning"],
                             "message": ["skipped: navigation-only file", "shape: close call"]})
    notes = dataclasses.replace(default_notes, problems=problems)  # a copy: the shared notes stay as loaded
    assert summaries.skipped_files(notes)["source"].tolist() == ["a.md"]
    assert summaries.other_problems(notes)["source"].tolist() == ["b.md"]


def test_common_folder():
    assert summaries.common_folder(["/notes/2017/a.md", "/notes/2016/b.md"]) == "/notes"
    assert summaries.common_folder([]) is None

"""The evidence rules of ambiguous products (lexicon RULES), title mentions, link
products and the user's own lexicon over the generated one."""
from __future__ import annotations

import textwrap

import pandas as pd
import pytest

from analysis import load_notes
from analysis.enrich.lexicon import LexiconError, load_lexicon, load_taxonomy
from analysis.enrich.linked import link_products, url_names
from analysis.enrich.mentions import find_mentions
from tests.test_mentions import make_notes


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def products(notes, lexicon, **kwargs) -> list[tuple[str, str, str]]:
    found = find_mentions(notes, lexicon, **kwargs)
    return list(zip(found["matched"], found["product"], found["via"].astype(str)))


@pytest.mark.parametrize("text, expected", [
    ("Make sure the build is green", []),  # a sentence's first word
    ("we make the build with it", []),  # the English word
    ("we build it with Make and Grunt", [("Make", "Make", "text"), ("Grunt", "Grunt", "text")]),
    ("run `make test` first", [("make", "Make", "code")]),
    ("the `make` target", [("make", "Make", "code")]),
    ("the flag (`--make it`)", []),  # inside code but no command there
    ("Clicked or Just Looked at?", []),  # Title Case
    ("This Is Just Another Talk", []),
    ("the Internet of Things", []),  # Title Case keeps small words low
    ("We hit the Target with it", [("Target", "Target", "text")]),
    ("shop at target", []),
    ("a shell script, less code, more progress", []),
    ("see the README of the repo", []),  # a file, not ReadMe
    # The first word of a link label is the "link" rule's evidence ([Emmet](url) heads a note here),
    # unless it is a common English word: "[Slides](url)", "[Things we learned](#things)".
    ("[Emmet](http://emmet.io/) slide 346", [("Emmet", "Emmet", "text")]),
    ("[emmet tips](https://example.com/tips)", [("emmet", "Emmet", "text")]),
    ("Emmet rocks", []),  # a sentence's first word, no link
    ("[Slides](http://slides.example.com/talk)", []),
    ("[Things we can do](#things-we-can-do)", []),
])
def test_english_word_products(lexicon, text, expected):
    assert products(make_notes([text]), lexicon) == expected


def test_context_words_confirm_a_written_spelling(lexicon):
    notes = make_notes(["Poetry locks dependencies", "packaging for the snake"], ["Poetry slams at night"])
    assert products(notes, lexicon) == []
    notes = make_notes(["Poetry locks dependencies", "packaging python"], ["Poetry slams at night"])
    # only in the talk with a context word
    assert products(notes, lexicon) == [("Poetry", "Poetry", "text"), ("python", "Python", "text")]


def test_a_js_librarys_bare_name_in_a_talk_about_javascript(lexicon):
    # "Node" is Node.js where the talk names JavaScript (or js, npm); a graph's node is not.
    notes = make_notes(["Installing Node is easy", "a linter for all your JS"], ["Node and edge counts", "graphs"])
    assert products(notes, lexicon) == [("Node", "Node.js", "text"), ("JS", "JavaScript", "text")]


def test_a_browsers_abbreviation_in_capitals(lexicon):
    notes = make_notes(["worse in old IE to make people upgrade", "i.e. the ie flag"])
    assert products(notes, lexicon) == [("IE", "Internet Explorer", "text")]


def test_pandas_without_a_context_word(lexicon):
    notes = make_notes(["we load the csv with pandas", "then plot it"], ["Pandas at the zoo"])
    assert products(notes, lexicon) == [("pandas", "pandas", "text")]


def test_lower_case_names_count_in_code_only(lexicon):
    notes = make_notes(["install it with `uv sync`", "uv light is not a tool", "using Polars and DuckDB"])
    assert products(notes, lexicon) == [("uv", "uv", "code"), ("Polars", "Polars", "text"), ("DuckDB", "DuckDB", "text")]


def test_short_names_joined_to_others_are_no_names(lexicon):
    notes = make_notes(["more R&D money", "a K/V store", "B-cell counts", "written in R and C"])
    assert products(notes, lexicon) == [("R", "R language", "text"), ("C", "C", "text")]


@pytest.mark.parametrize("title, expected", [
    ("React + WordPress", [("React", "React"), ("WordPress", "WordPress")]),
    ("Make Things Happen", []),
    ("Things we learned", []),  # a title's first word before a word
    ("WordPress + The Internet of Things", [("WordPress", "WordPress")]),
    ("Faster builds with Make", [("Make", "Make")]),
    ("Builds with Make", []),  # Title Case
    ("Expo", []),  # a title that is the name alone
    ("Polars", [("Polars", "Polars")]),  # no English word: matched anyhow
])
def test_titles(lexicon, title, expected):
    titles = pd.DataFrame({"note_id": pd.array([-1], dtype="Int64"), "talk_id": pd.array([1], dtype="Int64"),
                           "text": pd.array([title], dtype="string")})
    found = find_mentions(titles, lexicon, titles=True)
    assert list(zip(found["matched"], found["product"])) == expected
    assert set(found["via"].astype(str)) <= {"title"}


def test_segment_titles(lexicon):
    notes = make_notes(["Dash\nsnippets at hand", "Things we learned\nmany"])
    notes = notes.assign(title_chars=pd.array([5, 18], dtype="Int64"))  # as the enricher marks segment titles
    assert products(notes, lexicon) == [("Dash", "Dash", "title")]


def test_a_product_in_a_talk_title_is_a_mention_of_the_talk(tmp_path):
    notes = tmp_path / "wordcamp.md"
    notes.write_text("# WordCamp\n\n## React + WordPress\n\n- components everywhere\n\n## Caching\n\n- use Redis\n")
    loaded = load_notes(notes, cache=False)
    mentions = loaded.mentions
    titled = mentions[mentions["note_id"].isna()]
    talk = loaded.talks.loc[loaded.talks["title"] == "React + WordPress", "talk_id"].item()
    assert titled[["talk_id", "product", "via"]].astype(str).values.tolist() == [
        [str(talk), "React", "title"], [str(talk), "WordPress", "title"]]
    in_notes = mentions[mentions["note_id"].notna()]
    assert in_notes["product"].tolist() == ["Redis"] and set(in_notes["note_id"]) <= set(loaded.notes["note_id"])
    assert mentions.index.tolist() == list(range(len(mentions)))


def test_urls_are_no_prose_but_the_links_product(lexicon):
    notes = make_notes(["see [the docs](https://mlflow.org/docs) and https://render.com", "slides at https://slides.example.com/x"])
    assert products(notes, lexicon) == []  # URLs are blanked before matching
    links = pd.DataFrame({
        "note_id": pd.array([1, 1, 2, 3, 4], dtype="Int64"), "talk_id": pd.array([1, 1, 1, 1, 1], dtype="Int64"),
        "url": ["https://mlflow.org/docs", "https://render.com", "https://slides.example.com/x",
                "https://github.com/python-poetry/poetry", "https://twitter.com/someone"],
        "domain": ["mlflow.org", "render.com", "slides.example.com", "github.com", "twitter.com"],
        "label": ["the docs", None, None, None, None], "kind": ["docs", "other", "slides", "repo", "social"]})
    found = link_products(links, lexicon)
    assert list(zip(found["note_id"], found["product"])) == [(1, "MLflow"), (1, "Render"), (3, "Poetry")]
    assert url_names("https://shiny.rstudio.com/x", "shiny.rstudio.com") == [("rstudio.com", True), ("shiny", False), ("rstudio", True)]


def test_the_users_lexicon_overrides_the_generated_one(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(textwrap.dedent('''
        [[product]]
        name = "Make"
        category = "build tool"
        aliases = ["gnu make", "gmake"]

        [[product]]
        name = "Verse"
        category = "collaboration"
        aliases = ["python-poetry"]
    '''))
    lexicon = load_lexicon([mine])
    assert lexicon.by_name["Make"].category == "build tool" and lexicon.plain["make"] == "Make"
    assert lexicon.plain["python-poetry"] == "Verse" and "python-poetry" not in lexicon.by_name["Poetry"].aliases
    found = find_mentions(make_notes(["gmake or make it so"]), lexicon)
    assert found["product"].tolist() == ["Make", "Make"]
    themes = tmp_path / "themes.toml"
    themes.write_text('[[theme]]\nname = "Builds"\nkeywords = ["build"]\nproducts = ["Make", "Polars"]\n')
    assert "Builds" in load_taxonomy([themes], lexicon=lexicon).names


def test_rules_are_validated(tmp_path):
    bad = tmp_path / "rules.toml"
    bad.write_text('[[product]]\nname = "Thing"\ncategory = "testing"\nambiguous = ["Thing"]\nrules = ["anywhere"]\n')
    with pytest.raises(LexiconError, match=r"rules\.toml: product 'Thing': unknown rule\(s\) \['anywhere'\]"):
        load_lexicon([bad])
    bad.write_text('[[product]]\nname = "Thing"\ncategory = "testing"\nrules = ["cased"]\n')
    with pytest.raises(LexiconError, match="'rules' apply to 'ambiguous' spellings"):
        load_lexicon([bad])


def test_a_case_sensitive_name_before_a_plugin_word(lexicon):
    # "chrome" in lower case is the browser where a plugin word follows it; other words do not count,
    # nor does a product that takes no plugins ("a rest plugin" names no REST).
    notes = make_notes(["Working on Spyglass, a chrome plugin to debug apps", "open chrome extensions to profile it",
                        "chrome finish on the handles", "a wiki with a rest plugin", "open chrome devtools"])
    assert products(notes, lexicon) == [("chrome", "Chrome", "text"), ("chrome", "Chrome", "text"),
                                        ("chrome devtools", "Chrome DevTools", "text")]  # a product of its own


def test_a_case_sensitive_name_in_capitals_with_its_context(lexicon):
    # "LESS" in capitals is Less where the talk names another product of its kind (Sass) or a
    # context word (css); not in a run of capitals, not as a label, not without context.
    notes = make_notes(["Preprocessors: Sass, LESS, and Stylus", "LESS IS MORE, they said"],
                       ["LESS has 8 ways to import files", "we did less work"],
                       ["LESS uses the last assignment of a variable", "the css gets smaller"],
                       ["NOTE: bring snacks"])
    assert products(notes, lexicon) == [("Sass", "Sass", "text"), ("LESS", "Less", "text"), ("Stylus", "Stylus", "text"),
                                        ("LESS", "Less", "text"), ("css", "CSS", "text")]


@pytest.mark.parametrize("texts, expected", [
    # R's packages: "shiny" counts in a talk about R, not as an adjective elsewhere.
    (["Shiny apps at scale with dplyr", "deploy on RStudio Connect"], {"Shiny", "dplyr", "R language"}),
    (["a shiny new laptop", "such a shiny demo"], set()),
    # Accessibility tools and standards: "axe" with its context, WCAG and ARIA plainly.
    (["Lighthouse, axe, or other tools", "test for WCAG and use ARIA roles for accessibility"], {"axe", "WCAG", "WAI-ARIA"}),
    (["grab an axe and chop wood"], set()),
    # Office applications: "Excel" mid-sentence, never the verb.
    (["first get them better at Excel", "they excel at it"], {"Microsoft Excel"}),
])
def test_products_of_data_science_accessibility_and_office_talks(lexicon, texts, expected):
    assert {product for _, product, _ in products(make_notes(texts), lexicon)} == expected

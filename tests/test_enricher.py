"""The lexicon and taxonomy are read once per distinct set of files, and reused."""
from __future__ import annotations

import os

from analysis import load_notes
from analysis.enrich.enricher import Enricher
from analysis.enrich.lexicon import Lexicon, load_lexicon, load_taxonomy
from analysis.enrich.matcher import ProductMatcher

PRODUCT = '[[product]]\nname = "{name}"\ncategory = "container tooling"\n'


def test_the_same_files_give_the_same_lexicon_taxonomy_and_matcher():
    first, again = Enricher.load(), Enricher.load()
    assert again.lexicon is first.lexicon and again.taxonomy is first.taxonomy
    assert ProductMatcher.for_lexicon(again.lexicon) is first.lexicon.cache["matcher"]
    assert load_lexicon() is first.lexicon and load_taxonomy() is first.taxonomy


def test_other_files_or_changed_content_are_read_afresh(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(PRODUCT.format(name="Whaleprint"))
    extended = load_lexicon([mine])
    assert "Whaleprint" in extended.by_name and extended is not load_lexicon()
    assert load_lexicon([mine]) is extended
    assert load_taxonomy(lexicon=extended) is load_taxonomy(lexicon=extended)
    assert load_taxonomy(lexicon=extended) is not load_taxonomy()

    stat = mine.stat()
    mine.write_text(PRODUCT.format(name="Whalecraft"))  # same size, same path
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the same mtime: the content decides
    changed = load_lexicon([mine])
    assert changed is not extended and "Whalecraft" in changed.by_name and "Whaleprint" not in changed.by_name


def test_a_lexicon_built_in_code_keys_no_taxonomy():
    lexicon = Lexicon(products=load_lexicon().products)
    assert not lexicon.files
    assert load_taxonomy(lexicon=lexicon) is not load_taxonomy(lexicon=lexicon)


def test_load_notes_with_extra_files_reuses_them(tmp_path, default_notes_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(PRODUCT.format(name="Whaleprint"))
    notes = tmp_path / "notes.md"
    notes.write_text("Conf\n====\n\nTalk\n----\n\n- Whaleprint and docker\n")
    one = load_notes(notes, cache=False, lexicon=[mine])
    two = load_notes(notes, cache=False, lexicon=[mine])
    assert one.mentions["product"].tolist() == two.mentions["product"].tolist() == ["Whaleprint", "Docker"]
    assert load_lexicon([mine]) is Enricher.load([mine]).lexicon

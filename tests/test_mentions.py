"""Product matching rules, on hand-written notes."""

import textwrap

import pandas as pd
import pytest

from analysis.enrich.lexicon import CATEGORIES, LexiconError, load_lexicon
from analysis.enrich.mentions import find_mentions


def make_notes(*talks: list[str]) -> pd.DataFrame:
    """Notes frame shaped like the parser's: one list of texts per talk (talk_id 1, 2, ...)."""
    rows = []
    for talk_id, texts in enumerate(talks, start=1):
        for text in texts:
            rows.append({"note_id": len(rows) + 1, "talk_id": talk_id, "segment": None, "parent_id": None,
                         "depth": 0, "kind": "bullet", "text": text, "line": len(rows) + 1})
    columns = ["note_id", "talk_id", "segment", "parent_id", "depth", "kind", "text", "line"]
    return pd.DataFrame(rows, columns=columns).astype({"note_id": "Int64", "talk_id": "Int64", "segment": "string",
                                      "parent_id": "Int64", "depth": "Int64", "kind": "category",
                                      "text": "string", "line": "Int64"})


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def pairs(mentions: pd.DataFrame) -> list[tuple[str, str]]:
    return list(zip(mentions["matched"], mentions["product"]))


def test_aliases_resolve_to_canonical_names(lexicon):
    found = find_mentions(make_notes(["k8s on hyperV", "containerd uses grpc"]), lexicon)
    assert pairs(found) == [("k8s", "Kubernetes"), ("hyperV", "Hyper-V"), ("containerd", "containerd"), ("grpc", "gRPC")]


def test_output_columns_and_dtypes(lexicon):
    found = find_mentions(make_notes(["Swarmkit and Terraform"]), lexicon)
    assert found.dtypes.astype(str).to_dict() == {
        "note_id": "Int64", "talk_id": "Int64", "product": "string", "category": "category", "matched": "string",
        "via": "category"}
    assert found["via"].tolist() == ["text", "text"]
    assert list(found["category"].cat.categories) == list(CATEGORIES)
    assert found["category"].tolist() == ["orchestration", "configuration management"]


def test_longest_match_wins(lexicon):
    found = find_mentions(make_notes(["Docker Swarm and Docker Cloud, then plain Docker"]), lexicon)
    assert pairs(found) == [("Docker Swarm", "Docker Swarm"), ("Docker Cloud", "Docker Cloud"), ("Docker", "Docker")]


def test_slash_shorthand_gives_both_products(lexicon):
    found = find_mentions(make_notes(["Can do with Docker For Mac/Windows"]), lexicon)
    assert pairs(found) == [("Docker For Mac", "Docker for Mac"), ("Windows", "Docker for Windows")]


def test_slash_between_products_matches_both(lexicon):
    found = find_mentions(make_notes(["uses runc/containerd and not docker"]), lexicon)
    assert found["product"].tolist() == ["runc", "containerd", "Docker"]


def test_word_boundaries(lexicon):
    found = find_mentions(make_notes(["Google trusts its engineers", "Go is not in Google", "rust, not trust"]), lexicon)
    # "Go" is no part of "Google" (a product of its own, mid-sentence), nor "rust" of "trust"
    assert pairs(found) == [("Go", "Go"), ("Google", "Google"), ("rust", "Rust")]
    assert found["note_id"].tolist() == [2, 2, 3]


def test_ambiguous_aliases_match_only_as_cased(lexicon):
    notes = make_notes(["Go build tags", "go to the docs", "Compose v3 and the docker client", "compose a message"])
    found = find_mentions(notes, lexicon)
    assert pairs(found) == [("Go", "Go"), ("Compose", "Docker Compose"), ("docker", "Docker")]


def test_context_rule_needs_a_context_word_in_the_same_talk(lexicon):
    # "Hub" counts for Docker Hub only in a talk that mentions docker somewhere.
    notes = make_notes(["pulls from the Hub", "docker plugin install"], ["the Hub of the community"])
    found = find_mentions(notes, lexicon)
    assert pairs(found) == [("Hub", "Docker Hub"), ("docker", "Docker")]
    assert found["talk_id"].tolist() == [1, 1]


def test_same_ambiguous_spelling_resolved_by_context(lexicon):
    notes = make_notes(["Swift object storage", "OpenStack deployment"], ["Swift apps for iOS"])
    found = find_mentions(notes, lexicon)
    assert found[found["matched"] == "Swift"]["product"].tolist() == ["OpenStack Swift", "Swift"]


def test_code_spans_and_link_labels_match_but_urls_do_not(lexicon):
    notes = make_notes(["run `docker-compose up`", "[LinuxKit](https://github.com/linuxkit/linuxkit)",
                        "see https://kubernetes.io/docs"])
    found = find_mentions(notes, lexicon)
    assert pairs(found) == [("docker-compose", "Docker Compose"), ("LinuxKit", "LinuxKit")]


def test_punctuation_aliases_need_a_boundary_before(lexicon):
    found = find_mentions(make_notes(["apps in C# and .NET", "visit example.net"]), lexicon)
    assert pairs(found) == [("C#", "C#"), (".NET", ".NET")]


def test_order_is_note_then_position(lexicon):
    notes = make_notes(["Rust then Python"], ["Ruby"]).iloc[::-1]
    found = find_mentions(notes, lexicon)
    assert found["product"].tolist() == ["Rust", "Python", "Ruby"]
    assert found["note_id"].tolist() == [1, 1, 2]


def test_empty_notes_give_empty_typed_frame(lexicon):
    found = find_mentions(make_notes([]), lexicon)
    assert found.empty and str(found["product"].dtype) == "string"


def test_packaged_lexicon_is_large(lexicon):
    assert len(lexicon) >= 400
    assert {"Docker Swarm", "Kubernetes", "Tor", "Raspberry Pi", "OpenStack Nova"} <= set(lexicon.by_name)
    assert not {"quorum", "cluster", "raft", "container", "cloud", "state"} & set(lexicon.plain)


def test_user_file_overrides_and_adds(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(textwrap.dedent('''
        [[product]]
        name = "docker swarm"
        category = "orchestration"
        aliases = ["classic swarm"]

        [[product]]
        name = "Whaleprint"
        category = "container tooling"
    '''))
    lexicon = load_lexicon([extra])
    found = find_mentions(make_notes(["Whaleprint for classic swarm", "swarm mode"]), lexicon)
    assert pairs(found) == [("Whaleprint", "Whaleprint"), ("classic swarm", "docker swarm")]


def test_validation_error_names_file_and_entry(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[product]]\nname = "Frobnicator"\ncategory = "gadget"\n')
    with pytest.raises(LexiconError, match=r"bad\.toml: product 'Frobnicator': category 'gadget'"):
        load_lexicon([bad])


def test_duplicate_alias_is_rejected(tmp_path):
    bad = tmp_path / "dup.toml"
    bad.write_text('[[product]]\nname = "Kube2"\ncategory = "orchestration"\naliases = ["k8s"]\n')
    with pytest.raises(LexiconError, match=r"dup\.toml: product 'Kube2': alias 'k8s' already belongs to 'Kubernetes'"):
        load_lexicon([bad])


def test_no_module_level_text_cache_and_prepared_is_optional(lexicon):
    import analysis.enrich.keywords
    import analysis.enrich.mentions
    from analysis.enrich.textprep import prepare

    assert not hasattr(analysis.enrich.mentions, "_TEXT_CACHE") and not hasattr(analysis.enrich.keywords, "_TOKEN_CACHE")
    notes = make_notes(["k8s on hyperV", "Docker For Mac/Windows"], ["pulls from the Hub", "docker plugin install"])
    prepared = prepare(notes)
    pd.testing.assert_frame_equal(find_mentions(notes, lexicon, prepared=prepared), find_mentions(notes, lexicon))


def test_any_subset_of_notes_works_alone(lexicon):
    # Enrichment may run per chunk of files: a chunk's mentions are the whole's rows of its talks.
    notes = make_notes(["Go build tags", "docker plugin install"], ["the Hub of the community", "rust"],
                       ["pulls from the Hub", "docker"])
    whole = find_mentions(notes, lexicon)
    for talks in ([1], [2, 3], [3]):
        part = find_mentions(notes[notes["talk_id"].isin(talks)], lexicon)
        expected = whole[whole["talk_id"].isin(talks)].reset_index(drop=True)
        pd.testing.assert_frame_equal(part, expected)


def test_matched_text_in_non_ascii_notes(lexicon):
    found = find_mentions(make_notes(["Zürich “uses” Kubernetes and naïve k8s", "plain docker"]), lexicon)
    assert pairs(found) == [("Kubernetes", "Kubernetes"), ("k8s", "Kubernetes"), ("docker", "Docker")]


SCAN_TEXTS = [
    "Docker for Mac/Windows and docker-compose up",
    "ASP.NET, .NET Core and C# on Azure; C++ too",
    "Kubernetes über alles: kubernetesé is one word",
    "node.js/npm, Vue.js and go-kit/kit; `kubectl apply -f x.yaml`",
    "",
    "Grafana/Prometheus, then Prometheus.",
]


def test_the_lexicon_scan_finds_what_one_regex_of_every_spelling_finds(lexicon):
    """The word trie over the packaged lexicon's ~7,000 spellings finds, on notes with
    punctuated names, slashes and non-ASCII letters, what one regex alternation of all of
    them (a character trie, longest first, Unicode word boundaries) finds in Python's re."""
    import re

    import numpy as np

    from analysis.enrich.matcher import ProductMatcher, bounded_trie, scan
    from analysis.enrich.textprep import prepare

    notes = pd.DataFrame({"note_id": range(len(SCAN_TEXTS)), "talk_id": 0, "text": SCAN_TEXTS})
    prepared = prepare(notes.astype({"note_id": "Int64", "talk_id": "Int64", "text": "string"}))
    trie = ProductMatcher.for_lexicon(lexicon).trie
    found = scan(prepared, trie)
    pattern = re.compile(bounded_trie(trie.spellings))
    expected = [(row, m.start(), m.group(), note.startswith("/", m.end()))
                for row, note in enumerate(prepared.lower.to_pylist()) for m in pattern.finditer(note)]
    assert list(zip(found.row.tolist(), found.start.tolist(), [found.spellings[c] for c in found.code],
                    found.slash_follows.tolist())) == expected
    assert np.all(np.diff(found.row) >= 0)
    first = find_mentions(notes, lexicon)
    assert {"Docker for Mac", "Docker for Windows", "Kubernetes", "Prometheus"} <= set(first["product"])
    # "kubernetesé" is one word: no Kubernetes in it.
    assert first[first["note_id"] == 2]["matched"].tolist() == ["Kubernetes"]


def test_event_and_place_names_are_no_products(lexicon):
    """"PyCon" is Python's conference (Linguist's "pycon" lexer is in `not_products`), and "Salt"
    of "Salt Lake City" no SaltStack without a word of its world in the talk."""
    found = find_mentions(make_notes(["Met the PSF at PyCon in Salt Lake City", "Location: Salt Lake City"],
                                     ["Salt states on every minion", "we moved from Salt to Ansible"]), lexicon)
    assert pairs(found) == [("Salt", "SaltStack"), ("Salt", "SaltStack"), ("Ansible", "Ansible")]


def test_a_users_not_products_silence_packaged_spellings(tmp_path):
    """`not_products` in a user's lexicon file: spellings that name something else in their notes.
    An alias goes from its product ("k8s" of Kubernetes), a product named so goes whole."""
    from analysis.enrich.lexicon import LexiconError, read_lexicon_file

    extra = tmp_path / "lexicon.toml"
    extra.write_text('not_products = ["k8s", "Docker Swarm"]\n\n[[product]]\nname = "Hallway Track"\ncategory = "application/service"\n',
                     encoding="utf-8")
    lexicon = load_lexicon((str(extra),))
    found = find_mentions(make_notes(["k8s and Kubernetes on Docker Swarm", "the Hallway Track"]), lexicon)
    assert pairs(found) == [("Kubernetes", "Kubernetes"), ("Docker", "Docker"), ("Hallway Track", "Hallway Track")]
    assert "k8s" not in lexicon.known_lower() and "docker swarm" not in lexicon.known_lower()
    assert read_lexicon_file(extra)[1] == {"k8s", "docker swarm"}
    bad = tmp_path / "bad.toml"
    bad.write_text("not_products = [1]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="not_products must be a list of spellings"):
        load_lexicon((str(bad),))

"""Unknown product-like names."""

import pandas as pd
import pytest

from analysis.enrich.candidates import find_candidates, top_candidates
from analysis.enrich.lexicon import load_lexicon
from analysis.enrich.mentions import find_mentions


def make_notes(*talks: list[str]) -> pd.DataFrame:
    rows = [{"note_id": i, "talk_id": t, "kind": "bullet", "text": text}
            for i, (t, text) in enumerate(((t, x) for t, texts in enumerate(talks, 1) for x in texts), 1)]
    return pd.DataFrame(rows, columns=["note_id", "talk_id", "kind", "text"]).astype(
        {"note_id": "Int64", "talk_id": "Int64", "kind": "category", "text": "string"})


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def candidates_of(notes, lexicon, **kwargs):
    return find_candidates(notes, find_mentions(notes, lexicon), lexicon, **kwargs)


def test_camel_case_dotted_and_digit_names(lexicon):
    notes = make_notes(["We deployed it with ShipQuell and BlueHarbor", "using fleetreach.co.uk on s390x"])
    found = candidates_of(notes, lexicon)
    assert found["term"].tolist() == ["BlueHarbor", "ShipQuell", "fleetreach.co.uk", "s390x"]
    assert found["count"].tolist() == [1, 1, 1, 1]
    assert found.dtypes.astype(str).to_dict() == {"term": "string", "talk_id": "Int64", "count": "Int64", "evidence": "string"}


def test_versions_sizes_files_and_known_products_are_not_candidates(lexicon):
    notes = make_notes(["Builder in 17.05 with <5k LOC and 100ms boot", "edit multi.yaml then run SwarmKit on portainer.io",
                        "new page on docker.com"])
    assert candidates_of(notes, lexicon).empty


def test_capitalised_words_only_mid_sentence_and_not_common(lexicon):
    notes = make_notes(["Whaleprint shows the plan", "the team built Whaleprint. Quorum matters", "We met Kate Hirschfield"])
    found = candidates_of(notes, lexicon)
    # Sentence-initial "Whaleprint"/"Quorum" do not count; the mid-sentence one does;
    # "Hirschfield" follows a first name and is taken for a person.
    assert found["term"].tolist() == ["Whaleprint"]
    assert found["evidence"].tolist() == ["the team built Whaleprint. Quorum matters"]


def test_link_labels_and_code_spans(lexicon):
    notes = make_notes(["Twitter coined [Googwin](http://example.com/Googwin)", "run `okernelctl status` now"])
    assert candidates_of(notes, lexicon)["term"].tolist() == ["Googwin", "okernelctl"]


def test_common_words_argument_replaces_the_packaged_list(lexicon):
    notes = make_notes(["the team built Whaleprint"])
    assert candidates_of(notes, lexicon, common_words=["the", "team", "built", "whaleprint"]).empty


def test_counts_per_talk_and_top_candidates(lexicon):
    notes = make_notes(["ShipQuell rocks", "again ShipQuell and shipquell"], ["try ShipQuell", "and BlueHarbor"])
    found = candidates_of(notes, lexicon)
    assert found[["term", "talk_id", "count"]].values.tolist() == [["ShipQuell", 1, 2], ["BlueHarbor", 2, 1], ["ShipQuell", 2, 1]]
    top = top_candidates(found, n=1)
    assert top[["term", "n_talks", "count"]].values.tolist() == [["ShipQuell", 2, 3]]
    assert top["evidence"].tolist() == ["ShipQuell rocks"]  # first note of the talk with most occurrences


def test_evidence_is_cut_around_the_term(lexicon):
    text = "filler words " * 20 + "then BlueHarbor appears" + " and more words" * 10
    evidence = candidates_of(make_notes([text]), lexicon)["evidence"].iloc[0]
    assert "BlueHarbor" in evidence and len(evidence) <= 120


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_importing_the_light_modules_does_not_import_sklearn_or_scipy():
    # The report kernel imports candidates for top_candidates; enrichment workers import
    # mentions, candidates and themes: none of them may pay for scikit-learn or scipy.
    import subprocess
    import sys

    code = "import analysis.enrich.candidates, analysis.enrich.themes, analysis.enrich.mentions, analysis.enrich.keywords, sys; print('sklearn' in sys.modules, 'scipy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_shared_prepared_gives_the_same_candidates(lexicon):
    from analysis.enrich.textprep import prepare

    notes = make_notes(["We deployed it with ShipQuell and BlueHarbor", "using fleetreach.co.uk on s390x"], ["try ShipQuell"])
    prepared = prepare(notes)
    mentions = find_mentions(notes, lexicon, prepared=prepared)
    shared = find_candidates(notes, mentions, lexicon, prepared=prepared)
    pd.testing.assert_frame_equal(shared, candidates_of(notes, lexicon))


def test_non_ascii_tokens_keep_python_regex_semantics(lexicon):
    # RE2 runs on ASCII tokens only; "Zürich2024x" goes through Python's re (\w is Unicode there).
    notes = make_notes(["we met the Zürich2go folks and ShipQuell"])
    assert candidates_of(notes, lexicon)["term"].tolist() == ["ShipQuell", "Zürich2go"]


def test_package_like_names_and_names_said_to_be_tools(lexicon):
    notes = make_notes(["we tried `asgi-redis` and `shiny.router` today", "angular-cli and fancy-js rock",
                        "the funneljoin package does it", "Recommendify library for Ruby", "a nice library overall",
                        "JSQuell all your JS, test with ZUnit, check types with zypy", "so happy with URLs and APIs"])
    found = set(candidates_of(notes, lexicon)["term"])
    assert {"asgi-redis", "shiny.router", "angular-cli", "fancy-js", "funneljoin", "Recommendify", "JSQuell", "ZUnit", "zypy"} <= found
    assert not {"nice", "the", "does", "happy", "URLs", "APIs"} & found


def test_product_shaped_names_in_talk_titles(lexicon):
    notes = make_notes(["some notes"], ["more notes"])
    talks = pd.DataFrame({"talk_id": pd.array([1, 2], dtype="Int64"),
                          "title": pd.array(["Shipping With BlueHarbor", "Lessons Learned The Hard Way"], dtype="string")})
    found = find_candidates(notes, find_mentions(notes, lexicon), lexicon, titles=talks)
    assert found[["term", "talk_id"]].values.tolist() == [["BlueHarbor", 1]]  # Title Case words are no names


def test_repositories_of_links_are_candidates_with_the_link_as_evidence(lexicon):
    notes = make_notes(["see the repo", "and the other"])
    links = pd.DataFrame({
        "note_id": pd.array([1, 2, 2], dtype="Int64"), "talk_id": pd.array([1, 1, 1], dtype="Int64"),
        "url": ["https://github.com/rstudio/itdepends", "https://github.com/docker/docker", "https://github.com/me"],
        "domain": ["github.com", "github.com", "github.com"], "label": [None, None, None], "kind": ["repo", "repo", "repo"]})
    found = candidates_of(notes, lexicon, links=links)
    assert found[["term", "evidence"]].values.tolist() == [["itdepends", "https://github.com/rstudio/itdepends"]]


def make_coded_notes(*talks: list[tuple[str, str]]) -> pd.DataFrame:
    """Notes of the given (kind, text) per talk."""
    rows = [{"note_id": i, "talk_id": t, "kind": kind, "text": text}
            for i, (t, (kind, text)) in enumerate(((t, x) for t, texts in enumerate(talks, 1) for x in texts), 1)]
    return pd.DataFrame(rows, columns=["note_id", "talk_id", "kind", "text"]).astype(
        {"note_id": "Int64", "talk_id": "Int64", "kind": "category", "text": "string"})


def test_a_namespace_names_its_package(lexicon):
    # R's pkg::fn names the package pkg; a language's own namespace (std::, base::) is no product.
    notes = make_notes(["Play back sessions with `loadtestr::replay_sessions`", "then zplyr::filter() the rows",
                        "a std::vector of base::paste results", "`quilltex::install_quilltex()` for LaTeX"])
    assert sorted(candidates_of(notes, lexicon)["term"]) == ["loadtestr", "quilltex", "zplyr"]


def test_package_calls_and_install_commands_in_code(lexicon):
    notes = make_coded_notes([
        ("code", 'library(tidygeo)\ninstall.packages("sf")\nlibrary(broom)'),
        ("bullet", "first `pip install -U asgi_redis`, then `npm i -g @angular/cli` and `yarn add left-pad`"),
        ("bullet", "`import os` and `from funnelkit import join` and `import numpy as np`"),
        ("bullet", "we install left-pad by hand"),  # prose, no code: not read as a command
        ("code", "go get github.com/spf13/cobra"),
    ])
    found = candidates_of(notes, lexicon)["term"].tolist()
    # `broom` is an English word, but library() says it is a package; `os` is Python's own; numpy is known.
    assert sorted(found) == sorted(["tidygeo", "sf", "broom", "asgi_redis", "@angular/cli", "left-pad", "funnelkit", "cobra"])


def test_a_name_built_on_a_product_it_extends(lexicon):
    # A known product + "-" + a word is its plugin or package, in a talk that names the product;
    # English compounds ("Docker-based", "webpack-powered", "kubernetes-managed") are not.
    notes = make_notes(["We build everything with Grunt and webpack", "grunt-montage for image sprites",
                        "webpack-powered bundles, kubernetes-managed pods", "*webpack-bundle-analyzer* shows the size"],
                       ["grunt-montage again, in a talk that does not name its base"])
    found = candidates_of(notes, lexicon)
    assert found[["term", "talk_id"]].values.tolist() == [["grunt-montage", 1], ["webpack-bundle-analyzer", 1]]


def test_a_list_of_name_description_bullets(lexicon):
    # Two or more bullets of a list that start "name: description" with a package-like name.
    notes = make_notes(["Testing apps for production", "loadprobe: is it slow?", "flamevis: see what makes it slow",
                        "optimize: move the work out"],
                       ["protocol: tcp", "microformat: 9090-9095:8080-8085", "targets: 9090-9095"],
                       ["swirlkit (the backend)", "swirlref (shared code and libraries)", "Routing"])
    found = candidates_of(notes, lexicon)
    # A lone unknown word among English ones ("microformat") is no such list.
    assert found[["term", "talk_id"]].values.tolist() == [["flamevis", 1], ["loadprobe", 1], ["swirlkit", 3], ["swirlref", 3]]


def test_kind_words_include_api_and_extensions(lexicon):
    notes = make_notes(["we call the Twiliox API for texts", "the vuexify extensions and the pagedown addon"])
    assert set(candidates_of(notes, lexicon)["term"]) >= {"Twiliox", "vuexify", "pagedown"}


def test_a_trademark_sign_marks_a_product_name(lexicon):
    # Even an all-capital name, which is no candidate on its own (jargon), is one with ™ or ®.
    notes = make_notes(["Vivlion's QRTAN™ screening platform", "ZENTRIX® and Pellucid(TM) kits", "An ABC test"])
    assert set(candidates_of(notes, lexicon)["term"]) == {"QRTAN", "ZENTRIX", "Pellucid"}


def test_title_case_names_of_apis_and_kits(lexicon):
    notes = make_notes(["Payment Request API (example: Apple Pay)", "use The Web Audio API here",
                        "then the REST API, the Public API and the Docker HTTP API",
                        "used the Quillon Library Prep Kit for it"])
    found = candidates_of(notes, lexicon)
    terms = set(found["term"])
    assert {"Payment Request API", "Web Audio API", "Quillon Library Prep Kit"} <= terms
    # Jargon (an acronym), an English word and a known product's own API are no names.
    assert not terms & {"REST API", "Public API", "Docker HTTP API", "The Web Audio API"}


def test_title_case_api_names_in_talk_titles(lexicon):
    notes = make_notes(["notes"])
    titles = pd.DataFrame({"talk_id": pd.array([1], dtype="Int64"), "title": pd.array(["Talk 3 - QRTAN™: a screen"], dtype="string")})
    found = find_candidates(notes, find_mentions(notes, lexicon), lexicon, titles=titles)
    assert found["term"].tolist() == ["QRTAN"]


def test_a_quoted_word_is_named_not_a_persons_name(lexicon):
    # "Offer Pipseeker" looks like a first name and a surname; quoted, it is a name given.
    notes = make_notes(['Offer "Quellseeker" software for analysis', "Offer Quellseeker for analysis"])
    found = candidates_of(notes, lexicon)
    assert found["term"].tolist() == ["Quellseeker"] and found["count"].tolist() == [1]


def test_english_compounds_and_word_forms_before_kind_words_are_no_names(lexicon):
    notes = make_notes(["a client-side app and a front-end app", "the commercialized software", "the zorblax software"])
    assert candidates_of(notes, lexicon)["term"].tolist() == ["zorblax"]


def test_a_known_products_edition_or_part_named_after_it(lexicon):
    notes = make_notes(["Angular Universal: server side Angular", "- Angular CLI", "Facebook Lite for slow networks",
                        "we use Xamarin Test Cloud daily"],
                       # Stop words, other products, English plurals and jargon in capitals end the name.
                       ["Docker And friends", "Angular React Vue", "Google Services outage", "the Mozilla CEO spoke",
                        # An English-word product ("Go") is no base; nor is a lower-case one.
                        "Go Context cancels", "with angular Universal"])
    found = candidates_of(notes, lexicon)
    assert found[["term", "talk_id"]].values.tolist() == [
        ["Angular CLI", 1], ["Angular Universal", 1], ["Facebook Lite", 1], ["Xamarin Test Cloud", 1]]


def test_a_segment_title_heading_a_note_is_no_edition(lexicon):
    notes = make_notes(["Docker Security Deep Dive\nwe saw Docker Quellmark there"]).assign(title_chars=pd.array([26], dtype="Int64"))
    assert candidates_of(notes, lexicon)["term"].tolist() == ["Docker Quellmark"]

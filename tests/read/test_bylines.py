"""Speakers in the shapes other authors write them (analysis/read/bylines.py)."""
import pytest

from analysis.read.bylines import (front_matter_speakers, name_from_person_page, organisations_after_names, parse_byline,
                                   speaker_field, strip_markup)
from analysis.read.speakers import ParsedSpeaker


def people(found):
    return [(s.name, s.handle, s.affiliation) for s in found or []]


@pytest.mark.parametrize("text, expected", [
    ("Mark Gustavson, AstraZeneca", [("Mark Gustavson", None, "AstraZeneca")]),
    ("Dr. James Willey, Univeristy of Toledo", [("James Willey", None, "Univeristy of Toledo")]),
    ("Martin Wegner, Vivlion GmbH", [("Martin Wegner", None, "Vivlion GmbH")]),
    ("Andrew Godwin, Django Core Developer, Eventbrite", [("Andrew Godwin", None, "Eventbrite")]),
    ("Marta Kowalczyk (Grafana Labs) & Felipe Rocha (Honeycomb)",
     [("Marta Kowalczyk", None, "Grafana Labs"), ("Felipe Rocha", None, "Honeycomb")]),
    ("Prof. Amara Nwosu (London School of Hygiene & Tropical Medicine)",
     [("Amara Nwosu", None, "London School of Hygiene & Tropical Medicine")]),
    ("Kofi Mensah, Zalando & Ruth Abebe, Thoughtworks", [("Kofi Mensah", None, "Zalando"), ("Ruth Abebe", None, "Thoughtworks")]),
    ("Zack Tollman, Aaron Jorbin", [("Zack Tollman", None, None), ("Aaron Jorbin", None, None)]),
    ("Benoît Lefèvre (@blefevre)", [("Benoît Lefèvre", "blefevre", None)]),
    ("Kitt Hodsden - @kitt - 5 June 2014 10:00", [("Kitt Hodsden", "kitt", None)]),
    ("RC Lations", [("RC Lations", None, None)]),
])
def test_bylines(text, expected):
    assert people(parse_byline(text)) == expected


@pytest.mark.parametrize("text", [
    "Predicting User Satisfaction with Intelligent Assistants",  # ordinary words
    "PWA Stats",  # an acronym
    "Key Takeaways",
    "There are Alfred community workflows for Modern.ie",
])
def test_not_bylines(text):
    assert parse_byline(text) is None


@pytest.mark.parametrize("text, expected", [
    # one affiliation after the last of names joined by `&`, `and` or `,`: where all of them work
    ("Jan Schmidt & Marta Nowak (Deutsche Telekom)", [("Jan Schmidt", None, "Deutsche Telekom"), ("Marta Nowak", None, "Deutsche Telekom")]),
    ("Ann Lee, Bob Stone (Initech)", [("Ann Lee", None, "Initech"), ("Bob Stone", None, "Initech")]),
    ("Ann Lee and Bob Stone, Acme Corp", [("Ann Lee", None, "Acme Corp"), ("Bob Stone", None, "Acme Corp")]),
    # each their own, or the first alone
    ("Ann Lee (Acme), Bob Stone (Initech)", [("Ann Lee", None, "Acme"), ("Bob Stone", None, "Initech")]),
    ("Ann Lee (Acme) & Bob Stone", [("Ann Lee", None, "Acme"), ("Bob Stone", None, None)]),
    # a role between the names, or a role or group word in the parenthesis: the last person's only
    ("Ann Lee, CTO & Bob Stone (Initech)", [("Ann Lee", None, None), ("Bob Stone", None, "Initech")]),
    ("Ann Lee & Bob Stone (moderator)", [("Ann Lee", None, None), ("Bob Stone", None, "moderator")]),
])
def test_an_affiliation_after_the_last_of_several_names_is_shared(text, expected):
    assert people(parse_byline(text, lenient=True)) == expected


def test_speaker_fields():
    assert people(speaker_field("- Speaker: [Eric Ponto](https://github.com/ericponto), front end developer at Principal Financial Group")) == [
        ("Eric Ponto", None, "Principal Financial Group")]
    assert speaker_field("- Speaker: [Eric Ponto](https://github.com/ericponto)")[0].url == "https://github.com/ericponto"
    assert people(speaker_field("**Panelists:** Kasia Hayden (Facebook), Ayaka Nonaka (Workflow iOS)")) == [
        ("Kasia Hayden", None, "Facebook"), ("Ayaka Nonaka", None, "Workflow iOS")]
    assert people(speaker_field("Speakers: Andrew Cantino and Ryan Stout")) == [("Andrew Cantino", None, None), ("Ryan Stout", None, None)]
    assert people(speaker_field("Speaker: Ann Lee and Bob Stone, Acme Corp")) == [("Ann Lee", None, "Acme Corp"), ("Bob Stone", None, "Acme Corp")]
    assert people(speaker_field("Speakers: Ann Lee (Acme), Bob Stone (Initech)")) == [("Ann Lee", None, "Acme"), ("Bob Stone", None, "Initech")]
    assert speaker_field("Objective: plan a drive") is None
    assert speaker_field("By the way: nothing") is None


def test_person_pages_and_markup():
    assert name_from_person_page("https://craft-conf.com/speaker/FrankWang") == "Frank Wang"
    assert name_from_person_page("https://example.org/speakers/anne-marie-smith/") == "Anne Marie Smith"
    assert name_from_person_page("https://example.org/blog/frank-wang") is None
    assert strip_markup("**Zoë Papadopoulos** 🇬🇷") == ("Zoë Papadopoulos", [])
    assert strip_markup("@rhein_wine and snake_case") == ("@rhein_wine and snake_case", [])


def test_organisations_after_names_and_front_matter():
    found = organisations_after_names([ParsedSpeaker("Inês Carvalho"), ParsedSpeaker("Crunchy Data")])
    assert people(found) == [("Inês Carvalho", None, "Crunchy Data")]
    kept = organisations_after_names([ParsedSpeaker("Nandhini Santhanam"), ParsedSpeaker("Tibor Vass")])
    assert len(kept) == 2
    assert people(front_matter_speakers([{"name": "Leah Goldberg", "company": "Figma", "twitter": "@leah"}, "Tunde Bakare"])) == [
        ("Leah Goldberg", "leah", "Figma"), ("Tunde Bakare", None, None)]


@pytest.mark.parametrize("text, affiliation", [
    ("Jane Doe ([slides](https://example.com/s))", None),
    ("Jane Doe ([slides](https://e.com/s), [video](https://y.com/v))", None),
    ("Jane Doe (slides)", None),
    ("Jane Doe ([Acme](https://acme.com))", "Acme"),  # a linked company is one
])
def test_a_talks_materials_in_parentheses_are_no_affiliation(text, affiliation):
    assert [(s.name, s.affiliation) for s in parse_byline(text)] == [("Jane Doe", affiliation)]


def test_a_speakers_field_may_say_s_in_parentheses():
    assert [s.name for s in speaker_field("Speaker(s): Kief Morris, Sam Newman")] == ["Kief Morris", "Sam Newman"]


def test_an_at_sign_between_spaces_means_at():
    assert [(s.name, s.affiliation, s.handle) for s in parse_byline("Jane Doe, Staff Engineer @ Stripe")] == [("Jane Doe", "Stripe", None)]
    assert [(s.name, s.handle) for s in parse_byline("Jane Doe @jdoe")] == [("Jane Doe", "jdoe")]


@pytest.mark.parametrize("label", ["Speaker", "Speakers", "Co-speaker", "Speaker(s)", "Presenter", "Presented by", "Author",
                                   "By", "Moderator", "Moderated by", "Panelists", "Panellists", "Host", "Co-host", "Hosted by",
                                   "Facilitator", "Instructor", "**Speaker**", "- Speaker"])
def test_every_field_label_passes_the_cheap_pre_check(label):
    # speaker_field skips its regex when no label word comes before the first colon: each label must hold one.
    assert [s.name for s in speaker_field(f"{label}: Jane Doe")] == ["Jane Doe"]


@pytest.mark.parametrize("text, expected", [
    ("Sarah Schmidt (@sschmidt_dev, Zalando)", [("Sarah Schmidt", "sschmidt_dev", "Zalando")]),
    ("Sarah Schmidt (Zalando, @sschmidt_dev)", [("Sarah Schmidt", "sschmidt_dev", "Zalando")]),
    ("Maria Garcia (@mgarcia \u00b7 Grafana Labs)", [("Maria Garcia", "mgarcia", "Grafana Labs")]),
    ("Jane Roe, Uber (@janeroe)", [("Jane Roe", "janeroe", "Uber")]),
    ("Jane Doe (@janedoe_go), Uber", [("Jane Doe", "janedoe_go", "Uber")]),
    ("Jane Doe (@janedoe_go) - Uber", [("Jane Doe", "janedoe_go", "Uber")]),
    ("Bob Smith @bobsmith, Lyft", [("Bob Smith", "bobsmith", "Lyft")]),
    ("Ann Lee (@ann, @bob)", [("Ann Lee", None, "@ann, @bob")]),  # two handles are no one person's
    ("Ann Lee (Acme, Inc.)", [("Ann Lee", None, "Acme, Inc.")]),
])
def test_a_handle_and_a_company_together(text, expected):
    assert people(parse_byline(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("@sschmidt_dev, Zalando", ("sschmidt_dev", "Zalando")),
    ("@janeroe", ("janeroe", None)),
    ("Grafana Labs", (None, "Grafana Labs")),
    ("", (None, None)),
])
def test_handle_and_affiliation_in_parentheses(text, expected):
    from analysis.read.bylines import handle_and_affiliation

    assert handle_and_affiliation(text) == expected


@pytest.mark.parametrize("byline", ["Jane Doe (@janedoe_go), Uber", "Jane Doe (@janedoe_go) - Uber", "Jane Doe @janedoe_go, Uber"])
def test_a_byline_sub_heading_reads_as_the_same_plain_line(tmp_path, byline):
    from analysis import load_notes

    speakers = []
    for line in (f"### {byline}", byline):  # under the talk heading, with notes after it
        path = tmp_path / "meetup.md"
        path.write_text(f"# Go Meetup 2022\n\n## Resilient Services\n\n{line}\n\n- deadlines everywhere\n", "utf-8")
        rows = load_notes(path, cache=False, enrich=False).speakers
        speakers.append([(r.name, r.handle, r.affiliation) for r in rows.itertuples()])
    assert speakers[0] == speakers[1] == [("Jane Doe", "janedoe_go", "Uber")]

import pytest

from analysis.read.speakers import merge_split_speakers, parse_speaker_line


def people(line, **options):
    parsed = parse_speaker_line(line, **options)
    assert parsed is not None, line
    return [(s.name, s.handle, s.email, s.url, s.affiliation, s.kind) for s in parsed.speakers]


def test_names_handles_and_separators():
    assert people("Justin Cormack, Nigel Edwards, Ilya Dmitrichenko @errordeveloper, Dave Freita") == [
        ("Justin Cormack", None, None, None, None, "person"),
        ("Nigel Edwards", None, None, None, None, "person"),
        ("Ilya Dmitrichenko", "errordeveloper", None, None, None, "person"),
        ("Dave Freita", None, None, None, None, "person"),
    ]
    assert people("Kate Hirschfield - @K8Hir") == [("Kate Hirschfield", "K8Hir", None, None, None, "person")]
    assert people("Sam Bowne & Alex Muentz samsclass.info") == [
        ("Sam Bowne", None, None, None, None, "person"),
        ("Alex Muentz", None, None, "https://samsclass.info", None, "person"),
    ]
    assert [p[0] for p in people("Nandhini Santhanam and Tibor Vass")] == ["Nandhini Santhanam", "Tibor Vass"]


def test_emails_urls_and_bare_domains():
    assert people("Kartik Pandya kpandya@manh.com") == [("Kartik Pandya", None, "kpandya@manh.com", None, None, "person")]
    assert people("Finnian Anderson http://finnian.io/blog") == [("Finnian Anderson", None, None, "http://finnian.io/blog", None, "person")]
    assert people("Zimmer Barnes facebook.com/zimmer.barnes")[0][3] == "https://facebook.com/zimmer.barnes"
    assert people("@allingeek allingeek.com") == [(None, "allingeek", None, "https://allingeek.com", None, "person")]


def test_affiliations():
    assert people("Harris Reynolds, shipt") == [("Harris Reynolds", None, None, None, "shipt", "person")]
    # a bare domain after several people is where they work
    found = people("Marcos Niles @marcosnils, Jonathan Leibiusky @xetorthio, sherloq.io")
    assert [(p[0], p[1], p[4]) for p in found] == [
        ("Marcos Niles", "marcosnils", "sherloq.io"),
        ("Jonathan Leibiusky", "xetorthio", "sherloq.io"),
    ]
    assert people("Christy Perez, Chris Jones tophj-ibm")[1] == ("Chris Jones", "tophj-ibm", None, None, None, "person")


def test_groups_name_no_person():
    assert people("Panel") == [(None, None, None, None, None, "group")]
    assert people("NYC organizers") == [(None, None, None, None, None, "group")]
    assert people("The team (organisers)") == [(None, None, None, None, None, "group")]


def test_a_group_word_in_brackets_after_a_name_is_that_persons_role():
    # Was: Ann, then a nameless group for "Bob (organisers)": Bob was lost. The role stays where a
    # byline keeps it (`Ann Lee & Bob Stone (moderator)` in tests/read/test_bylines.py).
    assert people("Ann & Bob (organisers)") == [("Ann", None, None, None, None, "person"), ("Bob", None, None, None, "organisers", "person")]
    assert people("Ann Lee (moderator)") == [("Ann Lee", None, None, None, "moderator", "person")]
    # A role is a sure sign of people: first names alone then stand as speakers.
    assert parse_speaker_line("Ann & Bob (hosts)").strong


@pytest.mark.parametrize(
    "line",
    [
        "The Climate Corporation", "Intro & General Q&A", "Wells fargo guy", "Heat", "NOC",
        "Like config mgmt, but for infrastructure", "Talks to watch:", "Ceo of metacloud",
        "- Kate Hirschfield", "Need to look up Go Context library.",
    ],
)
def test_prose_and_titles_are_not_speakers(line):
    assert parse_speaker_line(line) is None


def test_single_word_name_only_where_allowed():
    assert parse_speaker_line("Kaktus") is None
    assert people("Kaktus", allow_single_name=True) == [("Kaktus", None, None, None, None, "person")]
    assert parse_speaker_line("Questions", allow_single_name=True) is None  # an ordinary English word


def test_handle_line_and_name_line_are_one_person():
    handle = parse_speaker_line("@HarrisReynolds").speakers
    name = parse_speaker_line("Harris Reynolds, shipt").speakers
    ((line, merged),) = merge_split_speakers([(19, list(handle)), (20, list(name))])
    assert (line, merged.name, merged.handle, merged.affiliation) == (19, "Harris Reynolds", "HarrisReynolds", "shipt")
    unrelated = parse_speaker_line("@reliaquest").speakers
    assert [line for line, _ in merge_split_speakers([(3, list(unrelated)), (4, list(name))])] == [3, 4]

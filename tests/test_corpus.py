"""The author's other notes (../shared/corpus/events), in their other shapes.

Two kinds of assertion:
* facts that hold for any version of these files (the issue states them), and
* the full talk and speaker lists read off the version of each file that these
  expectations were written from; a file with other content (a later edit) is
  checked by the general rules only, and the test says so when it skips.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_notes


@dataclass
class Expected:
    sha: str  # first 16 hex digits of the sha256 of the version read
    title: str
    start: str
    end: str
    talks: list[str]
    speakers: list[tuple[int, str | None, str | None]] = field(default_factory=list)  # (talk order - 1, name, handle)


EXPECTED = {
    "2014/05/openstack.md": Expected(
        "64802b28a836626b", "Openstack Summit", "2014-05-12", "2014-05-15",
        ["Keynotes", "Wells fargo guy", "Disney guy", "Rackspace", "Dell", "Orchestration", "libvirt",
         "Database migrations", "Vagrant Rackspace", "Keynote", "Distros", "Containers", "Getting Started", "CI&D",
         "Devops Tools"],
        # Under `Keynote`, `AT&T guy: Toby Ford` and `SolidFire: Dave Wright` over bullets are the parts of the
        # keynote (segments), and a careful reader may take the names as its speakers. The reader keeps this
        # archive's reading as it was (tests/test_reader_snapshot.py), where such segment titles name no speaker.
        [],
    ),
    "2014/09/docker-panamax.md": Expected(
        "41888ca102ba0518", "Docker Meetup: Panamax", "2014-09-10", "2014-09-10", ["Docker Meetup: Panamax"],
    ),
    "2015/03/bsidesatl.md": Expected(
        "5a7b65db4ba0b482", "Bsides Atlanta", "2015-03-14", "2015-03-14",
        ["Advanced SIEM Optimization", "Operationalizing Threat Intelligence", "Malware Infection Visualized",
         "Buy The Dip", "Online, No One Knows You're Dead", "Hacking 802.15.4", "The Art of Speaking with Muggles"],
        [(0, None, "reliaquest"), (3, None, "dearestleader")],
    ),
    "2015/04/bhambarcamp.md": Expected(
        "6462650a80f9a3fe", "Barcamp Birmingham", "2015-04-18", "2015-04-18",
        ["Machine Learning with Python", "Building a Grocery Delivery Service", "ES6 javascript",
         "Ionic mobile framework", "Dockerize all the things", "Please stop sucking at building stuff",
         "What I learned about project management from running the ADDYs",
         "Balancing Desirability, Feasibility, and Viability"],
        [(0, None, "dartdog"), (1, "Harris Reynolds", "HarrisReynolds"), (2, None, "scurker"),
         (3, None, "Billy_Boozer"), (4, None, "itsmenathan"), (5, None, "mykelalvis"), (6, "Caperton Gillett", None),
         (7, "Will S", None)],
    ),
    "2015/04/devopsatl.md": Expected("b080613a515e19b0", "DevOps Atlanta", "2015-04-12", "2015-04-12", ["ChefConf Recap"]),
    "2015/07/godocker.md": Expected("061d7b8c5dab9a65", "Go/docker meetup", "2015-07-22", "2015-07-22", ["Gophercon"]),
    "2015/07/ux-admin.md": Expected(
        "8e23b51c4ecf2458", "UX of Admin Interfaces", "2015-07-16", "2015-07-16", ["UX of Admin Interfaces"],
    ),
    "2015/11/phreaknic19.md": Expected(
        "4583a4cb6eb08e91", "Phreaknic 19", "2015-11-06", "2015-11-06", ["Powershell", "Sony Hack"],
    ),
    "2015/12/32c3.md": Expected(
        "e3ae6cde1487e1a0", "32nd Chaos Communication Congress", "2015-12-27", "2015-12-30",
        ["General notes", "Opening event", "What is the value of anonymous communication?",
         "Towards reasonably trustworthy x86 laptops", "rad1o++",
         "How the Great Firewall discovers hidden Circumvention Server", "microG Session",
         "Datahavens from HavenCo to today", "State of Internet Censorship", "CloudABI", "Advanced GnuPG",
         "State of GnuPG", "Let's Encrypt", "Perl Jam 2", "Grinding MMORPGs", "Beyond Anti-Evil Maid",
         "Future of Thunderbird", "State of Onion", "Shellphish", "Fuzzing project", "QRistry", "Internet Cube",
         "Building and breaking wireless security", "IPFS", "Breaking Honeypots", "Infrastructure Review", "VOC",
         "GSM", "Silk Road"],
    ),
    "2016/04/devopsdaysatl.md": Expected(
        "2411b0d86eeb76e9", "Devopsdaysatl", "2016-04-27", "2016-04-27",
        ["Opening welcome", "Putting the Service in Microservices", "Enterprise Application as a 12 Factor App",
         "Frameworks for Feedback", "Burnout", "Lunch Questions",
         "Open Space: Database Version Control", "Open Space: Dashboards"],
        [(1, "Jeff Sussna", "jeffsussna"), (2, "Kartik Pandya", None), (3, "Rebecca Miller-Webster", "rmillerwebster"),
         (4, "John Willis", None)],
    ),
    "2016/06/dockercon16.md": Expected(
        "3fc0b69cd16fe18a", "Dockercon 2016", "2016-06-20", "2016-06-20",
        ["General session: Day 1", "Golden Ticket", "Lunch conversation", "Cloning running servers with CRIU",
         "Dockerfile explosion", "Developing an Enterprise Container Management Strategy",
         "Reduce Devops friction with Docker and Jenkins", "Security your software supply chain",
         "General Session: Day 2", "Getting Deep on Orchestration", "Lunch chatter", "Making friendly Microservices",
         "20 Minutes to faking the DevOps Unicorn", "Serverless with Docker", "Sharding Containers",
         "Moby's cool hacks", "Expo"],
        [(1, "Aaron Grattafiori", "dyn__"), (3, "Ross Boucher", "boucher"), (4, "Gareth Rushgrove", "garethr"),
         (5, "Darren Shephard", "ibuildthecloud"), (7, "Ying Li", None), (9, None, "allingeek"),
         (11, "Michele Titolo", None), (12, "Matt Williams", None), (13, "Nirmal Mehta", None),
         (14, "Andrey Sibiryov", None), (15, "Jeff Nickoloff", "allingeek"), (15, "Ben Firshman", "bfirsh")],
    ),
    "2016/07/hope.xi.md": Expected(
        "23fd44a16f7034a6", "Hope XI", "2016-06-22", "2016-06-22",
        ['I "hacked" for China', "Badge notes", "When Vulnerability Disclosure Gets Ugly", "EFF", "The Onion Report",
         "How to start a crypto party", "Pirate Radio in NYC", "Mesh VPN and Service Discovery", "Let's Encrypt",
         "LinkNYC", "Stallman's rant", "Constructing Exocortices with Huginn and Halo", "LimeSDR",
         "Mathmatical Mesh", "Bringing down Cryptowall", "Closing"],
        [(0, "Zimmer Barnes", None), (2, "Sam Bowne", None), (2, "Alex Muentz", None),
         (5, "Comet Crowbar", "paper_waves"), (7, "Spencer Scrum", None)],
    ),
    "2016/12/hack4.md": Expected(
        "b81600106ddda512", "Hack 4", "2016-12-30", "2016-12-30",
        ["Hardware Keylogger", "Freaky Talk", "Exploit Pack", "Desperately Seeking Ashley"],
        [(0, "Kaktus", None), (3, "Finux", None)],
    ),
}


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    return load_notes(corpus_dir, cache=False)


def _file_frames(notes, corpus_dir: Path, relative: str):
    source = str(corpus_dir / relative)
    events = notes.events[notes.events["source"] == source]
    talks = notes.talks[notes.talks["event_id"].isin(events["event_id"])]
    return events, talks


def test_every_file_loads_and_every_line_is_placed(corpus, corpus_dir):
    files = sorted(corpus_dir.rglob("*.md"))
    assert set(corpus.lines["source"]) == {str(f) for f in files}
    for file in files:
        lines = file.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        non_blank = sum(1 for line in lines if line.strip())
        assert (corpus.lines["source"] == str(file)).sum() == non_blank, file
    unparsed = corpus.lines[corpus.lines["role"] == "unparsed"]
    assert len(unparsed) <= 0.01 * len(corpus.lines)
    reported = corpus.problems.dropna(subset=["line"])[["source", "line"]]
    assert unparsed[["source", "line"]].merge(reported).shape[0] == len(unparsed)  # each one is reported


def test_navigation_files_make_no_event(corpus, corpus_dir):
    for index in corpus_dir.rglob("index.md"):
        assert (corpus.events["source"] != str(index)).all()
        messages = corpus.problems.loc[corpus.problems["source"] == str(index), "message"]
        assert messages.str.contains("navigation-only").any(), index
    notes_files = [f for f in corpus_dir.rglob("*.md") if f.name != "index.md"]
    assert len(corpus.events) == len(notes_files)
    assert (corpus.events["n_talks"] > 0).all()


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_talks_and_speakers_read_off_each_file(corpus, corpus_dir, relative):
    path = corpus_dir / relative
    if not path.exists():
        pytest.skip(f"{relative} is not in this corpus")
    expected = EXPECTED[relative]
    if hashlib.sha256(path.read_bytes()).hexdigest()[:16] != expected.sha:
        pytest.skip(f"{relative} differs from the version these expectations were read from")
    events, talks = _file_frames(corpus, corpus_dir, relative)
    (event,) = events.itertuples()
    assert (event.title, event.date_start, event.date_end) == (expected.title, pd.Timestamp(expected.start), pd.Timestamp(expected.end))
    assert talks["title"].tolist() == expected.talks
    speakers = corpus.speakers.merge(talks[["talk_id", "order"]], on="talk_id")
    speakers = speakers[speakers["kind"] == "person"]
    found = [(int(o) - 1, None if pd.isna(n) else n, None if pd.isna(h) else h) for o, n, h in speakers[["order", "name", "handle"]].itertuples(index=False)]
    assert found == expected.speakers


# Facts the issue states about these files; they hold for any version of them.
def _talks_of(corpus, corpus_dir, relative):
    if not (corpus_dir / relative).exists():
        pytest.skip(f"{relative} is not in this corpus")
    return _file_frames(corpus, corpus_dir, relative)


def test_openstack_titled_lists(corpus, corpus_dir):
    events, talks = _talks_of(corpus, corpus_dir, "2014/05/openstack.md")
    assert "Wells fargo guy" in talks["title"].tolist()
    assert (events["date_start"].item(), events["date_end"].item()) == (pd.Timestamp("2014-05-12"), pd.Timestamp("2014-05-15"))


def test_timestamp_and_no_space_dates(corpus, corpus_dir):
    events, _ = _talks_of(corpus, corpus_dir, "2014/09/docker-panamax.md")
    assert events["date_start"].item() == pd.Timestamp("2014-09-10")
    events, _ = _talks_of(corpus, corpus_dir, "2015/07/godocker.md")
    assert events["date_start"].item() == pd.Timestamp("2015-07-22")


def test_saturday_divider_is_not_a_talk(corpus, corpus_dir):
    _, talks = _talks_of(corpus, corpus_dir, "2016/07/hope.xi.md")
    assert "Saturday" not in talks["title"].tolist()
    assert (talks["section"] == "Saturday").any()
    speakers = corpus.speakers[corpus.speakers["talk_id"].isin(talks["talk_id"])]
    assert "https://facebook.com/zimmer.barnes" in speakers["url"].tolist()


def test_harris_reynolds_of_shipt(corpus, corpus_dir):
    _, talks = _talks_of(corpus, corpus_dir, "2015/04/bhambarcamp.md")
    speakers = corpus.speakers[corpus.speakers["talk_id"].isin(talks["talk_id"])].set_index("name")
    assert speakers.loc["Harris Reynolds", "affiliation"] == "shipt"


def test_body_date_lines_date_later_talks(corpus, corpus_dir):
    _, talks = _talks_of(corpus, corpus_dir, "2015/12/32c3.md")
    if "######Mon Dec 28 2015" not in (corpus_dir / "2015/12/32c3.md").read_text(encoding="utf-8"):
        pytest.skip("this version of 32c3.md has no date line in its body")
    assert talks["date"].nunique() > 1
    assert talks["date"].is_monotonic_increasing


def test_every_talk_gets_a_theme_and_few_get_other(corpus):
    with_notes = set(corpus.talks.loc[corpus.talks["n_notes"] > 0, "talk_id"])
    assert with_notes <= set(corpus.themes["talk_id"])
    other = set(corpus.themes.loc[corpus.themes["theme"] == "Other", "talk_id"])
    assert len(other) <= 0.1 * len(with_notes)
    # a talk is either Other or has real themes, never both
    assert not other & set(corpus.themes.loc[corpus.themes["theme"] != "Other", "talk_id"])


def test_products_named_in_titles_theme_their_talks(corpus, corpus_dir):
    _, talks = _talks_of(corpus, corpus_dir, "2016/07/hope.xi.md")
    if "LimeSDR" not in talks["title"].tolist():
        pytest.skip("this version of hope.xi.md has no LimeSDR talk")
    lime = talks.loc[talks["title"] == "LimeSDR", "talk_id"].item()
    assert "Hardware and radio" in corpus.themes.loc[corpus.themes["talk_id"] == lime, "theme"].tolist()

"""What a reader finds in the default notes (DockerCon 2017), asserted on the frames."""
import pandas as pd
import pytest

from analysis import Notes

TALKS = [
    "Keynote Day #1", "Diversity on the Face of Adversity", "What I wish I knew when I was 12", "What's new",
    "LinuxKit", "Everything you thought you knew about orchestration", "What have namespaces done for you today?",
    "OCI Standards panel", "General Session Day #2", "Lightning Unikernels", "It takes a village",
    "From Zero to Docker Hackathon Winner", "Plugins", "From ARM to Z", "Cloud Native Future", "Moby's Cool Hacks",
    "Moby Project Summit", "LinuxKit BoaF", "Organizer Summit", "Play with docker", "Organizer date", "Meetup Tips",
    "Welcoming women to your meetup", "Community Code of Conduct",
]


def talk_id(notes: Notes, title: str) -> int:
    (found,) = notes.talks.loc[notes.talks["title"] == title, "talk_id"]
    return found


def test_event(default_notes):
    (event,) = default_notes.events.itertuples()
    assert event.title == "Dockercon"
    assert event.date_start == event.date_end == pd.Timestamp("2017-04-18")
    assert event.n_talks == 24
    assert event.source.endswith("data/events/2017/04/dockercon17.md")


def test_24_talks_all_dated_on_the_day(default_notes):
    talks = default_notes.talks
    assert talks["title"].tolist() == TALKS
    assert (talks["date"] == pd.Timestamp("2017-04-18")).all()
    assert talks["order"].tolist() == list(range(1, 25))
    assert talks.loc[talks["title"] == "LinuxKit", "line"].item() == 126


def test_linuxkit_speakers_and_segments(default_notes):
    linuxkit = talk_id(default_notes, "LinuxKit")
    speakers = default_notes.speakers[default_notes.speakers["talk_id"] == linuxkit]
    assert speakers["name"].tolist() == ["Justin Cormack", "Nigel Edwards", "Ilya Dmitrichenko", "Dave Freita"]
    assert speakers["handle"].dropna().tolist() == ["errordeveloper"]
    notes = default_notes.notes[default_notes.notes["talk_id"] == linuxkit]
    assert notes["segment"].dropna().unique().tolist() == [
        "LinuxKit", "Linux-oKernel Demo", "Kubernetes Demo", "BlueMix Demo", "Questions",
    ]
    # the speakers' line is followed by a blank, then `LinuxKit` directly over bullets
    assert notes["segment"].value_counts(sort=False).to_dict() == {
        "LinuxKit": 9, "Linux-oKernel Demo": 5, "Kubernetes Demo": 1, "BlueMix Demo": 3, "Questions": 2,
    }


def test_speakers_of_other_talks(default_notes):
    speakers = default_notes.speakers.merge(default_notes.talks[["talk_id", "title"]], on="talk_id")
    by_name = speakers.set_index("name")
    assert by_name.loc["Kate Hirschfield", "handle"] == "K8Hir"
    assert by_name.loc["Finnian Anderson", "url"] == "http://finnian.io/blog"
    assert by_name.loc["Laura Frank", "handle"] == "rhein_wine"
    assert by_name.loc["Marcos Niles", "affiliation"] == "sherloq.io"
    assert by_name.loc["Alex Ellis", "title"] == "Moby's Cool Hacks"
    groups = speakers[speakers["kind"] == "group"]
    assert sorted(groups["raw"]) == ["NYC organizers", "Panel"]
    assert groups["name"].isna().all()
    assert speakers.loc[speakers["title"] == "Keynote Day #1"].empty


def test_commands(default_notes):
    commands = default_notes.commands
    assert {"docker system df", "docker system prune", "docker swarm --detach=false", "cat /proc/self/okernel",
            "docker-compose up"} <= set(commands["command"])
    whats_new = talk_id(default_notes, "What's new")
    assert commands.loc[commands["command"] == "docker system df", "talk_id"].item() == whats_new
    assert set(commands["program"]) >= {"docker", "cat", "ssh", "tail", "make", "docker-compose", "docker-machine"}


def test_links(default_notes):
    links = default_notes.links.set_index("url")
    assert links.loc["https://github.com/linuxkit/linuxkit", "label"] == "LinuxKit"
    assert links.loc["https://github.com/linuxkit/linuxkit", "kind"] == "repo"
    assert links.loc["http://bit.ly/HCMSLGBT", "kind"] == "short link"
    assert links.loc["https://portainer.io", "domain"] == "portainer.io"  # a bare domain got a scheme
    assert "https://fleetreach.co.uk" in links.index


def test_quotes_and_speaker_notes(default_notes):
    quotes = default_notes.quotes["text"].tolist()
    assert quotes[:2] == ["My containers are too big!", "Make it easier to go from desktop to cloud"]
    assert "I literally can't even" in quotes
    notes = default_notes.notes
    speaker_notes = notes[notes["kind"] == "speaker-note"]
    assert speaker_notes["talk_id"].isna().tolist() == [True, False]  # the slides link belongs to the event
    assert speaker_notes["text"].iloc[1] == "The demos are extremely polished and target management as well as engineers"


def test_nesting(default_notes):
    notes = default_notes.notes.set_index("note_id")
    state = notes[notes["text"] == "state"].iloc[0]
    assert notes.loc[state["parent_id"], "text"] == "The big problem is to get many nodes to work like one node"
    assert state["depth"] == 1


def test_every_non_blank_line_is_accounted_for(default_notes, default_notes_path):
    text = default_notes_path.read_text(encoding="utf-8").split("\n")
    non_blank = [n for n, line in enumerate(text, 1) if line.strip()]
    lines = default_notes.lines
    assert lines["line"].tolist() == non_blank
    assert not (lines["role"] == "unparsed").any()
    assert default_notes.problems.empty
    roles = lines.set_index("line")["role"]
    assert (roles[1], roles[2], roles[3], roles[9]) == ("event-title", "underline", "date", "talk-title")


def test_ids_join(default_notes):
    n = default_notes
    assert n.talks["event_id"].isin(n.events["event_id"]).all()
    assert n.notes["talk_id"].dropna().isin(n.talks["talk_id"]).all()
    assert n.notes["parent_id"].dropna().isin(n.notes["note_id"]).all()
    for frame in (n.speakers, n.links, n.commands, n.quotes):
        assert frame["talk_id"].dropna().isin(n.talks["talk_id"]).all()
    assert n.talks.set_index("talk_id")["n_notes"].sum() == n.notes["talk_id"].notna().sum()


def test_explicit_dtypes(default_notes):
    talks = default_notes.talks
    assert str(talks["talk_id"].dtype) == "Int64"
    assert str(talks["title"].dtype) == "string"
    assert str(talks["date"].dtype) == "datetime64[ns]"
    assert str(default_notes.notes["kind"].dtype) == "category"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_round_trip(default_notes, tmp_path, fmt):
    getattr(default_notes, f"to_{fmt}")(tmp_path)
    again = getattr(Notes, f"from_{fmt}")(tmp_path)
    for name in Notes.frame_names():
        pd.testing.assert_frame_equal(getattr(default_notes, name), getattr(again, name), obj=name)

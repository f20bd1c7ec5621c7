"""Product mentions in the default notes against a list written by reading them.

The list was written talk by talk from the notes, not from the lexicon; names are
the lexicon's canonical spellings (Mesos is "Apache Mesos"). Scored on
(talk, product) pairs. Whaleprint, SSHFS and mkisofs are real tools named in the
notes that the lexicon does not know: they count against recall.
"""
import pytest

EXPECTED = {
    "Keynote Day #1": {"Docker", "Docker CE Edge", "Docker Cloud", "Docker Swarm", "Docker for Mac", "Docker for Windows", "SwarmKit",
                       "LinuxKit", "RancherOS", "Hyper-V", "Windows", "Linux", "Moby", "Packer", "InfraKit", "Debian",
                       "Terraform", "etcd", "Google Cloud Platform", "Kubernetes"},
    "Diversity on the Face of Adversity": set(),
    "What I wish I knew when I was 12": {"Docker", "Portainer"},
    "What's new": {"Docker", "Docker Hub", "Docker Swarm", "Docker Compose", "TCP/IP"},
    "LinuxKit": {"LinuxKit", "Rust", "InfraKit", "Terraform", "AWS CloudFormation", "Google Cloud Platform", "KVM",
                 "VMware", "Amazon Web Services", "Microsoft Azure", "ARM", "runc", "containerd", "Docker", "Linux",
                 "Kubernetes", "Moby", "IBM Bluemix", "VirtualBox"},
    "Everything you thought you knew about orchestration": {"Docker Swarm"},
    "What have namespaces done for you today?": set(),
    "OCI Standards panel": {"OCI"},
    "General Session Day #2": {"Docker"},
    "Lightning Unikernels": {"OSv", "Go", "Rumprun", "LKL", "Ruby", "Python", "Ultibo", "Raspberry Pi", "MirageOS"},
    "It takes a village": {"Docker", "SSH"},
    "From Zero to Docker Hackathon Winner": {"Docker", "Whaleprint", "Docker Swarm"},
    "Plugins": {"Docker", "SSHFS", "containerd", "runc", "Go"},
    "From ARM to Z": {"Ubuntu", "ARM", "Go", "Docker"},
    "Cloud Native Future": {"Kubernetes", "Prometheus", "OpenTracing", "containerd", "gRPC", "Docker Swarm", "Nomad",
                            "Apache Mesos", "RabbitMQ"},
    "Moby's Cool Hacks": {"Play with Docker", "Docker Machine", "Docker UCP", "Docker Swarm"},
    "Moby Project Summit": {"containerd", "Docker", "Moby", "Docker Hub", "Go", "OCaml", "Rust", "gRPC", "SwarmKit",
                            "CNM", "Notary", "InfraKit", "Terraform", "Kubernetes", "Infinit", "MirageOS",
                            "WebAssembly", "DHCP", "NTP", "Git", "HTTP"},
    "LinuxKit BoaF": {"LinuxKit", "Moby", "Docker", "Go", "mkisofs"},
    "Organizer Summit": {"Docker", "Docker Cloud"},
    "Play with docker": {"Jekyll", "GitHub", "Docker Compose"},
    "Organizer date": set(),
    "Meetup Tips": {"Google Forms"},
    "Welcoming women to your meetup": set(),
    "Community Code of Conduct": set(),
}
NOT_PRODUCTS = {"quorum", "state", "diversity", "raft", "scheduling", "pipeline", "namespaces"}


@pytest.fixture(scope="module")
def found(default_notes):
    pairs = default_notes.mentions.merge(default_notes.talks[["talk_id", "title"]], on="talk_id")
    return {(title, product) for title, product in pairs[["title", "product"]].itertuples(index=False)}


def test_the_list_covers_every_talk(default_notes):
    assert set(EXPECTED) == set(default_notes.talks["title"])


def test_precision_and_recall_at_least_0_9(found):
    expected = {(title, product) for title, products in EXPECTED.items() for product in products}
    true_positives = found & expected
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(expected)
    assert precision >= 0.9, sorted(found - expected)
    assert recall >= 0.9, sorted(expected - found)


def test_named_products_are_found(found):
    products = {product for _, product in found}
    for name in ("LinuxKit", "SwarmKit", "containerd", "runc", "Kubernetes", "InfraKit", "Terraform", "MirageOS",
                 "Prometheus", "OpenTracing", "Notary", "gRPC"):
        assert name in products, name


def test_ordinary_words_are_not_products(default_notes):
    matched = set(default_notes.mentions["matched"].str.lower())
    products = set(default_notes.mentions["product"].str.lower())
    assert not (NOT_PRODUCTS & (matched | products))


def test_longest_match_and_slash_shorthand(default_notes):
    keynote = default_notes.talks.loc[default_notes.talks["title"] == "Keynote Day #1", "talk_id"].item()
    mentions = default_notes.mentions[default_notes.mentions["talk_id"] == keynote]
    note = default_notes.notes.set_index("note_id").loc[
        lambda frame: frame["text"].str.startswith("Can do with Docker Cloud")
    ].index.item()
    in_note = mentions[mentions["note_id"] == note]
    # "Docker Cloud, Docker Swarm, and Docker For Mac/Windows": four products, no bare Docker
    assert in_note["product"].tolist() == ["Docker Cloud", "Docker Swarm", "Docker for Mac", "Docker for Windows"]


def test_segment_titles_count(default_notes):
    summit = default_notes.talks.loc[default_notes.talks["title"] == "Moby Project Summit", "talk_id"].item()
    products = set(default_notes.mentions.loc[default_notes.mentions["talk_id"] == summit, "product"])
    assert {"InfraKit", "Infinit", "SwarmKit", "Notary", "MirageOS"} <= products  # each a segment title there


def test_unknown_names_show_up_as_candidates(default_notes):
    terms = set(default_notes.candidates["term"])
    assert {"RedisOS", "Googwin", "fleetreach.co.uk"} <= terms
    assert not {"Docker", "Swarm", "Kubernetes"} & terms


def test_every_talk_with_notes_has_a_theme(default_notes):
    with_notes = set(default_notes.talks.loc[default_notes.talks["n_notes"] > 0, "talk_id"])
    assert with_notes == set(default_notes.themes["talk_id"])
    assert "Orchestration and scheduling" in default_notes.themes.merge(default_notes.talks, on="talk_id").loc[
        lambda t: t["title"] == "Everything you thought you knew about orchestration", "theme"].tolist()

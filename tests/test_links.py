import pytest

from analysis.read.inline import as_command, as_quote, block_commands
from analysis.read.links import find_links


def links(text):
    return [(l.url, l.domain, l.label, l.kind) for l in find_links(text)]


def test_markdown_links_and_bare_urls():
    assert links("Live release of [LinuxKit](https://github.com/linuxkit/linuxkit)") == [
        ("https://github.com/linuxkit/linuxkit", "github.com", "LinuxKit", "repo")
    ]
    assert links("Raft demo, http://demo.consensus.group https://github.com/ongardie/raftscope") == [
        ("http://demo.consensus.group", "demo.consensus.group", None, "other"),
        ("https://github.com/ongardie/raftscope", "github.com", None, "repo"),
    ]
    assert links("see (https://example.com/a).")[0][0] == "https://example.com/a"


def test_bare_domains_get_a_scheme_and_file_names_do_not():
    assert links("using portainer.io") == [("https://portainer.io", "portainer.io", None, "other")]
    assert links("fleetreach.co.uk")[0][0] == "https://fleetreach.co.uk"
    assert links("bit.ly/ChefConf2015Vids") == [("https://bit.ly/ChefConf2015Vids", "bit.ly", None, "short link")]
    assert links("Superuser.openstack.com")[0][1] == "superuser.openstack.com"
    for text in ("node.js and config.json", "runs make.sh and setup.py", "docker.volumedriver/1.0", "micit.com8", "version 17.03"):
        assert links(text) == [], text


def test_html_anchors_emails_and_unsafe_schemes():
    assert links('<a href="slides.html?events/2017/04/dockercon17.md#!">View this as slides</a>') == [
        ("slides.html?events/2017/04/dockercon17.md#!", None, "View this as slides", "relative")
    ]
    assert links("gettor@torproject.org") == [("mailto:gettor@torproject.org", "torproject.org", None, "email")]
    assert links("[x](javascript:alert)") == [("javascript:alert", None, "x", "unsafe")]


@pytest.mark.parametrize(
    "url, kind",
    [
        ("https://twitter.com/rupakg", "social"),
        ("https://speakerdeck.com/rupakg/atl", "slides"),
        ("https://www.youtube.com/watch?v=G2G9rguzJrg", "video"),
        ("http://martinfowler.com/articles/serverless.html", "docs"),
    ],
)
def test_link_kinds(url, kind):
    assert links(url)[0][3] == kind


def test_commands_from_code():
    assert as_command("docker system df") == ("docker system df", "docker")
    assert as_command("sudo docker ps") == ("sudo docker ps", "docker")
    assert as_command("$ gpg2 --card-status") == ("gpg2 --card-status", "gpg2")
    for code in ("docker", "let", "return new Promise", "FROM ubuntu"):
        assert as_command(code) is None, code
    block = ["# still needs fleet and etcd", "docker run --name PMX_API -d x", "", "docker run \\", "  -p 3000:3000 y"]
    assert block_commands(block, "") == [("docker run --name PMX_API -d x", "docker"), ("docker run -p 3000:3000 y", "docker")]
    assert block_commands(["print('hi')"], "python") == []


def test_quotes():
    assert as_quote('"My containers are too big!"', True) == ("My containers are too big!", None)
    assert as_quote('"I hear you saying..." -- Rebecca', False) == ("I hear you saying...", "Rebecca")
    assert as_quote("Antidotes are small batch artisanal data -- @pikelet", False) is None

"""Build a notes archive of a given size by repeating real notes.

The archive repeats the corpus (../shared/corpus/events) and the default notes;
where ../shared is absent it generates notes of the same shapes instead, so the
benchmark still runs (and says which it used).
"""
from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from analysis.config import DEFAULT_NOTES, PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "events"
if not CORPUS.is_dir() and os.environ.get("CONFNOTES_CORPUS"):  # the same override as the tests'
    CORPUS = Path(os.environ["CONFNOTES_CORPUS"])


def seed_files(corpus: Path | None = None) -> tuple[list[tuple[str, bytes]], str]:
    """(name, bytes) of the notes to repeat, and where they came from.

    Navigation-only index.md files hold no notes, so they are left out.
    """
    corpus = corpus if corpus is not None else CORPUS
    seeds = [("dockercon17.md", DEFAULT_NOTES.read_bytes())]
    if corpus.is_dir():
        seeds += [(p.relative_to(corpus).as_posix().replace("/", "-"), p.read_bytes()) for p in sorted(corpus.rglob("*.md")) if p.name != "index.md"]
        return seeds, f"the corpus ({corpus}) and the default notes"
    return seeds + generated_notes(12), "generated notes (../shared/corpus absent) and the default notes"


def build_archive(destination: Path, n_files: int, corpus: Path | None = None) -> tuple[Path, int, str]:
    """Write `n_files` notes files under `destination`; returns (folder, bytes, origin)."""
    if destination.exists():
        shutil.rmtree(destination)
    seeds, origin = seed_files(corpus)
    total = 0
    for index in range(n_files):
        name, data = seeds[index % len(seeds)]
        folder = destination / f"{2000 + index // 120}" / f"{index % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index:05d}-{name}").write_bytes(data)
        total += len(data)
    return destination, total, origin


def generated_notes(count: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """Notes in the shapes of the real ones: setext talks, titled lists, dates, speakers, code."""
    rng = random.Random(seed)
    words = ("docker swarm kubernetes containerd runc tor gnupg terraform aws raft quorum scheduling security "
             "privacy build images network storage community meetup demo notary prometheus linux kernel").split()
    files = []
    for number in range(count):
        lines = [f"Event {number}", "-" * 12, f"######Tue Apr {number % 27 + 1} 2017", ""]
        for talk in range(rng.randint(5, 25)):
            if number % 3 == 0:
                lines += [f"Talk {talk} about {rng.choice(words)}", "-" * 20, f"Ada Lovelace @ada{talk}, Bob Smith", ""]
            else:
                lines += ["", f"Talk {talk} on {rng.choice(words)}"]
            for _ in range(rng.randint(3, 15)):
                sentence = " ".join(rng.choice(words) for _ in range(rng.randint(3, 10)))
                lines.append(f"- {sentence}")
                if rng.random() < 0.3:
                    lines.append(f"  - `docker {rng.choice(words)} ls` see github.com/x/{rng.choice(words)}")
        files.append((f"generated-{number}.md", ("\n".join(lines) + "\n").encode()))
    return files

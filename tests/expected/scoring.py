"""Score what the reader made of a notes file against what a careful reader wrote down.

Talks match on their titles compared without case, markup, outline markers,
times or speaker parts (the expectations hold bare titles); speakers match on
(talk, name) or, for a handle-only speaker, (talk, @handle). Used by the corpus
tests and printed by `python -m tests.expected.scoring` for a quick look.
"""
from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

EXPECTED = Path(__file__).with_name("authors.toml")


def expected_files() -> dict[str, dict]:
    return tomllib.loads(EXPECTED.read_text("utf-8"))


def norm(text) -> str:
    """Text compared without case, markup or spacing; anything that is not text (None, <NA>) is ""."""
    text = unicodedata.normalize("NFKC", text if isinstance(text, str) else "").casefold()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(re.sub(r"[*_`\[\]()]", " ", text).split())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, got: set, want: set) -> None:
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp + self.fp + self.fn else 1.0


def talk_set(titles) -> set[str]:
    return {norm(t) for t in titles}


def speaker_set(pairs) -> set[tuple[str, str]]:
    """(talk title, name or @handle) pairs."""
    out = set()
    for title, name, handle in pairs:
        who = norm(name) if name else f"@{norm(handle)}" if handle else ""
        if who:
            out.add((norm(title), who))
    return out


def read_file(notes) -> tuple[set, set]:
    talks = notes.talks
    names = dict(zip(talks["talk_id"], talks["title"]))
    speakers = notes.speakers
    pairs = [(names[t], n if isinstance(n, str) else None, h if isinstance(h, str) else None)
             for t, n, h in zip(speakers["talk_id"], speakers["name"], speakers["handle"]) if t in names]
    return talk_set(talks["title"]), speaker_set(pairs)


def expected_sets(entry: dict) -> tuple[set, set]:
    talks = entry.get("talks", [])
    pairs = [(t["title"], s.get("name") or None, s.get("handle") or None) for t in talks for s in t.get("speakers", [])]
    return talk_set(t["title"] for t in talks), speaker_set(pairs)


def main(corpus: Path) -> None:
    from analysis import load_notes

    talks_total, speakers_total = Score(), Score()
    for relative, entry in expected_files().items():
        path = corpus / relative
        notes = load_notes(path, cache=False, enrich=False)
        got_talks, got_speakers = read_file(notes)
        want_talks, want_speakers = expected_sets(entry)
        talk_score, speaker_score = Score(), Score()
        talk_score.add(got_talks, want_talks)
        speaker_score.add(got_speakers, want_speakers)
        talks_total.add(got_talks, want_talks)
        speakers_total.add(got_speakers, want_speakers)
        print(f"{talk_score.f1:5.2f} {speaker_score.f1:5.2f}  {relative[:80]}")
        for missing in sorted(want_talks - got_talks):
            print(f"        missing talk: {missing}")
        for extra in sorted(got_talks - want_talks):
            print(f"        extra talk:   {extra}")
        for missing in sorted(want_speakers - got_speakers):
            print(f"        missing speaker: {missing}")
        for extra in sorted(got_speakers - want_speakers):
            print(f"        extra speaker:   {extra}")
    print(f"talk F1 {talks_total.f1:.3f}  speaker F1 {speakers_total.f1:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "corpus" / "authors")

"""What a notes file's path says: the event (its folder), a date, a day number.

`2012-04-23/3-machine-learning.markdown` is dated 23 April 2012;
`2018-10-25-react-conf.md` too; `day-2.md` and `Day1.md` are day 2 and day 1;
`djangocon-us/channels.md` belongs to the event "djangocon us". Folder names that
say nothing about an event (`talks`, `notes`, `src`, a year) are skipped, and a
`owner__repo` folder (how a clone of someone's repository is often kept) gives
its repository part.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import PurePath

_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_DAY = re.compile(r"(?:^|[^a-z])day[\s_-]*0?(\d{1,2})(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_WORDS = re.compile(r"[a-z0-9]+")
# Folder names that never name an event.
GENERIC_FOLDERS = frozenset({
    "talks", "talk", "notes", "note", "src", "public", "docs", "doc", "content", "contents", "posts", "_posts",
    "sessions", "session", "days", "md", "markdown", "pages", "source", "sources", "data", "events", "event",
    "conferences", "conference", "conference-notes", "conference_notes", "conference notes", "meetups",
    "files", "archive", "www", "site", "blog", "writing", "my-notes", "raw", "text", "slides",
    "tmp", "temp", "home", "users", "desktop", "downloads", "documents", "root", "work", "conf", "confs",
    "inbox", "drafts", "journal", "journals", "pages", "vault", "logseq", "obsidian", "wiki",
})
MAX_FOLDERS_UP = 4


@dataclass(frozen=True, slots=True)
class PathFacts:
    event: str | None  # from the nearest folder that names an event
    folder: str | None  # that folder's path: files whose event came from it share one event
    date: date | None
    day: int | None
    date_only_name: bool = False  # the file is named by a date alone (`2022-06-17.md`)


@lru_cache(maxsize=64)
def folder_and_stem(source: str) -> tuple[str, str]:
    """str(PurePath(source).parent) and PurePath(source).stem. The reader asks it four times per
    file, and each PurePath costs a few microseconds to parse (2% of the parse of 750 files)."""
    path = PurePath(source)
    return str(path.parent), path.stem


def path_facts(source: str, root: str | None = None) -> PathFacts:
    """What the path says. `root`: the folder the user loaded; no folder above it names the event."""
    parent, stem = folder_and_stem(source)
    day_match = _DAY.search(stem)
    found_date = _date_in(stem)
    event, folder, folder_date, folder_day = _folder_facts(parent, root)
    return PathFacts(event, folder, found_date or folder_date, int(day_match.group(1)) if day_match else folder_day,
                     date_only_name=found_date is not None and not re.search(r"[^\W\d_]", _ISO.sub("", stem)))


@lru_cache(maxsize=4096)  # the files of a folder share its facts
def _folder_facts(parent_path: str, root: str | None) -> tuple[str | None, str | None, date | None, int | None]:
    found_date = day_match = None
    event = folder = None
    parent = PurePath(parent_path)
    top = PurePath(root) if root else None
    for _ in range(MAX_FOLDERS_UP):
        name = parent.name
        if not name or (top is not None and parent != top and top not in parent.parents):
            break
        if found_date is None:
            found_date = _date_in(name)
        if day_match is None:
            day_match = _DAY.fullmatch(name) or None
        cleaned = event_name(name)
        if cleaned:
            event, folder = cleaned, str(parent)
            break
        if "__" in name.strip("_"):
            break  # the top of someone's notes repository (`owner__repo`): nothing above names the event
        parent = parent.parent
    return event, folder, found_date, int(day_match.group(1)) if day_match else None


def event_name(folder: str) -> str | None:
    """A folder's name as an event title, or None when it names no event."""
    name = folder.split("__", 1)[1] if "__" in folder.strip("_") else folder
    if name.lower() in GENERIC_FOLDERS or name.isdigit() or _ISO.fullmatch(name) or _DAY.fullmatch(name):
        return None
    words = re.sub(r"[-_]+", " ", name).split()
    while words and words[-1].lower() in ("notes", "note"):
        words.pop()
    if len(words) >= 2 and words[-2].lower() in ("notes", "note") and _YEAR.fullmatch(words[-1]):
        words.pop(-2)  # `railsconf-notes-2012` -> `railsconf 2012`
    text = " ".join(words)
    if not text or text.lower() in GENERIC_FOLDERS:
        return None
    return text


def file_title(stem: str) -> str:
    """A file name as a talk title: `day-1-keynote` -> `Day 1 Keynote`, a leading date or number dropped."""
    text = _ISO.sub(" ", stem)
    text = re.sub(r"^\s*(?:19|20)\d{2}[-_]\d{1,2}[-_]+(?=\D)", "", text)  # `2025-3-smashing-...`
    text = re.sub(r"^\s*[-_ ]*\d{1,3}[-_ ]+(?=\D)", "", text)
    words = re.sub(r"[-_]+", " ", text).split()
    if not words:
        return stem
    title = " ".join(words)
    # An all-lowercase name reads as a sentence (`Day 1 keynote`); other names keep their case.
    return title[:1].upper() + title[1:] if title.islower() or title[:1].isdigit() and title.lower() == title else title


def slug_words(stem: str) -> list[str]:
    """Words of a file name of four letters or more, lower-cased."""
    return [w for w in _WORDS.findall(stem.lower()) if len(w) >= 4]


def _date_in(name: str) -> date | None:
    match = _ISO.search(name)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None

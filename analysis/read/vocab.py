"""The reader's closed vocabularies, shared with the frames' category dtypes.

Each is a `StrEnum`: the reader writes its members, and `frames.SCHEMA` builds the
category of each column from the same enum, so a new member can never turn into
NaN on its way into a frame.
"""
from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class NoteKind(StrEnum):
    BULLET = "bullet"
    NUMBERED = "numbered"
    QUOTE = "quote"
    TEXT = "text"
    CODE = "code"
    SPEAKER_NOTE = "speaker-note"


class TalkShape(StrEnum):
    """How one talk was found."""

    HEADING = "heading"
    TITLED_LIST = "titled-list"
    WHOLE_FILE = "whole-file"
    LIST_ITEM = "list-item"
    LABEL_LINE = "label-line"  # a `Talk: Title` line over a `Who:` field
    TABLE_ROW = "table-row"  # a talk on a schedule table the notes have no section for


class TalkKind(StrEnum):
    TALK = "talk"
    KEYNOTE = "keynote"
    PANEL = "panel"
    LIGHTNING = "lightning"
    WORKSHOP = "workshop"


class Layout(StrEnum):
    """Which talk-shape rule won for a whole file (the `layouts` frame)."""

    HEADING_LEVEL = "heading-level"  # talks are the headings of one level (+ titled lists)
    TITLED_LISTS = "titled-lists"  # no body headings: short lines over their lists are talks
    ONE_TALK = "one-talk"  # the file is one talk: its first heading
    WHOLE_FILE = "whole-file"  # the file is one talk with no title heading
    LIST_ITEMS = "list-items"  # talks are top-level list items over their notes
    LABEL_LINES = "label-lines"  # no talk headings: `Talk: Title` lines over speaker fields start the talks
    NO_NOTES = "no-notes"  # empty, navigation-only or title-only: nothing to read


class EventOrigin(StrEnum):
    """Where an event's title came from."""

    FRONT_MATTER = "front-matter"
    HEADING = "heading"
    FOLDER = "folder"
    FILE_NAME = "file-name"


class SpeakerKind(StrEnum):
    PERSON = "person"
    GROUP = "group"


class LineRole(StrEnum):
    EVENT_TITLE = "event-title"
    EVENT_SUBTITLE = "event-subtitle"
    UNDERLINE = "underline"
    DATE = "date"
    DIVIDER = "divider"
    TALK_TITLE = "talk-title"
    SEGMENT_TITLE = "segment-title"
    SPEAKER = "speaker"
    SUBTITLE = "subtitle"
    NOTE = "note"
    QUOTE = "quote"
    SPEAKER_NOTE = "speaker-note"
    CODE_FENCE = "code-fence"
    CODE = "code"
    EMPTY_ITEM = "empty-item"
    RULE = "rule"
    COMMENT = "comment"
    FRONT_MATTER = "front-matter"
    NAVIGATION = "navigation"
    TABLE = "table"
    UNPARSED = "unparsed"

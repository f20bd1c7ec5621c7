"""The lines under a talk's title that name its speakers, as the walk meets them.

A mixin of `walk._Walker`: each method reads one kind of speaker line (a plain
speaker line, a bold byline, a `Speaker:` field or a `Panelists:` list, a
by-phrase, a person's page, a heading right under the title, `org::`) and adds
what it finds to the talk's pending speakers; `finish_speakers` writes them as
rows when the talk ends, one row per person.
"""
from __future__ import annotations

import re
from dataclasses import replace

from . import lines as L
from .bylines import (by_phrase, field_label, front_matter_speakers, has_first_name, name_from_person_page,
                      organisations_after_names, parse_byline, speaker_field, strip_markup)
from .dates import parse_date_line
from .label_lines import label_speakers
from .outline import Heading, bold_text, italic
from .records import Speaker
from .shape_words import is_segment
from .speakers import ParsedSpeaker, merge_split_speakers, parse_speaker_line, speaker_rules
from .titles import KIND_WORDS, product_names, read_title
from .vocab import LineRole, NoteKind, Severity, TalkKind

_BYLINE_FIRST = re.compile(r"\(|\b(?:dr|prof|mr|mrs|ms)\.?\s", re.IGNORECASE)
_AFFILIATION_FIELD = re.compile(r"[*_]*(?:org|company|affiliation|organi[sz]ation|employer|works at)[*_]*\s*::?[*_]*\s*(\S.*)",
                                re.IGNORECASE)
_STARTS_WITH_BY = re.compile(r"[*_\s]*(?:presented\s+)?(?:by|par|por)\s", re.IGNORECASE)
_MARKUP = re.compile(r"(?<![\w@])[*_](?=\S)|\]\(")


def only_a_name(text: str) -> bool:
    """`Emily Robinson`: one person's name and nothing else."""
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False  # cheap test first: most titles are no name
    speakers = parse_byline(text)
    return (bool(speakers) and len(speakers) == 1 and speakers[0].name == text.strip()
            and speakers[0].affiliation is None and has_first_name(speakers[0]))


SEPARATE_SPEAKER_LINES = 3  # speaker lines more lines apart than this, with notes between, are in separate places


class SpeakerLines:
    """Speaker lines under a talk title (mixed into the walk, whose state they use)."""

    def front_matter_speakers(self) -> None:
        """`speaker:` / `speakers:` in the front matter of a one-talk file name its speakers."""
        front = self.outline.front_matter
        value = front.get("speakers") or front.get("speaker") or front.get("presenter") or front.get("presenters")
        if value:
            self.pending_speakers = front_matter_speakers(value)

    def titled_by_subheading(self, index: int, heading: Heading) -> bool:
        """`## Keynote` or `## Emily Robinson` directly over `### funneljoin()`: the sub-heading is the title."""
        talk = self.talk
        parts = read_title(heading.text, product_names(), self.settings.get("speaker_separator"))
        if is_segment(parts.title) or parse_byline(parts.title):
            return False
        self.roles[index] = LineRole.TALK_TITLE
        name = talk.title
        talk.title, talk.heading = parts.title, f"{talk.heading} / {heading.text}"
        if parts.kind != TalkKind.TALK:
            talk.kind = parts.kind
        if talk.kind == TalkKind.TALK or name.lower() not in KIND_WORDS:  # the heading above was a name
            speakers = parse_byline(name)
            if speakers:
                self.preamble_speakers.append((talk.line, speakers))
        self.preamble_speakers.extend((self.lines[index].number, [s]) for s in parts.speakers)
        self.placeholder = None
        return True

    def byline_heading(self, index: int, heading: Heading) -> bool:
        """A heading right under the talk title that names its speakers (`## Andrew Godwin, Eventbrite`)."""
        if self.talk is None or heading.level <= 0:
            return False
        field = speaker_field(heading.text)
        speakers = field or parse_byline(heading.text)
        if not speakers:
            return False
        number = self.lines[index].number
        following = self.outline.next_content(index)
        self.date_from_byline(heading.text)
        if field or following is None or following in self.heading_roles:  # only a byline
            self.roles[index] = LineRole.SPEAKER
            self.preamble_speakers.append((number, speakers))
            return True
        # Notes follow: a section of the talk named after its speaker (`### Jeff Nickoloff @allingeek`).
        # Its speakers are the byline's, read as the same text on a plain line is: the segment's own
        # speaker-line reading would split `Jane Doe (@janedoe_go), Uber` into two people.
        self.roles[index] = LineRole.SEGMENT_TITLE
        self.start_segment(heading.text, number, read_speakers=False)
        self.preamble_speakers.append((number, speakers))
        return True

    def date_from_byline(self, text: str) -> None:
        """`Kitt Hodsden - @kitt - 5 June 2014 10:00`: the date beside a speaker dates the talk."""
        for chunk in re.split(r"\s+[-\u2013\u2014|]\s+|,\s*", text):
            span = parse_date_line(chunk)
            if span is not None and span.usable and self.talk is not None and self.talk.date is None:
                self.talk.date = span.start

    def field_item(self, index: int, line: L.Line) -> bool:
        """`- Rafael Oliveira, Nubank` under `Panelists:`: one speaker each."""
        speakers = parse_byline(line.text, lenient=True)
        if not speakers or self.talk is None:
            self.field_list = None
            return False
        self.roles[index] = LineRole.SPEAKER
        self.preamble_speakers.append((line.number, speakers))
        return True

    def speaker_field_line(self, index: int, text: str) -> bool:
        """`- Speaker: [Eric Ponto](url), role at Company`, `**Panelists:** A (X), B (Y)`: speakers of the talk.

        The line stays a note too (it is what the author wrote), with the speakers read from it.
        """
        if self.talk is None or ":" not in text:
            return False
        speakers = speaker_field(text)
        if not speakers:
            return False
        self.preamble_speakers.append((self.lines[index].number, speakers))
        if self.talk.kind == TalkKind.TALK and (field_label(text) or "").startswith(("moderat", "panel")):
            self.talk.kind = TalkKind.PANEL  # a moderator and panelists make a panel
        if self.preamble:
            self.roles[index] = LineRole.SPEAKER
            return True
        return False

    def byline(self, index: int, text: str) -> bool:
        """A wholly bold byline (`**Mark Gustavson, AstraZeneca**`), a `Speaker:` field or a
        person's page (`https://craft-conf.com/speaker/FrankWang`) under a talk title."""
        number = self.lines[index].number
        bold = bold_text(text)
        if bold is not None or speaker_field(text) is not None:
            speakers = speaker_field(bold or text) or (parse_byline(bold) if bold else None)
            if speakers:
                self.roles[index] = LineRole.SPEAKER
                self.preamble_speakers.append((number, speakers))
                return True
            return False
        person = name_from_person_page(text)
        if person is not None:
            self.roles[index] = LineRole.SPEAKER
            self.preamble_speakers.append((number, [ParsedSpeaker(person, url=text.strip("<>"), raw=text)]))
            return True
        speakers = by_phrase(text)  # `By Tomás Ferreira`, `*by Dana Whitaker*`, `Talk by Helena Brooks (Monzo). ...`
        if speakers:
            self.roles[index] = LineRole.SPEAKER if _STARTS_WITH_BY.match(text) else LineRole.NOTE
            if self.roles[index] == LineRole.NOTE:  # a sentence that names the speakers stays a note too
                self.add_note(NoteKind.TEXT, text, number, parent=None, depth=0)
            self.preamble_speakers.append((number, speakers))
            return True
        if _MARKUP.search(text):  # `*Grace Adeyemi*`, `**Name** (Company)`, `[Name](https://x.com/handle), IBM`
            speakers = parse_byline(text)
            if speakers and all(s.name or s.handle for s in speakers):
                self.roles[index] = LineRole.SPEAKER
                self.preamble_speakers.append((number, speakers))
                return True
        return False

    def label_field(self, index: int, text: str) -> bool:
        """`Who: Charity Majors, Honeycomb` under a `Talk:` label line: the talk's speakers.
        (Read before the bylines: `**Who:** Name` is no wholly bold byline.)"""
        speakers = label_speakers(text)
        if not speakers:
            return False
        self.roles[index] = LineRole.SPEAKER
        self.preamble_speakers.append((self.lines[index].number, speakers))
        return True

    def affiliation_field(self, index: int, text: str) -> bool:
        """`org:: [[Red Hat]]`, `Company: Figma` under a speaker: where the last speaker works."""
        match = _AFFILIATION_FIELD.fullmatch(text)
        if match is None:
            return False
        number, speakers = self.preamble_speakers[-1]
        affiliation = strip_markup(match.group(1))[0]
        if speakers and speakers[-1].affiliation is None and affiliation:
            speakers = [*speakers[:-1], replace(speakers[-1], affiliation=affiliation)]
            self.preamble_speakers[-1] = (number, speakers)
        self.roles[index] = LineRole.SPEAKER
        return True

    def preamble_speaker(self, index, text, paragraph_start, followed_by_list, following) -> bool:
        """Handle `text` as a speaker line if it is one; True when it was."""
        number = self.lines[index].number
        standalone = paragraph_start and (following is None or following.kind == L.BLANK)
        # `Name (Company)`, `Dr. Name`: the byline rules keep the company and drop the title.
        byline = parse_byline(text) if standalone else None
        parsed = None if byline and _BYLINE_FIRST.search(text) else parse_speaker_line(text, allow_single_name=standalone)
        if parsed is None:
            # `Femke de Vries (bol.com)`, `Kofi Mensah, Zalando & Ruth Abebe, Thoughtworks`: a byline
            # the plain speaker-line rule does not read, on a line of its own under the title.
            speakers = byline or (parse_byline(text) if paragraph_start and followed_by_list else None)
            if not speakers or not all(s.name or s.handle for s in speakers):
                return False
            self.roles[index] = LineRole.SPEAKER
            self.preamble_speakers.append((number, speakers))
            return True
        if followed_by_list and self.preamble_speakers and not parsed.strong:
            return False  # a plain name-like line after the speakers introduces a segment
        in_speaker_paragraph = following is None or following.kind in (L.BLANK, L.ITEM, L.NOTE) or (
            following.kind == L.TEXT and (parse_speaker_line(following.text) is not None or italic(following.text))
        )
        if not in_speaker_paragraph:
            return False
        self.roles[index] = LineRole.SPEAKER
        self.preamble_speakers.append((number, organisations_after_names(list(parsed.speakers))))
        return True

    def doubt_second_name(self, merged: list[tuple[int, ParsedSpeaker]]) -> None:
        """`Brad Frost, Big Medium`: two "people" of one byline, the second with no given name the
        reader knows and nothing (handle, link, company) to say it is a person, may be one person
        and where they work. Both are kept, with a warning: the reader cannot tell."""
        if len(merged) != 2:
            return
        (number, first), (_, second) = merged
        if (first.raw != second.raw or not first.name or not second.name or first.affiliation or second.affiliation
                or second.kind != "person" or " " not in second.name or not has_first_name(first) or has_first_name(second)
                or second.name.split()[0].lower() not in speaker_rules().common_words  # `Lucía Martín Gómez` is a name
                or not re.search(r",\s*" + re.escape(second.name) + r"\W*$", first.raw)):
            return
        self.problem(number, Severity.WARNING, f"speaker: {second.name!r} after {first.name!r} may be where "
                     "they work, not a second speaker")

    def doubt_one_talk(self, merged: list[tuple[int, ParsedSpeaker]]) -> None:
        """Speaker lines in three or more places of one talk, notes between them (`Speaker: A`, notes,
        `Speaker: B`, notes, `Speaker: C`): the talk may be several talks the shape rules did not see."""
        places, last = 0, None
        for number, _ in merged:
            if last is None or number - last > SEPARATE_SPEAKER_LINES:
                places += 1
            last = number
        if places >= 3:
            self.problem(merged[0][0], Severity.WARNING, f"shape: talk {self.talk.title!r} names speakers in {places} "
                         "places apart; it may be several talks: run `python -m analysis explain` on this file to check")

    def finish_speakers(self) -> None:
        if self.talk is not None:
            people: dict[str, Speaker] = {}  # the same person named twice (title and byline) is one row
            merged = merge_split_speakers(self.preamble_speakers)
            self.doubt_second_name(merged)
            self.doubt_one_talk(merged)
            for number, speaker in merged:
                key = (speaker.name or f"@{speaker.handle}" if speaker.name or speaker.handle else None)
                known = people.get(key.casefold()) if key else None
                if known is not None:
                    for field in ("handle", "email", "url", "affiliation"):
                        if getattr(known, field) is None:
                            setattr(known, field, getattr(speaker, field))
                    continue
                row = Speaker(
                    talk_id=self.talk.talk_id, name=speaker.name, handle=speaker.handle, email=speaker.email,
                    url=speaker.url, affiliation=speaker.affiliation, raw=speaker.raw, kind=speaker.kind, line=number,
                )
                self.out.speakers.append(row)
                if key:
                    people[key.casefold()] = row
        self.preamble_speakers = []

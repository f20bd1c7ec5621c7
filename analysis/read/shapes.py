"""Pass 2: where do the talks start? Talk-shape rules propose, a score decides.

Each rule in `SHAPE_RULES` is a small function that looks at the outline and
proposes zero or more layouts of the file, each with a score and the reasons for
it. The score comes from what a human reader uses:

* talks hold notes;
* a speaker line, a `Speaker:` field, a byline heading or a `- Speaker` in the
  title follows a talk title;
* "Day 1", weekdays, "Presentations", "Lunch" are dividers; "Q&A", "Resources",
  "Summary", "Part 2", questions and lines ending in `:` are parts of a talk;
* a title followed by a date line names an event;
* a file named after its first heading is that talk.

The best proposal wins; `explain` shows the runner-up. Everything here is linear
in the lines of the file: features are computed once per heading, and each rule
walks the headings once.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from . import lines as L
from .features import Features, Scene, title_like
from .label_lines import label_talk_starts, labelled
from .outline import BOLD_LEVEL, HeadingStyle, Outline, italic
from .paths import folder_and_stem, slug_words
from .shape_words import DAY_NUMBER, WEEKDAY, is_break, shape_words
from .speakers import parse_speaker_line
from .vocab import Layout



CLOSE_CALL = 0.75  # a winner this close to the runner-up is reported as a warning

# Weights of the evidence (see module docstring). One place, so `explain` and the
# tests read the same numbers.
HAS_NOTES = 1.0
HAS_SPEAKER = 2.0
SEGMENT_LIKE = -1.5
QUESTION = -1.0
COLON_END = -0.5
SENTENCE = -1.0
PER_DOUBLING = 0.3  # more talks of one shape: each doubling of their count
EVENT_DATE = 0.75  # the first heading is followed by a date line: it names an event
NAMED_LIKE_FILE = 1.0
TITLE_SPEAKER = 1.0
NOT_A_TITLE = -2.0
UNLIKE_SIBLINGS = -1.0
NO_TITLE_HEADING = -1.0
OUTSIDE_TALKS = -2.0  # times the share of notes that would belong to no talk
LABELLED_TALK = 1.0  # a `Talk:` label says in words that its line is a talk's title


@dataclass(slots=True)
class Proposal:
    rule: Layout
    score: float
    talks: list[int] = field(default_factory=list)  # positions in outline.headings
    dividers: list[int] = field(default_factory=list)
    title: int | None = None  # position of the event-title heading
    level: int | None = None
    reasons: list[str] = field(default_factory=list)
    titled_lists: list[int] = field(default_factory=list)  # line indices starting talks (titled lists, list items, label lines)
    event_line: int | None = None  # line index of a plain line naming the event (no title heading)

    def starts(self, scene: "Scene") -> tuple[int, ...]:
        """Lines where this proposal's talks start: two proposals with the same starts read alike."""
        headings = scene.outline.headings
        if self.rule == Layout.TITLED_LISTS:
            return tuple(self.titled_lists) or ((headings[0].index,) if headings else ())
        if self.rule == Layout.WHOLE_FILE:
            return (-1,)
        if self.rule in (Layout.LIST_ITEMS, Layout.LABEL_LINES):
            return tuple(self.titled_lists)
        return tuple(headings[p].index for p in self.talks)

    @property
    def name(self) -> str:
        return f"{self.rule.value}" + (f" {self.level}" if self.level is not None else "")



# ------------------------------------------------------------------ the rules
# What a heading's own features add to its worth as a talk title.
TALK_EVIDENCE = (("content", HAS_NOTES), ("speaker", HAS_SPEAKER), ("segment_like", SEGMENT_LIKE),
                 ("question", QUESTION), ("colon_end", COLON_END), ("sentence", SENTENCE))


def _quality(f: Features) -> float:
    return sum(weight for name, weight in TALK_EVIDENCE if getattr(f, name))


def _talk_notes(features: list[Features], position: int, level: int) -> int:
    """Content lines of the talk at `position` when talks are at `level`: up to the next heading at or above it."""
    total = features[position].content
    for following in range(position + 1, len(features)):  # by index: a slice would copy the rest, per talk
        f = features[following]
        if f.heading.level <= level:
            break
        total += f.content
    return total


def heading_level(scene: Scene) -> list[Proposal]:
    """Talks are the headings of one level; headings above are dividers (or the event title), below segments."""
    features = scene.features
    if not features:
        return []
    proposals = []
    first = features[0]
    title_candidate = not scene.prose_before_first
    levels = sorted({f.heading.level for f in features})
    for level in levels:
        variants = [True, False] if title_candidate and first.heading.level == level else [title_candidate and first.heading.level < level]
        if title_candidate and first.heading.level > level:
            continue
        for title_is_event in variants:
            proposal = _level_proposal(scene, level, title_is_event)
            if proposal is not None:
                proposals.append(proposal)
    return proposals


def _level_proposal(scene: Scene, level: int, title_is_event: bool) -> Proposal | None:
    features = scene.features
    start = 1 if title_is_event else 0
    talks, dividers, qualities = [], [], []
    reasons: list[str] = []
    for position in range(start, len(features)):
        f = features[position]
        if f.heading.level < level:
            dividers.append(position)
        elif f.heading.level == level:
            _place(features, position, level, talks, dividers, qualities)
    if not talks or (not title_is_event and talks == [0]):
        return None  # the first heading alone as the talk is the `one_talk` rule's proposal
    mean = sum(qualities) / len(qualities)
    score = mean + PER_DOUBLING * math.log2(len(talks))
    reasons.append(f"{len(talks)} talks at level {_level_name(level)}, mean evidence {mean:.2f}")
    total = sum(f.content for f in features)
    in_talks = sum(_talk_notes(features, p, features[p].heading.level) for p in talks)
    if total and in_talks < total:
        share = (total - in_talks) / total
        score += OUTSIDE_TALKS * share
        if share >= 0.1:
            reasons.append(f"{share:.0%} of the notes outside talks")
    with_speakers = sum(1 for p in talks if features[p].speaker)
    if with_speakers:
        reasons.append(f"{with_speakers} with a speaker")
    named = [p for p in dividers + ([0] if title_is_event else []) if features[p].speaker in ("title", "line", "field")]
    if named:
        score += UNLIKE_SIBLINGS * len(named)
        reasons.append(f"{len(named)} headings above the talks name speakers: they look like talks")
    if title_is_event and features[0].followed_by_date:
        score += EVENT_DATE
        reasons.append("the title is followed by a date")
    if title_is_event and features[0].speaker and not with_speakers:
        score += UNLIKE_SIBLINGS
        reasons.append("only the title has a speaker")
    if not title_is_event and len(talks) > 1 and features[talks[0]].speaker and not any(features[p].speaker for p in talks[1:]):
        score += UNLIKE_SIBLINGS
        reasons.append("only the first talk has a speaker: the rest look like its sections")
    return Proposal(Layout.HEADING_LEVEL, score, talks, dividers, 0 if title_is_event else None, level, reasons)


def _place(features: list[Features], position: int, level: int, talks: list, dividers: list, qualities: list) -> None:
    """A heading at the talk level: a talk, a divider (`## Lunch`), or a group whose children are the talks."""
    f = features[position]
    group = _group_of_talks(features, position, level)
    if group:  # `## Lightning talks` over `### Title` + speaker line
        dividers.append(position)
        for child in group:
            _place(features, child, features[child].heading.level, talks, dividers, qualities)
        return
    if not f.speaker and (f.divider_like and (not f.content or f.break_like or f.listed) or f.segment_like and position):
        # `## Lunch`, `## Day 2` over talks; `## Wrapping up` after them: the event's, not a talk
        dividers.append(position)
        qualities.extend([HAS_NOTES + HAS_SPEAKER] * f.listed)  # `## Lightning talks` over `- Title — Name` items
        return
    talks.append(position)
    notes = _talk_notes(features, position, level)
    qualities.append(_quality(f) + (HAS_NOTES if notes and not f.content else 0))


def _group_of_talks(features: list[Features], position: int, level: int) -> list[int]:
    """`## Lightning talks` with no notes of its own over `### Title` + speaker: the children are
    the talks. A heading that names a day (`# Day 2`, `Saturday`) groups its children even with
    notes of its own (the day's) and whatever the speakers."""
    f = features[position]
    days = f.divider_like and _days_apart(f)
    # (`## Day 2` over `### Real-time React with Server Components`: a heading under a day is no byline of the day)
    if (f.speaker and not (days and f.speaker == "heading")) or (f.content and not days):
        return []
    children: list[int] = []
    for p in range(position + 1, len(features)):
        child = features[p]
        if child.heading.level <= level:
            break
        if child.heading.level == level + 1 or (children and child.heading.level == features[children[0]].heading.level):
            children.append(p)
    with_speakers = sum(1 for p in children if features[p].speaker)
    if children and (days or with_speakers == len(children) or f.divider_like and 2 * with_speakers >= len(children)):
        return children
    return []


def _days_apart(f: Features) -> bool:
    """`# Day 2`, `## Friday`, `# Wed Mar 20 2024`: a heading that names a day groups the
    headings under it, whether or not they name speakers."""
    text = f.heading.text
    return bool(DAY_NUMBER.search(text) or WEEKDAY.search(text)) or L.date_in_heading(text) is not None


def _level_name(level: int) -> str:
    return "bold" if level == BOLD_LEVEL else str(level)


def one_talk(scene: Scene) -> list[Proposal]:
    """The file is one talk: its first heading is the title, every other heading a section of it."""
    features = scene.features
    if not features or scene.prose_before_first:
        return []
    first = features[0]
    reasons = []
    score = HAS_NOTES if any(f.content for f in features) else 0.0
    if first.speaker:
        score += HAS_SPEAKER
        reasons.append(f"a speaker follows the title ({first.speaker})")
    elif any(p <= 0 or features[p].segment_like for line, p in scene.fields_under
             if not scene.listed or line < min(scene.listed)):  # not a panel field inside a listed talk
        score += HAS_SPEAKER
        reasons.append("a `Speaker:`-like field under the title or a section names the speakers")
    elif len(features) > 1 and features[1].segment_like and features[1].speaker in ("line", "field"):
        score += HAS_SPEAKER  # `## Speaker` over `Sacha Greif` right under the title
        reasons.append("a section right under the title names the speakers")
    labelled_title = labelled(first.heading.text) if ":" in first.heading.text else None
    labelled_title = labelled_title is not None and labelled_title[0] in shape_words().talk_labels
    if labelled_title:
        score += LABELLED_TALK
        reasons.append("the title says it is a talk's (`Talk: Title`)")
    if first.parts.kind.value != "talk":
        score += TITLE_SPEAKER
        reasons.append(f"the title names a {first.parts.kind.value}")
    if first.followed_by_date:
        score -= EVENT_DATE + HAS_NOTES
        reasons.append("the title is followed by a date: it names an event")
    outline = scene.outline
    following = outline.next_content(first.heading.index + (1 if first.heading.style == HeadingStyle.SETEXT else 0))
    body_dates = sum(1 for i, line in enumerate(outline.lines)
                     if line.date is not None and i > first.heading.index and i != following and line.kind in (L.TEXT, L.ATX))
    if body_dates:
        score -= EVENT_DATE + HAS_NOTES
        reasons.append(f"{body_dates} date lines in the body: the days of an event")
    dividers = sum(1 for f in features[1:] if f.divider_like)
    if dividers:
        score += UNLIKE_SIBLINGS * min(dividers, 2)
        reasons.append(f"{dividers} headings read as days or parts of a programme")
    if names_an_event(first.parts.title) and not labelled_title:
        score -= EVENT_DATE + HAS_NOTES
        reasons.append("the title reads as an event's name (a year or an event word)")
    if first.divider_like or first.segment_like or first.question:
        score += NOT_A_TITLE
        reasons.append("the first heading reads as a divider or a section")
    if _named_like_file(first.parts.title, scene.source):
        score += NAMED_LIKE_FILE
        reasons.append("the file is named after the title")
    rivals = [f for f in features[1:] if f.speaker in ("title", "line", "field") and f.heading.level <= first.heading.level + 1
              and not f.segment_like and not (f is features[1] and f.heading.level > first.heading.level)]
    if rivals:
        score += UNLIKE_SIBLINGS * len(rivals)
        reasons.append(f"{len(rivals)} other headings have speakers of their own")
    return [Proposal(Layout.ONE_TALK, score, [0], [], None, first.heading.level, reasons)]


def whole_file(scene: Scene) -> list[Proposal]:
    """The file is one talk with no title heading: a speaker line or notes open it, headings are its sections."""
    features = scene.features
    front = scene.outline.front_matter
    titled = isinstance(front.get("title"), str) and not front.get("talks")
    if features and not scene.prose_before_first and not titled:
        return []
    score = HAS_NOTES + NO_TITLE_HEADING
    reasons = ["no title heading before the notes"]
    if titled and not (features and features[0].heading.level == 1):
        score += -NO_TITLE_HEADING + TITLE_SPEAKER
        reasons.append("the front matter names the talk")
        if front.get("speaker") or front.get("speakers"):
            score += HAS_SPEAKER
            reasons.append("and its speakers")
    if scene.first_speaker:
        score += HAS_SPEAKER
        reasons.append("a speaker line opens the file")
    if features and all(f.heading.level >= 3 for f in features):
        score += -NO_TITLE_HEADING
        reasons.append("every heading is deep (level 3 or below): sections, not talks")
    return [Proposal(Layout.WHOLE_FILE, score, [], [], None, None, reasons)]


def titled_lists(scene: Scene) -> list[Proposal]:
    """No body headings: short plain lines over their lists are talks (`Wells fargo guy` over bullets)."""
    features = scene.features
    if len(features) > 1 or (features and scene.prose_before_first):
        return []
    outline = scene.outline
    starts = [i for i, line in enumerate(outline.lines)
              if line.kind == L.TEXT and starts_titled_list(outline, i) and not is_break(line.text)]
    if not starts and not features:
        return []  # no title and no talk titles: the `whole_file` rule's reading
        with_speakers = sum(1 for i in starts if i + 1 < len(outline.lines) and outline.lines[i + 1].kind == L.TEXT
                            and parse_speaker_line(outline.lines[i + 1].text) is not None)
        score = 0.5 + HAS_SPEAKER * with_speakers / len(starts) + PER_DOUBLING * math.log2(len(starts))
        reasons = [f"{len(starts)} titled lists, {with_speakers} with a speaker"]
    else:  # nothing but notes under the title: the file is one talk, named after its event
        score = 0.0
        reasons = ["no talk titles: the notes are one talk named after the event"]
    if features and features[0].followed_by_date:
        score += EVENT_DATE
        reasons.append("the title is followed by a date")
    return [Proposal(Layout.TITLED_LISTS, score, [], [], 0 if features else None, None, reasons, starts)]


def starts_titled_list(outline: Outline, index: int) -> bool:
    """A short plain line whose list follows directly, or through <= 2 speaker/italic lines."""
    lines = outline.lines
    line = lines[index]
    if line.kind != L.TEXT or outline.roles[index] is not None or not title_like(line.text) or line.date is not None:
        return False
    if index and lines[index - 1].kind in (L.TEXT, L.ITEM):
        return False
    return list_follows(lines, index)


def list_follows(lines: list[L.Line], index: int) -> bool:
    """A list starts right below the line at `index`, or through <= 2 speaker or italic lines."""
    for ahead in range(index + 1, min(index + 4, len(lines))):
        other = lines[ahead]
        if other.kind == L.ITEM:
            return bool(other.text)
        if other.kind != L.TEXT or other.date is not None:
            return False
        if not (italic(other.text) or parse_speaker_line(other.text)):
            return False
    return False


# A year, `#42`, an event word, or an event suffix glued to a name (`PyCon`, `RubyConf`, `DevOpsDays`, `WordCamp`).
_EVENT_NAME = re.compile(
    r"\b(?:19|20)\d{2}\b|#\d+\b|(?i:\b(?:conference|summit|meetup|symposium|congress|expo|forum|devroom|"
    r"unconference|barcamp|hackathon|convention|festival)\b)|(?<=[a-z])(?:Con|Conf|Days|Camp|Fest)\b|\bCON\b")


def names_an_event(title: str) -> bool:
    """`PyCon US 2019`, `Berlin Data Science Meetup #42`, `DevOpsDays Amsterdam`: an event's name."""
    return bool(_EVENT_NAME.search(title))


def _named_like_file(title: str, source: str) -> bool:
    stem_words = set(slug_words(folder_and_stem(source)[1]))
    title_words = {w for w in re.findall(r"[a-z0-9]+", title.lower()) if len(w) >= 4}
    return bool(stem_words & title_words) and len(stem_words & title_words) >= min(2, len(title_words))


def list_items(scene: Scene) -> list[Proposal]:
    """Talks are top-level list items with notes under them: `- **Title** — Speaker` over sub-bullets."""
    listed = {index: talk.parts for index, talk in scene.listed.items() if talk.has_notes}
    if len(listed) < 2:
        return []
    with_speakers = sum(1 for parts in listed.values() if parts.speakers)
    score = HAS_NOTES + HAS_SPEAKER * with_speakers / len(listed) + PER_DOUBLING * math.log2(len(listed))
    reasons = [f"{len(listed)} list items read as talks, {with_speakers} with a speaker"]
    features = scene.features
    title = 0 if features and not scene.prose_before_first and features[0].heading.index < min(listed) else None
    rivals = [f for f in features[1:] if f.speaker in ("title", "line", "field") and not f.segment_like]
    if rivals:
        score += UNLIKE_SIBLINGS * len(rivals)
        reasons.append(f"{len(rivals)} headings have speakers of their own")
    return [Proposal(Layout.LIST_ITEMS, score, [], list(range(title + 1 if title is not None else 0, len(features))),
                     title, None, reasons, sorted(listed))]


def label_lines(scene: Scene) -> list[Proposal]:
    """Talks are `Talk: Title` lines of their own, each over a `Who:`/`Speaker:` field (label_lines.py).

    Only where headings do not already shape the file: at most one heading, above the
    first label line, and that heading is the event's title."""
    outline, features = scene.outline, scene.features
    if len(features) > 1:  # headings shape the file (and a big file's pieced outline holds no other lines)
        return []
    starts = label_talk_starts(outline)
    if not starts or (features and features[0].heading.index > starts[0]):
        return []
    event_line = None if features else _event_line(outline, starts[0])
    # Each start has a speaker field by construction; the notes are the lines beyond the labels,
    # their fields and the event's line.
    content = sum(1 for line, role in zip(outline.lines, outline.roles) if line.kind in _NOTE_KINDS and role is None)
    notes = content - 2 * len(starts) - (event_line is not None)
    score = LABELLED_TALK + HAS_SPEAKER + PER_DOUBLING * math.log2(len(starts)) + (HAS_NOTES if notes > 0 else 0.0)
    reasons = [f"{len(starts)} label lines (`Talk: Title`) over a speaker field"]
    if event_line is not None:
        reasons.append("a plain line above the first talk names the event")
    return [Proposal(Layout.LABEL_LINES, score, [], [], 0 if features else None, None, reasons, starts, event_line)]


_NOTE_KINDS = frozenset({L.TEXT, L.ITEM, L.QUOTE})


def _event_line(outline: Outline, first_talk: int) -> int | None:
    """The file's first line, when it is above the first talk, a paragraph of its own and reads as
    an event's name (`DevOpsDays Amsterdam 2019, day 1`). A plain line is weaker evidence than a
    heading, so it must name an event (a year or an event word); a `Label: value` line is a field
    (`Conference: X`, which the walk reads), not a title."""
    lines = outline.lines
    top = outline.next_content(outline.front_matter_end)
    if top is None or top >= first_talk or outline.roles[top] is not None:
        return None
    line = lines[top]
    alone = top + 1 == len(lines) or lines[top + 1].kind == L.BLANK
    if line.kind != L.TEXT or line.indent or line.date is not None or not alone or labelled(line.text):
        return None
    return top if title_like(line.text) and names_an_event(line.text) else None


# The rules, in the order their proposals are listed; the best score wins, and on a
# tie the earlier proposal (the author's long-standing shapes come first).
SHAPE_RULES = [heading_level, titled_lists, one_talk, whole_file, list_items, label_lines]


def choose(scene: Scene) -> tuple[Proposal | None, Proposal | None]:
    """The winning proposal and the runner-up (None when nothing was proposed)."""
    proposals = [p for rule in SHAPE_RULES for p in rule(scene)]
    forced = _forced(scene, proposals)
    if forced is not None:
        return forced, None
    if not proposals:
        return None, None
    # Equal scores: the reading that keeps a title heading as the event, then the earlier rule.
    ranked = sorted(enumerate(proposals), key=lambda item: (-item[1].score, item[1].title is None, item[0]))
    best = ranked[0][1]
    runner = next((p for _, p in ranked[1:] if p.rule != best.rule or p.level != best.level), None)
    return best, runner


def _forced(scene: Scene, proposals: list[Proposal]) -> Proposal | None:
    """The user's word (front matter `confnotes:` or confnotes.toml) beats any score."""
    settings = scene.settings
    if settings.get("one_talk_per_file"):
        chosen = [p for p in proposals if p.rule in (Layout.ONE_TALK, Layout.WHOLE_FILE)]
        if chosen:
            chosen[0].reasons.insert(0, "chosen by the user's settings (one_talk_per_file)")
            return chosen[0]
    level = settings.get("talk_level")
    if isinstance(level, int):
        chosen = [p for p in proposals if p.rule == Layout.HEADING_LEVEL and p.level == level]
        if chosen:
            best = max(chosen, key=lambda p: p.score)
            best.reasons.insert(0, f"chosen by the user's settings (talk_level = {level})")
            return best
    return None

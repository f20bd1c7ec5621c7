"""`python -m analysis explain FILE`: what the reader made of one file, and why.

Prints every shape proposal with its score and reasons (the winner first), then
the file line by line with the role each line got, the talks with their speakers,
and the problems. What a user runs when a file reads wrong.
"""
from __future__ import annotations

from pathlib import Path

from .records import ParsedFile
from .settings import folder_settings
from .features import describe
from .shapes import SHAPE_RULES
from .outline import build_outline
from .sources import decode, display_path, read_bytes

ROLE_WIDTH = 14
TEXT_WIDTH = 100


def explain(path: str | Path, root: str | Path | None = None) -> str:
    from .._load import ReadContext, parse_source

    path = Path(path)
    data = read_bytes(path)
    settings = folder_settings(path, Path(root) if root else None)
    parsed = parse_source(display_path(str(path)), data, ReadContext(root=None if root is None else str(root), settings=settings))
    source = decode(str(path), data)
    lines = (source.text or "").split("\n")
    out = [f"file: {path}"]
    if settings:
        out.append(f"settings: {settings}")
    out += _proposals(lines, str(path), settings)
    out += _talks(parsed)
    out.append("")
    out.append("lines:")
    roles = dict(parsed.line_roles)
    for number, text in enumerate(lines, 1):
        if text.strip():
            shown = text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 1] + "\u2026"
            out.append(f"{number:5d}  {roles.get(number, ''):<{ROLE_WIDTH}} {shown}")
    if parsed.problems:
        out.append("")
        out.append("problems:")
        out += [f"  line {p.line if p.line is not None else '-'}: {p.severity}: {p.message}" for p in parsed.problems]
    return "\n".join(out)


def _proposals(lines: list[str], source: str, settings: dict) -> list[str]:
    outline = build_outline(lines)
    if outline.empty:
        return ["shape: none (empty file)"]
    scene = describe(outline, source, settings)
    proposals = sorted((p for rule in SHAPE_RULES for p in rule(scene)), key=lambda p: -p.score)
    out = ["", "shapes proposed (best first):"]
    for proposal in proposals:
        out.append(f"  {proposal.score:6.2f}  {proposal.name}: {'; '.join(proposal.reasons)}")
    if not proposals:
        out.append("  none")
    return out


def _talks(parsed: ParsedFile) -> list[str]:
    out = [""]
    if parsed.layout is not None:
        out.append(f"chosen: {parsed.layout.layout}" + (f" {parsed.layout.level}" if parsed.layout.level else ""))
    if parsed.event is not None:
        event = parsed.event
        out.append(f"event: {event.title!r} (from the {event.origin}), dates {event.date_start} to {event.date_end}")
    for talk in parsed.talks:
        speakers = [s for s in parsed.speakers if s.talk_id == talk.talk_id]
        names = ", ".join(s.name or (f"@{s.handle}" if s.handle else s.raw) for s in speakers) or "no speaker"
        extra = f" [{talk.kind}]" if talk.kind != "talk" else ""
        out.append(f"  talk {talk.order}: {talk.title!r}{extra} (line {talk.line}) by {names}")
    return out

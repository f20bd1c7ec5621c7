"""What a note's text holds inline: code spans, commands, links and quotes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..config import packaged_toml
from .links import FoundLink, find_links

_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_PROGRAM = re.compile(r"(?:\.{0,2}/|~/)?[A-Za-z0-9_][\w.+-]*(?:/[\w.+-]+)*")
_PROMPTS = {"$", "%", ">", "#"}
_QUOTED = re.compile(
    r"[\"\u201c\u201e](?P<text>[^\"\u201c\u201d]{2,}?)[\"\u201d]"
    r"(?:\s*(?:--|\u2014|\u2013|-|~)\s*(?P<by>\S.{0,80}))?\s*$"
)
# (?<!\s): a match starts only where a whitespace run starts, so a long run is crossed once, not once per space.
_ATTRIBUTION = re.compile(r"(?<!\s)\s+(?:--|\u2014|\u2013|~)\s*(?P<by>[^\"\u201d]{1,80})$")


@dataclass(frozen=True)
class CommandRules:
    not_programs: frozenset[str]
    prefixes: frozenset[str]
    shell_languages: frozenset[str]


@lru_cache(maxsize=1)
def command_rules() -> CommandRules:
    data = packaged_toml("commands.toml")
    return CommandRules(frozenset(data["not_programs"]), frozenset(data["prefixes"]), frozenset(data["shell_languages"]))


def code_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of each `code span`."""
    if "`" not in text:
        return []
    return [(m.start(), m.end(), m.group(2).strip()) for m in _CODE_SPAN.finditer(text)]


def as_command(code: str, require_arguments: bool = True) -> tuple[str, str] | None:
    """(command, program) when `code` reads as a shell command, else None."""
    rules = command_rules()
    words = code.split()
    while words and words[0] in _PROMPTS:  # a shell prompt is not part of the command
        words = words[1:]
    command = " ".join(words)
    while words and words[0] in rules.prefixes:
        words = words[1:]
    if not words or (require_arguments and len(words) < 2):
        return None
    first = words[0]
    if not _PROGRAM.fullmatch(first) or first.lower() in rules.not_programs or first[0].isupper():
        return None
    if first.endswith(":") or "=" in first:
        return None
    program = first.rstrip("/").rsplit("/", 1)[-1] if "/" in first else first
    return command, program


def block_commands(lines: list[str], language: str) -> list[tuple[str, str]]:
    """Commands in the lines of a fenced block: one per non-comment line of a shell block."""
    if language.lower() not in command_rules().shell_languages:
        return []
    found = []
    pending = ""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#") and not stripped.startswith("#!") and pending == "":
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1].rstrip() + " "
            continue
        found_command = as_command(pending + stripped, require_arguments=False)
        pending = ""
        if found_command:
            found.append(found_command)
    return found


def note_links(text: str, spans: list[tuple[int, int, str]]) -> list[FoundLink]:
    """Links outside code spans: `ssh cmd.io http` is code, not a link to cmd.io."""
    links = find_links(text)
    if not spans or not links:
        return links
    return [link for link in links if not any(start <= link.start < end for start, end, _ in spans)]


def as_quote(text: str, is_blockquote: bool) -> tuple[str, str | None] | None:
    """(quote, attribution) for a blockquote, or a note that is wholly a quotation."""
    match = _QUOTED.fullmatch(text.strip())
    if match:
        return match.group("text").strip(), (match.group("by") or "").strip() or None
    if not is_blockquote:
        return None
    body, attribution = text.strip(), None
    found = _ATTRIBUTION.search(body)
    if found:
        body, attribution = body[: found.start()].strip(), found.group("by").strip()
    return body.strip("\"\u201c\u201d"), attribution

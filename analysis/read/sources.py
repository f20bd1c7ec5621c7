"""Find notes files and turn their bytes into text, whatever the bytes are.

Nothing here raises on file content: odd bytes become `Problem` rows. Only a user
error (a path that does not exist, an unreadable folder given by name) raises
`NotesPathError`.

Memory stays bounded by the largest file read, not by the archive: a file is first
`screen`ed from its size and its first bytes (a binary file or one over the size
limit is skipped unread), and read whole only when it is parsed.
"""
from __future__ import annotations

import codecs
import os
from dataclasses import dataclass, field
from pathlib import Path

from .records import Problem

NOTE_SUFFIXES = (".md", ".markdown")
HEAD_BYTES = 8192  # what a file is judged binary on, before it is read whole
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024  # larger notes files are skipped (load_notes(max_file_size=...))
_MB = 1024 * 1024
BINARY_MESSAGE = "skipped: binary file (NUL or control bytes), not text"
PERMISSION_DENIED = "permission denied"

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = {7, 8, 9, 10, 12, 13, 27}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)


class NotesPathError(FileNotFoundError):
    """A path given by the user does not exist, cannot be read, or holds no notes files."""


@dataclass(slots=True)
class Source:
    path: str
    text: str | None  # None when the file was skipped (binary, unreadable)
    problems: list[Problem] = field(default_factory=list)


def discover(paths) -> list[Path]:
    """Every notes file under `paths`: a file, a folder (recursive, sorted) or a list.

    Symlinked folders are followed once; a folder already visited (a symlink loop)
    is not entered again. Hidden folders (.git, .cache) are skipped.
    """
    return [file for file, _ in discover_with_roots(paths)]


def discover_with_roots(paths, unreadable: list[Path] | None = None) -> list[tuple[Path, Path | None]]:
    """Like `discover`, with the folder each file was found under (None for a file given by name).

    The folder bounds what a path can say about the event (`paths.path_facts`) and
    where `confnotes.toml` settings are looked for. Folders below a given one that
    cannot be read are appended to `unreadable`; a given folder that cannot be read
    raises NotesPathError ("permission denied").
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[tuple[Path, Path | None]] = []
    seen_files: set[object] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files, root = _walk(path, unreadable), path
        elif path.is_file():
            files, root = [path], None
        else:
            raise NotesPathError(f"no such file or folder: {path}")
        for file in files:
            key = _identity(file)
            if key not in seen_files:
                seen_files.add(key)
                found.append((file, root))
    return found


def _identity(file: Path) -> object:
    """What makes two paths one file (a symlink, a hard link, `a/../a`): its device and inode,
    from one stat (resolving every path component costs several)."""
    try:
        info = os.stat(file)
    except OSError:
        return file.absolute()
    return (info.st_dev, info.st_ino)


def _walk(folder: Path, unreadable: list[Path] | None = None) -> list[Path]:
    files: list[Path] = []
    visited: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:  # iterative, so deep trees cannot hit the recursion limit
        current = pending.pop()
        try:
            info = current.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in visited:
            continue
        visited.add((info.st_dev, info.st_ino))
        try:
            entries = list(os.scandir(current))
        except OSError as error:
            if current is folder:
                reason = PERMISSION_DENIED if isinstance(error, PermissionError) else (error.strerror or str(error))
                raise NotesPathError(f"cannot read folder {folder.absolute()}: {reason}") from None
            if unreadable is not None:
                unreadable.append(current)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    pending.append(Path(entry.path))
                elif entry.is_file() and entry.name.lower().endswith(NOTE_SUFFIXES):
                    files.append(Path(entry.path))
            except OSError:
                continue
    return sorted(files, key=lambda p: str(p))


def display_path(path: str) -> str:
    """`path` as text that any string column can hold: bytes of a file name that
    are not UTF-8 show as U+FFFD (the path itself is kept for reading the file)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", errors="replace")


def read_bytes(path: Path) -> bytes:
    with open(path, "rb") as handle:  # read-only: input files are never modified
        return handle.read()


@dataclass(frozen=True, slots=True)
class Screened:
    """What a notes file is before it is parsed: its size, its first bytes, and why it is
    skipped unread (binary, over the size limit), or None to parse it."""

    size: int
    head: bytes
    skip: str | None


def screen(path: str | os.PathLike, max_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> Screened:
    """Judge a file from its size and first HEAD_BYTES bytes, without reading it whole
    (a 3 GB file of zeros is judged in microseconds). Raises OSError when it cannot be read."""
    with open(path, "rb") as handle:  # read-only: input files are never modified
        return _screened(handle, max_bytes)


def _screened(handle, max_bytes: int | None) -> Screened:
    """The Screened of an open file, read up to its first HEAD_BYTES bytes."""
    size = os.fstat(handle.fileno()).st_size
    head = handle.read(HEAD_BYTES)
    return Screened(size, head, _skip_reason(size, head, max_bytes))


def _skip_reason(size: int, head: bytes, max_bytes: int | None) -> str | None:
    if not head.startswith(tuple(bom for bom, _ in _BOMS)) and _looks_binary(head):
        return BINARY_MESSAGE
    if max_bytes is not None and size > max_bytes:
        return f"skipped: {size / _MB:.1f} MB, over the size limit of {max_bytes / _MB:g} MB (max_file_size, --max-file-size)"
    return None


def screen_and_read(path: str | os.PathLike, max_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> tuple[bytes | None, str | None]:
    """`screen`, then the whole file from the same open: (bytes, None), or (None, why it is
    skipped). For a load that keys nothing, a file needs no earlier look: one open, not two,
    and in the process that parses it. Raises OSError when it cannot be read."""
    with open(path, "rb") as handle:  # read-only: input files are never modified
        screened = _screened(handle, max_bytes)
        if screened.skip is not None:
            return None, screened.skip
        data = head = screened.head
        if len(head) == HEAD_BYTES:  # more to come (a shorter read was the whole file)
            data += _read_rest(handle, screened.size - len(head), None if max_bytes is None else max_bytes - len(head))
    if max_bytes is not None and len(data) > max_bytes:
        return None, grown_past_limit(max_bytes)
    return data, None


def grown_past_limit(max_bytes: int | None) -> str:
    return f"skipped: over the size limit of {max_bytes} bytes (it grew while loading)"


def _read_rest(handle, size: int, max_bytes: int | None) -> bytes:
    """The rest of an open file: what its stat says it holds, or up to one byte past
    `max_bytes` where it grew since (that byte tells that it is over the limit)."""
    if max_bytes is None:
        return handle.read()
    # read(n) allocates n bytes up front: ask for what the file holds, not for the limit itself.
    data = handle.read(max(min(size, max_bytes), 0) + 1)
    while len(data) <= max_bytes and (more := handle.read(1 << 20)):  # it grew since the stat
        data += more
    return data


def read_limited(path: str | os.PathLike, max_bytes: int | None = DEFAULT_MAX_FILE_BYTES) -> bytes | None:
    """The file's bytes, or None when it has grown past `max_bytes` since it was screened."""
    with open(path, "rb") as handle:
        data = _read_rest(handle, os.fstat(handle.fileno()).st_size, max_bytes)
    return None if max_bytes is not None and len(data) > max_bytes else data


def decode(path: str, data: bytes) -> Source:
    """Bytes to text with `\\n` line ends; binary content is skipped, not guessed."""
    problems: list[Problem] = []
    encoding = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, data = name, data[len(bom):]
            break
    if encoding is None:
        if _looks_binary(data):
            problems.append(Problem(line=None, severity="error", message=BINARY_MESSAGE))
            return Source(path, None, problems)
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        bad_lines = sorted({n for n, line in enumerate(_split(text), 1) if "\ufffd" in line})
        for n in bad_lines[:50]:
            problems.append(Problem(line=n, severity="warning", message=f"invalid {encoding} bytes replaced with U+FFFD"))
        if len(bad_lines) > 50:
            problems.append(Problem(line=None, severity="warning", message=f"{len(bad_lines) - 50} more lines with invalid {encoding} bytes"))
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
        problems.append(Problem(line=None, severity="warning", message="NUL characters replaced with U+FFFD"))
    return Source(path, _normalise_newlines(text), problems)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    # Keep only the control bytes that text never holds, and count them.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls / len(sample) > 0.1


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _split(text: str) -> list[str]:
    return _normalise_newlines(text).split("\n")

"""`load_notes`: notes files in, a `Notes` of tidy frames out.

read -> lines -> structure (per file, cached, optionally in parallel)
     -> frames (stacked, global ids) -> enrichment (mentions, themes, ...)
"""
from __future__ import annotations

import gc
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import Iterable, Sequence

from ._cache import Cache, file_key, load_key, open_cache
from ._shares import Claims, Share, Side, runs
from . import progress as progress_bars
from .config import DEFAULT_NOTES, resolve_notes_paths
from .frames import Notes, build_frames, merge_events, stack_frames
from ._memory import release_free_memory
from .read.records import ParsedFile, Problem
from .read.settings import folder_settings
from .read.pieces import PIECE_BYTES
from .read.sources import (DEFAULT_MAX_FILE_BYTES, PERMISSION_DENIED, NotesPathError, Source, decode, discover_with_roots,
                           display_path, grown_past_limit, read_limited, screen, screen_and_read)
from .read.walk import parse_file

PARALLEL_MIN_FILES = 64  # below this, starting processes costs more than it saves


class JobsWarning(UserWarning):
    """`jobs` asked for more processes than there are cores or files; fewer were used."""


def load_notes(
    paths: str | os.PathLike | Sequence[str | os.PathLike] | None = None,
    cache: bool | str | os.PathLike = True,
    jobs: int | None = None,
    lexicon: Iterable[str | os.PathLike] = (),
    taxonomy: Iterable[str | os.PathLike] = (),
    progress: bool | None = None,
    max_file_size: int | None = DEFAULT_MAX_FILE_BYTES,
    enrich: bool = True,
) -> Notes:
    """Load notes files into tidy frames.

    paths: a file, a folder (every *.md under it, recursive, sorted) or a list of
        them; None loads the default notes (DockerCon 2017).
    cache: True for the user cache folder ($CONFNOTES_CACHE, else
        $XDG_CACHE_HOME/confnotes or ~/.cache/confnotes), a folder path, or False
        to parse everything afresh.
    jobs: processes used to parse; None picks one per core (at most 8) for large folders.
    lexicon, taxonomy: extra TOML files that extend or override the packaged
        product lexicon and theme taxonomy.
    progress: a progress bar over the files parsed (shown after a second): None shows it
        in a notebook or a terminal, False never, True always (analysis/progress.py).
    max_file_size: bytes; a larger file is skipped unread with a `problems` row (default
        50 MB; None for no limit).

    enrich: False reads the structure only (events, talks, speakers, notes, links, commands,
        quotes, lines, problems, layouts): mentions, candidates, themes and keywords come back
        empty, and a small load takes about half the time.

    Raises NotesPathError for a path that does not exist (naming the absolute path
    tried; in a notebook a relative path is also tried from the project root), for ''
    and for a folder without any notes file. Never raises on the content of a file: odd bytes and lines that
    cannot be placed become rows of `problems`.
    """
    resolved = None if paths is None else resolve_notes_paths(paths)
    unreadable: list[Path] = []
    found = discover_with_roots(DEFAULT_NOTES if resolved is None else resolved, unreadable)
    files = [path for path, _ in found]
    if not files:
        raise NotesPathError(f"no notes files (*.md) in {_describe(resolved)}")
    lexicon, taxonomy = [Path(p) for p in lexicon], [Path(p) for p in taxonomy]
    for extra in (*lexicon, *taxonomy):
        if not extra.is_file():
            raise NotesPathError(f"no such file: {extra.absolute()}")
    store = open_cache(cache)

    # Each file is screened (size, first bytes) here and read whole only where it is parsed,
    # one at a time per worker: memory follows the largest file, not the archive.
    items: list[SourceItem] = []
    settings_of: dict[tuple[Path, Path | None], dict] = {}  # per folder: its files share their settings
    for path, root in found:
        settings = settings_of.get((path.parent, root))
        if settings is None:
            settings = settings_of[(path.parent, root)] = folder_settings(path, root)
        context = ReadContext(root=None if root is None else display_path(str(root)), settings=settings)
        items.append(_screened_item(str(path), context, store is not None, max_file_size))
    n_files = len(items)

    whole_key = None
    if store is not None and enrich and all(item.key for item in items):  # whole loads are cached enriched
        whole_key = load_key([item.key for item in items], [*lexicon, *taxonomy])
        frames = store.get("load", whole_key)
        if frames is not None:
            return Notes(**frames, stats={"files": n_files, "parsed": 0, "cached_files": 0, "cached_load": True})
    items += [SourceItem(str(folder), skip=f"skipped folder: {PERMISSION_DENIED}") for folder in unreadable]

    enricher = None
    if enrich:
        from .enrich.enricher import Enricher  # lazily: a warm load never imports the enrichment code

        enricher = Enricher.load(lexicon, taxonomy)
    with progress_bars.bar(len(items), "reading notes", progress) as shown:
        frames, parsed = _frames_of_all(items, None if store is None else store.folder, jobs, enricher, shown.update)
        frames = merge_events(frames)
        if enricher is not None:
            shown.set_description_str("themes and keywords")
            frames.update(enricher.across_talks(frames))
            release_free_memory()
    notes = Notes.from_frames(frames, stats={"files": n_files, "parsed": parsed, "cached_files": n_files - parsed, "cached_load": False})
    if store is not None:
        if whole_key is not None:
            store.put("load", whole_key, notes.frames())
        store.trim()
    return notes




@dataclass(slots=True)
class SourceItem:
    """One file to load: its path, why it is skipped unread (or None), its cache key."""

    path: str
    context: ReadContext | None = None
    skip: str | None = None
    key: str | None = None
    max_bytes: int | None = None
    size: int = 0  # bytes, as screened: what the chunks are balanced by
    screened: bool = True  # False: judged where it is parsed, from the same open that reads it
    data: bytes | None = None  # its bytes, read by that late screening, until parsed


def _screened_item(path: str, context: ReadContext, keyed: bool, max_bytes: int | None) -> SourceItem:
    """The file judged from its size and first bytes, keyed (for the cache) by what its result
    depends on: the whole content when it is parsed, only the reason when it is skipped.

    Unkeyed (no cache), only its size is taken here: the process that parses it screens it then
    (`_screen_late`), with one open instead of two, and not in this process before any work starts."""
    if not keyed:
        try:
            return SourceItem(path, context, max_bytes=max_bytes, size=os.stat(path).st_size, screened=False)
        except OSError as error:
            return SourceItem(path, context, skip=_cannot_read(error))
    try:
        screened = screen(path, max_bytes)
        if screened.skip is not None:
            key = file_key(path, screened.skip.encode(), context.key()) if keyed else None
            return SourceItem(path, context, skip=screened.skip, key=key)
        # A file no longer than its first bytes was read whole by the screening: no second open.
        whole = screened.head if len(screened.head) == screened.size else Path(path)
        key = file_key(path, whole, context.key()) if keyed else None
    except OSError as error:
        return SourceItem(path, context, skip=_cannot_read(error))
    return SourceItem(path, context, key=key, max_bytes=max_bytes, size=screened.size)


def _cannot_read(error: OSError) -> str:
    return f"skipped: cannot read file ({error.strerror or error})"


def _screen_late(item: SourceItem) -> None:
    """Screen an unscreened item and keep its bytes, or say why it is skipped (as _screened_item would)."""
    item.screened = True
    try:
        item.data, item.skip = screen_and_read(item.path, item.max_bytes)
    except OSError as error:
        item.skip = _cannot_read(error)


def _parse_item(item: SourceItem, enricher=None, piece_bytes: float | None = None) -> ParsedFile | dict:
    """Read the file whole now (it may have changed since it was screened) and parse it; a file
    over `piece_bytes` (PIECE_BYTES by default) comes back as its frames, read in pieces."""
    try:
        data, item.data = item.data, None  # read already by a late screening (_screen_late), or now
        if data is None:
            data = read_limited(item.path, item.max_bytes)
        if data is not None and item.key is not None and file_key(item.path, data, item.context.key()) != item.key:
            item.key = None  # changed since it was keyed: its result must not be cached under the old key
    except OSError as error:
        data, item.skip = None, _cannot_read(error)
    else:
        if data is None:
            item.skip = grown_past_limit(item.max_bytes)
    if data is None:
        return ParsedFile(display_path(item.path), problems=[Problem(line=None, severity="error", message=item.skip)])
    piece_bytes = PIECE_BYTES if piece_bytes is None else piece_bytes
    if len(data) > piece_bytes:
        source = decode(display_path(item.path), data)
        del data  # the text alone from here: the bytes would be one more copy of the file
        if source.text is not None:
            frames = _frames_in_pieces(source, item.context, enricher, piece_bytes)
            if frames is not None:
                return frames
            if source.text is None:  # the pieced reading failed after releasing the text: read the file again, whole
                return _parse_item(item, enricher, piece_bytes=float("inf"))
        return parse_decoded(source, item.context)
    return parse_source(display_path(item.path), data, item.context)


def _frames_in_pieces(source, context: ReadContext, enricher, piece_bytes: int) -> dict | None:
    from ._load_pieces import frames_in_pieces

    try:
        return frames_in_pieces(source, context.settings, context.root, enricher, piece_bytes)
    except Exception:  # a bug of the pieced reading must not cost the file: it is read whole instead
        return None


def _frames_of_all(items: list, cache_folder: Path | None, jobs: int | None, enricher=None, advance=None) -> tuple[dict, int]:
    """Frames of every file, across processes when worth it (shared out as _shares.py says).

    Each process parses its share (or reads it from the per-file cache), adds the per-talk
    enrichment, and returns its frames: DataFrames cross process boundaries far faster than
    thousands of small records would. `advance(n)` is told of every n files done (per file
    in this process, per share across processes).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs is None:
        jobs = min(cores, 8) if len(items) >= PARALLEL_MIN_FILES else 1
    elif jobs > min(cores, len(items)):
        # More processes than cores or files only costs memory and start-up time.
        warnings.warn(f"jobs={jobs} capped at {min(cores, len(items))} ({cores} cores, {len(items)} files)", JobsWarning, stacklevel=3)
    jobs = max(1, min(jobs, cores, len(items)))
    if jobs == 1:
        parts = [_frames_of_share(items, cache_folder, enricher, advance)]
    else:
        parts = _frames_in_processes(items, cache_folder, jobs, enricher, advance)
    found = [frames for frames, _, _ in parts if frames is not None]
    return stack_frames(found or [_enriched(build_frames([]), enricher)]), sum(parsed for _, parsed, _ in parts)


def _frames_in_processes(items: list, cache_folder: Path | None, jobs: int, enricher, advance) -> list[tuple[dict | None, int, int]]:
    """Each share's (frames, parsed, read), in run order: the front's part before the back's,
    the files in their order."""
    slices, shares = runs([item.size for item in items], jobs)
    context = get_context("fork") if "fork" in get_all_start_methods() else get_context()
    claims = [Claims(part.stop - part.start, context) for part in slices]
    # This process reads the first share itself while the workers read the others: it would
    # only wait otherwise, and its own frames need no pickling. The enricher and the claims
    # reach each worker once, as it starts (copied by fork), not pickled with every share.
    with ProcessPoolExecutor(max_workers=len(shares) - 1, mp_context=context,
                             initializer=_set_worker_state, initargs=(enricher, claims)) as pool:
        futures = [pool.submit(_frames_of_worker_share, items[slices[share.run]], cache_folder, share)
                   for share in shares[1:]]
        first = shares[0]  # the front of the first run
        parts = [_frames_of_share(items[slices[first.run]], cache_folder, enricher, advance, claims[first.run], first.side)]
        for future in futures:
            parts.append(future.result())
            if advance is not None:
                advance(parts[-1][2])
    return parts


_worker_enricher = None  # the enricher of a worker process, set as it starts
_worker_claims: list[Claims] = []  # the runs' claims, shared with the process that started it


def _set_worker_state(enricher, claims: list[Claims]) -> None:
    global _worker_enricher, _worker_claims
    _worker_enricher, _worker_claims = enricher, claims


def _frames_of_worker_share(items: list, cache_folder: Path | None, share: Share) -> tuple[dict | None, int, int]:
    return _frames_of_share(items, cache_folder, None, None, _worker_claims[share.run], share.side)


def _frames_of_share(items: list, cache_folder: Path | None, enricher=None, advance=None,
                     claims: Claims | None = None, side: Side = Side.FRONT) -> tuple[dict | None, int, int]:
    """The frames of the files of `items` this process takes (all of them without `claims`; else
    one at a time from `side`), how many had to be parsed and how many were read (frames None
    when none was). (In a worker, `enricher` None means the one it was started with.)"""
    enricher = enricher if enricher is not None else _worker_enricher
    store = Cache(cache_folder) if cache_folder is not None else None
    backwards = side == Side.BACK  # positions come descending: each run of files, and the parts, are turned round
    parsed_count = done = 0
    parts: list[dict] = []  # frames of runs of files, and big files' own frames, in the order read
    run: list[ParsedFile] = []  # files read since the last part

    def close_run() -> None:
        if run:
            parts.append(_enriched(build_frames(run[::-1] if backwards else run), enricher))
            run.clear()

    with _without_cyclic_gc():
        for position in range(len(items)) if claims is None else claims.taken_from(side):
            done += 1
            result, was_parsed = _result_of(items[position], store, enricher)
            parsed_count += was_parsed
            if isinstance(result, dict):  # a big file read in pieces: its frames, already enriched (not cached per file)
                close_run()
                parts.append(result)
            else:
                run.append(result)
            if advance is not None:
                advance(1)
        close_run()
        if not parts:
            return None, parsed_count, done
        return stack_frames(parts[::-1] if backwards else parts), parsed_count, done


def _result_of(item: SourceItem, store: Cache | None, enricher) -> tuple[ParsedFile | dict, int]:
    """A file's ParsedFile (or, for a big file, its frames), and 1 if it had to be parsed."""
    if not item.screened:
        _screen_late(item)
    if item.skip is not None:
        return ParsedFile(display_path(item.path), problems=[Problem(line=None, severity="error", message=item.skip)]), 0
    result = store.get("file", item.key) if store is not None and item.key else None
    if result is not None:
        return result, 0
    result = _parse_item(item, enricher)
    if not isinstance(result, dict) and store is not None and item.key is not None and item.skip is None:
        store.put("file", item.key, result)
    return result, 1


def _enriched(frames: dict, enricher) -> dict:
    if enricher is not None:
        frames.update(enricher.per_talk(frames))
    return frames


@contextmanager
def _without_cyclic_gc():
    """Parsing makes hundreds of thousands of small acyclic objects; the cyclic
    garbage collector would scan the whole heap again and again for nothing."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass(frozen=True)
class ReadContext:
    """What a file's reading depends on besides its bytes: the folder loaded and the user's settings."""

    root: str | None = None
    settings: dict = field(default_factory=dict)

    def key(self) -> str:
        return f"{self.root}\0{sorted(self.settings.items())!r}"


def parse_source(path: str, data: bytes, context: ReadContext = ReadContext()) -> ParsedFile:
    """Decode and parse one file; whatever happens, the result is a ParsedFile."""
    return parse_decoded(decode(path, data), context)


def parse_decoded(source: Source, context: ReadContext = ReadContext()) -> ParsedFile:
    """Parse one decoded file; whatever happens, the result is a ParsedFile."""
    path = source.path
    if source.text is None:
        return ParsedFile(path, problems=source.problems)
    try:
        result = parse_file(path, source.text, context.settings, context.root)
    except Exception as error:  # a parser bug must cost one file, never the load
        return ParsedFile(path, problems=[*source.problems, Problem(line=None, severity="error", message=f"skipped: parser failed ({type(error).__name__}: {error})")])
    result.problems[:0] = source.problems
    return result


def _describe(paths) -> str:
    """The paths as absolute paths, for an error message."""
    if paths is None:
        return str(DEFAULT_NOTES)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return ", ".join(os.path.abspath(p) for p in paths)

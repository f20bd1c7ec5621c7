"""Command line: `confnotes` (installed with the package), or `python -m analysis`.

    confnotes frames PATH... --out DIR [--format csv|parquet|both]
    confnotes summary PATH...
    confnotes report [PATH...] --out FILE.html
    confnotes explain FILE

frames, summary and report take the same load options (--lexicon, --taxonomy,
--no-cache, --jobs, --quiet).

User errors (a missing path, a folder without notes, an unwritable --out) print
one line on stderr and exit with status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from .config import DATA_DIR, DEFAULT_REPORT

if TYPE_CHECKING:
    from .frames import Notes

EXIT_USAGE = 2


class UserError(Exception):
    """A mistake in what the user asked for; reported in one line."""


def main(argv: list[str] | None = None) -> int:
    with warnings.catch_warnings():  # restored on return: main changes nothing for a caller
        warnings.showwarning = _one_line_warning
        return _main(argv)


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning of the package (the cache is off, --jobs capped) as one line on stderr."""
    print(f"confnotes: note: {message}", file=sys.stderr)


def _main(argv: list[str] | None) -> int:
    try:
        args = _parser().parse_args(argv)
        return args.run(args)
    except UserError as error:
        print(f"confnotes: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("confnotes: interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="confnotes", description="Conference notes to tidy frames and reports "
                                     "(also `python -m analysis`).")
    commands = parser.add_subparsers(dest="command", required=True)

    frames = commands.add_parser("frames", help="export the frames of some notes as CSV or Parquet files")
    frames.add_argument("paths", nargs="+", metavar="PATH", help="notes files or folders")
    frames.add_argument("--out", required=True, type=_out_path, help="folder to write one file per frame into")
    frames.add_argument("--format", choices=("csv", "parquet", "both"), default="parquet")
    frames.add_argument("--no-csv-guard", action="store_true",
                        help="write CSV text cells starting with = + - @ as they are (by default they get a leading ' "
                             "so that a spreadsheet shows them instead of running them)")
    _load_options(frames)
    _size_option(frames)
    frames.set_defaults(run=_frames)

    summary = commands.add_parser("summary", help="print what the notes hold: a table per event and the problems")
    summary.add_argument("paths", nargs="+", metavar="PATH")
    summary.add_argument("--problems", action="store_true", help="also list every problem")
    _load_options(summary)
    _size_option(summary)
    summary.set_defaults(run=_summary)

    explain = commands.add_parser("explain", help="show how one notes file was read: its shape, each line's role, and why")
    explain.add_argument("path", type=Path, metavar="FILE", help="a notes file")
    explain.set_defaults(run=_explain)

    report = commands.add_parser("report", help="render the HTML report of some notes")
    report.add_argument("paths", nargs="*", metavar="PATH", help="notes files or folders (default: the default notes)")
    report.add_argument("--out", type=_out_path, default=DEFAULT_REPORT)
    _load_options(report)
    _size_option(report)
    report.set_defaults(run=_report)
    return parser


def _load_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=int, default=None, help="processes used to parse (default: one per core for large folders)")
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    parser.add_argument("--lexicon", action="append", default=[], type=Path, help="extra product lexicon TOML (repeatable)")
    parser.add_argument("--taxonomy", action="append", default=[], type=Path, help="extra theme taxonomy TOML (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr (it shows only in a terminal anyway)")


def _size_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-file-size", type=float, default=50, metavar="MB",
                        help="skip notes files larger than this, with a problem row (default 50; 0 for no limit)")


def _max_bytes(args: argparse.Namespace) -> int | None:
    """--max-file-size in bytes; 0 means no limit (None)."""
    return int(args.max_file_size * 1024 * 1024) or None


def _out_path(text: str) -> Path:
    if not text.strip():  # Path('') is '.', the working folder: never what was meant
        raise argparse.ArgumentTypeError("--out '' names no file or folder")
    return Path(text)


def _refuse_special(path: Path) -> None:
    """Only a regular file or a folder may be written over: never a device, FIFO or socket
    (as root, --out /dev/null would otherwise replace the device node with a file)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing (or unreachable): creating it fails or succeeds on its own
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise UserError(f"--out {path} exists and is not a regular file or folder (a device, FIFO or socket); choose another output")


def _progress(args: argparse.Namespace) -> bool | None:
    """False with --quiet; else None: load_notes and the report decide (a terminal only)."""
    return False if args.quiet else None


def _load(args: argparse.Namespace) -> Notes:
    from . import LexiconError, NotesPathError, SettingsError, load_notes

    _check_jobs(args)
    try:
        notes = load_notes(args.paths, cache=not args.no_cache, jobs=args.jobs, lexicon=args.lexicon, taxonomy=args.taxonomy,
                           progress=_progress(args), max_file_size=_max_bytes(args))
    except NotesPathError as error:
        raise UserError(str(error)) from None
    except (LexiconError, SettingsError) as error:  # a malformed lexicon, taxonomy or confnotes.toml
        raise UserError(str(error)) from None
    if notes.events.empty:
        skipped = len(notes.problems)
        raise UserError(f"no notes found in {', '.join(map(str, args.paths))} ({skipped} problem(s), e.g. {notes.problems['message'].iloc[0] if skipped else 'empty'})")
    return notes


def _check_jobs(args: argparse.Namespace) -> None:
    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs must be 1 or more")


def _refuse_data_folder(path: Path) -> None:
    """data/ holds the user's notes and nothing ever writes there."""
    data = DATA_DIR.resolve()
    target = path.resolve()
    if target == data or data in target.parents:
        raise UserError(f"{path} is inside {data}: data/ holds your notes and is never written; choose another output")


def _check_writable_folder(folder: Path) -> None:
    _refuse_data_folder(folder)
    _refuse_special(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"--out {folder} is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create --out folder {folder}: {error.strerror or error}") from None
    if not folder.is_dir():
        raise UserError(f"--out {folder} is not a folder")
    try:  # a unique name: runs that check one folder at once must not trip over each other's probe
        handle, probe = tempfile.mkstemp(prefix=".confnotes-write-test-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise UserError(f"cannot write to --out folder {folder}: {error.strerror or error}") from None


def _frames(args: argparse.Namespace) -> int:
    notes = _load(args)
    _check_writable_folder(args.out)
    formats = ("csv", "parquet") if args.format == "both" else (args.format,)
    try:
        for fmt in formats:
            if fmt == "csv":
                notes.to_csv(args.out, formula_guard=not args.no_csv_guard)
            else:
                notes.to_parquet(args.out)
    except OSError as error:
        raise UserError(f"cannot write to {args.out}: {error.strerror or error}") from None
    print(f"wrote {len(notes.frame_names())} frames ({', '.join(formats)}) to {args.out}: "
          f"{len(notes.events)} events, {len(notes.talks)} talks, {len(notes.notes)} notes, {len(notes.problems)} problems")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from .report.console import summary_text

    notes = _load(args)
    print(summary_text(notes, problems=args.problems))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import ReportError, render_report

    out: Path = args.out
    _check_jobs(args)  # every refusal before the output folder is made
    _refuse_data_folder(out)
    _refuse_special(out)
    if out.is_dir():
        raise UserError(f"--out {out} is a folder; give the HTML file to write")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"cannot create the folder of --out {out}: {error.strerror or error}") from None
    try:
        render_report(args.paths or None, out, cache=not args.no_cache, jobs=args.jobs, lexicon=args.lexicon,
                      taxonomy=args.taxonomy, progress=_progress(args), max_file_size=_max_bytes(args))
    except ReportError as error:
        if error.ename in ("LexiconError", "SettingsError", "NotesPathError"):  # the user's input, read in the kernel
            raise UserError(error.evalue) from None
        print(f"confnotes: report failed: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a missing notes path, an unwritable --out
        message = f"{error.strerror}: {error.filename}" if error.strerror and error.filename else str(error)
        raise UserError(message) from None
    print(f"wrote {args.out}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    from .read.explain import explain
    from .read.settings import SettingsError

    path = args.path
    if not path.is_file():
        raise UserError(f"no such file: {path.resolve()}")
    try:
        print(explain(path))
    except (OSError, SettingsError) as error:
        raise UserError(str(error)) from error
    return 0

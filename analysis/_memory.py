"""Giving freed memory back to the system between the big steps of a load."""
from __future__ import annotations


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim; nothing elsewhere).

    glibc returns freed memory only from the top of its heap; one live block above megabytes
    of freed columns (a big file's pieces once stacked, the keyword weighing's arrays) keeps
    them resident, and the next large arrays are mapped afresh beside them: at the end of a
    40 MB load 140 MB of the heap was free but resident. A few milliseconds."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim():
    global _TRIM
    if _TRIM is False:
        import ctypes
        import ctypes.util

        try:
            _TRIM = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):  # not glibc (macOS, musl, Windows)
            _TRIM = None
    return _TRIM


_TRIM: object = False  # malloc_trim once looked up; None where there is none

"""Files shared out among processes: runs of consecutive files, each taken from both ends.

A fixed split of the files ends when its slowest part ends. Bytes only estimate a file's
parse time, and on a shared machine one core can lose a third of its speed to another
program for seconds at a time. So the files are cut into runs, one per pair of processes
(balanced by bytes), and in each run one process takes files from the front while the
other takes them from the back, one file at a time, until they meet: both end together
whatever their speed. Each process's files stay consecutive, so stacking the parts in run
order (the front's part, then the back's) gives the frames in file order, the same for
any number of processes and any timing.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class Side(StrEnum):
    FRONT = "front"
    BACK = "back"


class Claims:
    """The files of one run not yet taken: positions [front, back), in memory that the
    processes forked (or spawned) with it share. Pass it to a process as it starts."""

    def __init__(self, count: int, context) -> None:
        self._ends = context.Array("q", [0, count])  # with its own lock

    def taken_from(self, side: Side) -> Iterator[int]:
        """Positions, one at a time, from the front (ascending) or the back (descending),
        until the two ends meet."""
        ends = self._ends
        lock = ends.get_lock()
        while True:
            with lock:
                front, back = ends[0], ends[1]
                if front >= back:
                    return
                if side == Side.FRONT:
                    taken = front
                    ends[0] = front + 1
                else:
                    taken = back - 1
                    ends[1] = taken
            yield taken


@dataclass(frozen=True)
class Share:
    """What one process reads: a run of files and the end it takes them from."""

    run: int  # index of the run
    side: Side


def runs(sizes: list[int], processes: int) -> tuple[list[slice], list[Share]]:
    """Runs of consecutive files for `processes` processes, balanced by bytes (a run read
    from both ends gets twice the bytes of a run read by one process alone), and each
    process's share; the first share (front of the first run) is the calling process's.
    Every run holds at least one file."""
    count = len(sizes)
    n_runs = min((processes + 1) // 2, count)
    readers = [2 if 2 * (run + 1) <= processes else 1 for run in range(n_runs)]
    weights = np.cumsum([max(size, 1) for size in sizes], dtype=np.float64)
    total = weights[-1]
    wanted = np.cumsum(readers)[:-1] / sum(readers) * total
    cuts = [0]
    for end in wanted:
        cut = int(np.searchsorted(weights, end, side="left")) + 1
        cuts.append(min(max(cut, cuts[-1] + 1), count - (n_runs - len(cuts))))
    cuts.append(count)
    slices = [slice(start, stop) for start, stop in zip(cuts, cuts[1:])]
    shares = [Share(run, side) for run, n in enumerate(readers) for side in (Side.FRONT, Side.BACK)[:n]]
    return slices, shares

"""Files shared out among processes (analysis/_shares.py): runs by bytes, claims from both ends."""
from __future__ import annotations

import multiprocessing
import threading

from analysis._shares import Claims, Side, runs


def test_two_processes_share_one_run_from_both_ends():
    slices, shares = runs([100] * 10, 2)
    assert slices == [slice(0, 10)]
    assert [(s.run, s.side) for s in shares] == [(0, Side.FRONT), (0, Side.BACK)]


def test_runs_are_balanced_by_bytes_and_readers():
    # Three processes: a pair reads the first run, one process the second, so the first
    # run holds two thirds of the bytes.
    slices, shares = runs([100] * 90, 3)
    assert slices == [slice(0, 60), slice(60, 90)]
    assert [(s.run, s.side) for s in shares] == [(0, Side.FRONT), (0, Side.BACK), (1, Side.FRONT)]
    # Bytes, not counts, decide: one big file is a run of its own.
    slices, _ = runs([20_000] + [100] * 100, 4)
    assert slices == [slice(0, 1), slice(1, 101)]
    # Every run holds a file, even with fewer bytes than processes.
    slices, shares = runs([0, 0, 0], 8)
    assert slices == [slice(0, 1), slice(1, 2), slice(2, 3)] and len(shares) == 6


def test_claims_from_both_ends_take_every_position_once_and_meet():
    claims = Claims(7, multiprocessing.get_context())
    front, back = claims.taken_from(Side.FRONT), claims.taken_from(Side.BACK)
    taken = [next(front), next(back), next(back), next(front), next(front), next(back), next(front)]
    assert taken == [0, 6, 5, 1, 2, 4, 3]
    assert list(front) == [] and list(back) == []


def test_claims_under_contention_cover_the_run_in_two_consecutive_parts():
    claims = Claims(5_000, multiprocessing.get_context())
    got = {Side.FRONT: [], Side.BACK: []}
    threads = [threading.Thread(target=lambda side=side: got[side].extend(claims.taken_from(side))) for side in Side]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    front, back = got[Side.FRONT], got[Side.BACK]
    assert front == list(range(len(front)))  # ascending from 0, no gap
    assert back == list(range(4_999, len(front) - 1, -1))  # descending from the end to where the front stopped

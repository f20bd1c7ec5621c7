"""Run a command in a small wrapper process that times it and reads its peak memory.

The wrapper's children are the command and whatever it starts (a Jupyter kernel,
worker processes), so `ru_maxrss` of RUSAGE_CHILDREN is the peak resident set of
the largest of them, and nothing run before the command counts.
"""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from .archive import PROJECT_ROOT

_WRAPPER = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
    " done.returncode, done.stdout[-2000:], done.stderr[-2000:]]))\n"
)


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_kib: int  # peak RSS of the largest process the command ran
    stdout: str  # its last 2,000 characters


def run_measured(command: list[str], env: dict | None = None) -> Measured:
    """Run `command` (from the project root) in the wrapper; RuntimeError when it fails."""
    wrapper = subprocess.run([sys.executable, "-c", _WRAPPER, *command], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, env=env, check=True)
    seconds, peak, returncode, stdout, stderr = json.loads(wrapper.stdout.strip().splitlines()[-1])
    if returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr.strip().splitlines()[-1] if stderr.strip() else returncode}")
    return Measured(seconds, peak, stdout)

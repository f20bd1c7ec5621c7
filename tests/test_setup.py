"""How the project installs and runs from make: the base install is what the report
needs (no Playwright, no test tools, no scikit-learn), the dev extra is what the tests
need, and every Makefile variable that reaches the shell is quoted."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement

from analysis.config import PACKAGE_DIR, PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args: str, cwd=PROJECT_ROOT) -> list[str]:
    """The shell lines `make -n` would run, as if pyproject.toml were new (so the install shows)."""
    run = subprocess.run(["make", "-n", "-W", "pyproject.toml", *args], capture_output=True, text=True, cwd=cwd, check=True)
    return run.stdout.splitlines()


@needs_make
def test_make_report_on_a_fresh_clone_installs_the_base_only(tmp_path):
    # A fresh clone: the Makefile and pyproject.toml without any .venv.
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path)
    lines = dry_run("report", cwd=tmp_path)
    installs = [line for line in lines if "pip install" in line and "--upgrade pip" not in line]
    assert installs == [".venv/bin/python -m pip install --quiet -e ."]
    assert not [line for line in lines if "[dev" in line or "playwright" in line.lower()]
    assert any(line.startswith(".venv/bin/python -m analysis report") for line in lines)


@needs_make
def test_make_test_installs_the_dev_extra(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path)
    lines = dry_run("test", cwd=tmp_path)
    assert ".venv/bin/python -m pip install --quiet -e '.[dev]'" in lines
    assert lines.index(".venv/bin/python -m pip install --quiet -e .") < lines.index(".venv/bin/python -m pip install --quiet -e '.[dev]'")


def closure(requirements: list[str]) -> set[str]:
    """Every distribution the requirements pull in, as installed here (extras' own extras not followed)."""
    seen: set[str] = set()
    pending = [Requirement(r) for r in requirements]
    while pending:
        requirement = pending.pop()
        name = requirement.name.lower().replace("_", "-")
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        try:
            pending += [Requirement(r) for r in metadata.requires(requirement.name) or ()]
        except metadata.PackageNotFoundError:
            continue
    return seen


def test_the_base_pulls_in_no_test_tool_browser_driver_or_scikit_learn():
    base = closure(PYPROJECT["project"]["dependencies"])
    assert {"pandas", "matplotlib", "nbclient", "nbconvert", "jupyterlab", "tqdm", "jinja2"} <= base
    assert not base & {"playwright", "pytest", "hypothesis", "scikit-learn", "pytest-xdist"}, base & {"playwright", "pytest"}
    dev = {Requirement(r).name for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}
    assert {"playwright", "scikit-learn", "pytest", "hypothesis"} <= dev


def test_no_module_of_the_package_imports_scikit_learn():
    importing = [str(path.relative_to(PACKAGE_DIR)) for path in PACKAGE_DIR.rglob("*.py")
                 if re.search(r"^\s*(import sklearn|from sklearn)", path.read_text(encoding="utf-8"), flags=re.M)]
    assert importing == []


SPACED = "/tmp/with space/my notes.md"


@needs_make
@pytest.mark.parametrize("target, argument", [("report", SPACED), ("frames", SPACED)])
def test_a_notes_path_with_spaces_stays_one_argument(target, argument):
    lines = dry_run(target, f"NOTES={SPACED}", "OUT=reports/my report.html", "FRAMES=build/my frames", "JOBS=2")
    command = shlex.split([line for line in lines if f"-m analysis {target}" in line][0])
    assert command[3:5] == [target, SPACED] and command[command.index("--out") + 1] in ("reports/my report.html", "build/my frames")
    assert command[-2:] == ["--jobs", "2"]


@needs_make
def test_make_lab_passes_a_notes_path_with_spaces_to_the_kernel():
    lines = dry_run("lab", f"NOTES={SPACED}")
    command = shlex.split(" ".join(line.rstrip("\\") for line in lines if "CONFNOTES_NOTES=" in line or "jupyter lab" in line))
    assert command[0] == "CONFNOTES_NOTES=${CONFNOTES_NOTES:-" + SPACED + "}"


@pytest.mark.slow
@needs_make
def test_make_report_and_frames_with_spaces_in_every_path(tmp_path):
    folder = tmp_path / "with space" / "2017"
    folder.mkdir(parents=True)
    notes = folder / "my notes.md"
    shutil.copy(PROJECT_ROOT / "data/events/2017/04/dockercon17.md", notes)
    out, frames = tmp_path / "out dir" / "my report.html", tmp_path / "frames dir"
    for target in (["report", f"OUT={out}"], ["frames", f"FRAMES={frames}"]):
        run = subprocess.run(["make", "-s", *target, f"NOTES={notes}"], capture_output=True, text=True, cwd=PROJECT_ROOT)
        assert run.returncode == 0, run.stderr
    assert "<title>Dockercon</title>" in out.read_text(encoding="utf-8")
    assert (frames / "talks.parquet").is_file() and (frames / "talks.csv").is_file()


def test_the_confnotes_command_is_installed_and_named_so(tmp_path):
    import sys
    from pathlib import Path

    assert PYPROJECT["project"]["scripts"]["confnotes"] == "analysis.cli:main"
    command = Path(sys.executable).parent / "confnotes"
    if not command.exists():
        pytest.skip("the package is not installed in this interpreter's environment")
    run = subprocess.run([str(command), "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("usage: confnotes ")
    assert "python -m analysis" in run.stdout

"""The public API: exactly the documented names, importable, typed, shipped with py.typed."""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import tomllib

import pytest

import analysis
from analysis.config import PACKAGE_DIR, PROJECT_ROOT

# The names documented in analysis/__init__.py (and README "Using the frames").
PUBLIC = ["load_notes", "Notes", "NotesPathError", "LexiconError", "SettingsError", "DEFAULT_NOTES", "__version__"]


def test_all_is_exactly_the_documented_names():
    assert sorted(analysis.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(analysis, name) is not None
        assert name in analysis.__doc__, f"{name} is not documented in analysis/__init__.py"


def test_star_import_gives_the_public_names():
    namespace: dict = {}
    exec("from analysis import *", namespace)
    assert set(PUBLIC) <= set(namespace)


def test_py_typed_ships():
    assert (PACKAGE_DIR / "py.typed").is_file()
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    assert "py.typed" in config["tool"]["setuptools"]["package-data"]["analysis"]


# The rooms of this package whose public functions must be typed (the reader and the
# report keep their own rules).
TYPED = ["analysis", "analysis.config", "analysis.cli", "analysis._load", "analysis._cache", "analysis.progress"]
TYPED_PACKAGES = ["analysis.frames", "analysis.enrich"]


def typed_modules():
    for name in TYPED:
        yield importlib.import_module(name)
    for name in TYPED_PACKAGES:
        package = importlib.import_module(name)
        yield package
        for info in pkgutil.iter_modules(package.__path__, prefix=f"{name}."):
            yield importlib.import_module(info.name)


def public_functions():
    for module in typed_modules():
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value):
                yield f"{module.__name__}.{name}", value
            elif inspect.isclass(value):
                for attribute, member in vars(value).items():
                    member = getattr(member, "__func__", member)
                    if inspect.isfunction(member) and (not attribute.startswith("_") or attribute == "__init__"):
                        yield f"{module.__name__}.{name}.{attribute}", member


@pytest.mark.parametrize("name, function", [pytest.param(name, function, id=name) for name, function in public_functions()])
def test_public_functions_are_typed(name, function):
    signature = inspect.signature(function)
    missing = [p for p in signature.parameters.values()
               if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty]
    assert not missing, f"{name}: parameters without a type: {[p.name for p in missing]}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{name}: no return type"


def test_a_structure_only_load_reads_the_same_talks_and_leaves_enrichment_empty(tmp_path, default_notes_path, default_notes):
    import pandas as pd

    from analysis import load_notes

    full = default_notes  # load_notes(default_notes_path, cache=False), loaded once for the session
    structure = load_notes(default_notes_path, cache=False, enrich=False)
    for name in ("events", "talks", "speakers", "notes", "links", "commands", "quotes", "problems", "layouts"):
        pd.testing.assert_frame_equal(getattr(structure, name), getattr(full, name))
    assert all(getattr(structure, name).empty for name in ("mentions", "candidates", "themes", "keywords"))
    assert not full.mentions.empty and not full.themes.empty
    # A structure-only load is never taken from (nor stored as) the whole-load cache entry.
    cache = tmp_path / "cache"
    assert load_notes(default_notes_path, cache=cache, enrich=False).mentions.empty
    again = load_notes(default_notes_path, cache=cache)
    pd.testing.assert_frame_equal(again.mentions, full.mentions)

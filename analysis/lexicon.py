"""Load and validate the product lexicon (analysis/lexicon/products.toml).

The lexicon is plain data that users can extend: `load_lexicon(extra=[...])`
reads the packaged file first, then each extra TOML file of the same shape.
An extra entry whose name equals (case-insensitively) a known product replaces
it; any other entry is added.  Every problem raises `LexiconError` naming the
file and the entry, because a silent typo in a hand-edited data file would
otherwise just make matches disappear.

The compiled matchers live in analysis/mentions.py; this module only knows the
records and the look-up tables derived from them.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicon")
PRODUCTS_FILE = LEXICON_DIR / "products.toml"

# A closed list, so that a typo ("orchestation") is an error rather than a new category.
CATEGORIES: tuple[str, ...] = (
    "container runtime",
    "container tooling",
    "orchestration",
    "cloud platform",
    "operating system",
    "virtualization",
    "unikernel",
    "language",
    "framework/library",
    "package manager",
    "database",
    "storage",
    "networking",
    "security tool",
    "privacy tool",
    "CI/CD",
    "configuration management",
    "monitoring",
    "messaging",
    "version control",
    "editor",
    "hardware",
    "radio",
    "web platform",
    "protocol/standard",
    "collaboration",
)

_PRODUCT_KEYS = {"name", "category", "aliases", "ambiguous", "context"}


class LexiconError(ValueError):
    """A lexicon or taxonomy file is malformed; the message names file and entry."""


@dataclass(frozen=True)
class Product:
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    source: str = ""  # file the entry came from, for error messages

    @property
    def plain_aliases(self) -> tuple[str, ...]:
        """Spellings matched case-insensitively: the name (unless it is itself
        listed as ambiguous, e.g. "Go") plus the aliases, lower-cased."""
        spellings = [] if self.name in self.ambiguous else [self.name.lower()]
        spellings += [alias.lower() for alias in self.aliases]
        return tuple(dict.fromkeys(spellings))


@dataclass
class Lexicon:
    products: tuple[Product, ...]
    # Derived look-up tables, built once in __post_init__.
    by_name: dict[str, Product] = field(init=False, repr=False)
    plain: dict[str, str] = field(init=False, repr=False)  # lower-case spelling -> product name
    cased: dict[str, tuple[str, ...]] = field(init=False, repr=False)  # exact spelling -> product names
    # Compiled matchers (analysis/mentions.py) are stored here so that they are built
    # once per Lexicon object, not once per call.
    cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_name = {p.name: p for p in self.products}
        self.plain = {}
        self.cased = {}
        for product in self.products:
            for spelling in product.plain_aliases:
                owner = self.plain.setdefault(spelling, product.name)
                if owner != product.name:
                    raise LexiconError(
                        f"{product.source}: product {product.name!r}: alias {spelling!r} "
                        f"already belongs to {owner!r} ({self.by_name[owner].source})"
                    )
            for spelling in product.ambiguous:
                self.cased[spelling] = self.cased.get(spelling, ()) + (product.name,)

    def __len__(self) -> int:
        return len(self.products)

    @property
    def n_aliases(self) -> int:
        """Distinct spellings the matcher looks for (plain + cased)."""
        return len(self.plain) + len(self.cased)

    def known_lower(self) -> frozenset[str]:
        """Every spelling of every product, lower-cased: what candidates must skip."""
        return frozenset(self.plain) | frozenset(s.lower() for s in self.cased)

    def category_of(self, name: str) -> str:
        return self.by_name[name].category


def _string_list(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: {key!r} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _parse_product(table: object, index: int, source: str) -> Product:
    where = f"{source}: product #{index + 1}"
    if not isinstance(table, dict):
        raise LexiconError(f"{where}: expected a table, got {table!r}")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise LexiconError(f"{where}: missing or empty 'name'")
    where = f"{source}: product {name!r}"
    unknown = set(table) - _PRODUCT_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_PRODUCT_KEYS)}")
    category = table.get("category")
    if category not in CATEGORIES:
        raise LexiconError(f"{where}: category {category!r} is not one of {list(CATEGORIES)}")
    return Product(
        name=name.strip(),
        category=category,
        aliases=_string_list(table.get("aliases", []), "aliases", where),
        ambiguous=_string_list(table.get("ambiguous", []), "ambiguous", where),
        context=_string_list(table.get("context", []), "context", where),
        source=source,
    )


def read_toml(path: str | Path) -> dict:
    """Read a TOML file, turning syntax errors into LexiconError with the file name."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path}: invalid TOML: {error}") from error
    except OSError as error:
        raise LexiconError(f"{path}: cannot read: {error}") from error


def read_tables(path: str | Path, key: str) -> list:
    """The `[[key]]` tables of a TOML file that holds nothing else."""
    data = read_toml(path)
    unknown = set(data) - {key}
    if unknown:
        raise LexiconError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected [[{key}]] tables")
    tables = data.get(key, [])
    if not isinstance(tables, list):
        raise LexiconError(f"{path}: '{key}' must be an array of tables ([[{key}]])")
    return tables


def read_products(path: str | Path) -> list[Product]:
    return [_parse_product(table, i, str(path)) for i, table in enumerate(read_tables(path, "product"))]


def merge_by_name(base: list, extra: list, name=lambda record: record.name) -> list:
    """Entries of `extra` replace same-named (case-insensitive) entries of `base`
    in place, so that file order (which decides ties) stays stable; new ones are appended."""
    merged = list(base)
    position = {name(record).lower(): i for i, record in enumerate(merged)}
    for record in extra:
        key = name(record).lower()
        if key in position:
            merged[position[key]] = record
        else:
            position[key] = len(merged)
            merged.append(record)
    return merged


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """The packaged products, then each extra file (overriding by name)."""
    products = read_products(PRODUCTS_FILE)
    for path in extra:
        products = merge_by_name(products, read_products(path))
    return Lexicon(tuple(products))


@lru_cache(maxsize=1)
def common_words() -> tuple[str, ...]:
    """The ordinary English words of analysis/lexicon/common_words.txt, lowercase, in file order."""
    lines = (LEXICON_DIR / "common_words.txt").read_text(encoding="utf-8").splitlines()
    return tuple(dict.fromkeys(line.strip().lower() for line in lines if line.strip() and not line.startswith("#")))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names (analysis/lexicon/first_names.txt, from the npm package human-names), lowercase."""
    lines = (LEXICON_DIR / "first_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))

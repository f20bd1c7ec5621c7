"""The enrichment's editable data: the product lexicon (analysis/lexicon/products.toml),
the theme taxonomy (analysis/lexicon/themes.toml) and the word lists.

Both files are plain data that users can extend: `load_lexicon(extra=[...])` reads
the packaged file first, then each extra TOML file of the same shape, and
`load_taxonomy` likewise. An extra entry whose name equals (case-insensitively) a
packaged one replaces it; any other entry is added. Every problem raises
`LexiconError` naming the file and the entry, because a silent typo in a
hand-edited data file would otherwise just make matches disappear.

Each distinct set of files (by path and content) is read and validated once per
process: a later call with the same files returns the same `Lexicon` or
`Taxonomy`, so what is compiled from them (the product matcher of
analysis/enrich/mentions.py, cached on the lexicon) is built once too.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..config import LEXICON_DIR, packaged_words, read_toml
from .vocab import OTHER_THEME, ProductCategory

PRODUCTS_FILE = LEXICON_DIR / "products.toml"
THEMES_FILE = LEXICON_DIR / "themes.toml"

# A closed list, so that a typo ("orchestation") is an error rather than a new category.
CATEGORIES: tuple[str, ...] = tuple(category.value for category in ProductCategory)

_PRODUCT_KEYS = {"name", "category", "aliases", "ambiguous", "context"}
_THEME_KEYS = {"name", "keywords", "products", "categories"}


class LexiconError(ValueError):
    """A lexicon or taxonomy file is malformed; the message names file and entry."""


# ----------------------------------------------------------------------- records


@dataclass(frozen=True, kw_only=True)
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


@dataclass(kw_only=True)
class Lexicon:
    products: tuple[Product, ...]
    # The files it was read from, by path and content (empty for a lexicon built in code).
    files: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # Derived look-up tables, built once in __post_init__.
    by_name: dict[str, Product] = field(init=False, repr=False)
    plain: dict[str, str] = field(init=False, repr=False)  # lower-case spelling -> product name
    cased: dict[str, tuple[str, ...]] = field(init=False, repr=False)  # exact spelling -> product names
    # Compiled matchers (analysis/enrich/mentions.py) are stored here so that they are built
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


@dataclass(frozen=True, kw_only=True)
class Theme:
    name: str
    keywords: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    source: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(k.lower() for k in self.keywords if len(k.split()) == 1)

    @property
    def phrases(self) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(k.lower().split()) for k in self.keywords if len(k.split()) > 1)


@dataclass(frozen=True, kw_only=True)
class Taxonomy:
    themes: tuple[Theme, ...]

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.themes]

    def __len__(self) -> int:
        return len(self.themes)


# ----------------------------------------------------------------------- parsing


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"{where}: {key!r} must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _checked_table(table: object, index: int, source: str, kind: str, keys: set[str]) -> tuple[dict, str]:
    """An entry of a data file: a table with a non-empty name and only known keys; and
    where it is, for messages."""
    where = f"{source}: {kind} #{index + 1}"
    if not isinstance(table, dict):
        raise LexiconError(f"{where}: expected a table, got {table!r}")
    if not isinstance(table.get("name"), str) or not table["name"].strip():
        raise LexiconError(f"{where}: missing or empty 'name'")
    where = f"{source}: {kind} {table['name']!r}"
    unknown = set(table) - keys
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(keys)}")
    return table, where


def _parse_product(table: object, index: int, source: str) -> Product:
    table, where = _checked_table(table, index, source, "product", _PRODUCT_KEYS)
    category = table.get("category")
    if category not in CATEGORIES:
        raise LexiconError(f"{where}: category {category!r} is not one of {list(CATEGORIES)}")
    return Product(
        name=table["name"].strip(),
        category=category,
        aliases=_strings(table.get("aliases", []), "aliases", where),
        ambiguous=_strings(table.get("ambiguous", []), "ambiguous", where),
        context=_strings(table.get("context", []), "context", where),
        source=source,
    )


def _parse_theme(table: object, index: int, source: str, lexicon: Lexicon) -> Theme:
    table, where = _checked_table(table, index, source, "theme", _THEME_KEYS)
    theme = Theme(
        name=table["name"].strip(),
        keywords=_strings(table.get("keywords", []), "keywords", where),
        products=_strings(table.get("products", []), "products", where),
        categories=_strings(table.get("categories", []), "categories", where),
        source=source,
    )
    if theme.name == OTHER_THEME:
        raise LexiconError(f"{where}: {OTHER_THEME!r} is reserved for talks without a theme")
    missing = [p for p in theme.products if p not in lexicon.by_name]
    if missing:
        raise LexiconError(f"{where}: unknown product(s) {missing}; use canonical names from products.toml")
    bad = [c for c in theme.categories if c not in CATEGORIES]
    if bad:
        raise LexiconError(f"{where}: unknown categor(y/ies) {bad}; allowed: {list(CATEGORIES)}")
    too_long = [k for k in theme.keywords if len(k.split()) > 3]
    if too_long:
        raise LexiconError(f"{where}: keyword phrases have at most 3 words: {too_long}")
    return theme


def read_tables(path: str | Path, key: str) -> list:
    """The `[[key]]` tables of a TOML file that holds nothing else."""
    data = read_toml(path, LexiconError)
    unknown = set(data) - {key}
    if unknown:
        raise LexiconError(f"{path}: unknown top-level key(s) {sorted(unknown)}; expected [[{key}]] tables")
    tables = data.get(key, [])
    if not isinstance(tables, list):
        raise LexiconError(f"{path}: '{key}' must be an array of tables ([[{key}]])")
    return tables


def read_products(path: str | Path) -> list[Product]:
    return [_parse_product(table, i, str(path)) for i, table in enumerate(read_tables(path, "product"))]


def read_themes(path: str | Path, lexicon: Lexicon) -> list[Theme]:
    return [_parse_theme(table, i, str(path), lexicon) for i, table in enumerate(read_tables(path, "theme"))]


Named = TypeVar("Named", Product, Theme)


def merge_by_name(base: list[Named], extra: list[Named], name: Callable[[Named], str] = lambda record: record.name) -> list[Named]:
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


# ----------------------------------------------------------------------- loading

_LOADED: OrderedDict[tuple, Lexicon | Taxonomy] = OrderedDict()
_MAX_LOADED = 16  # distinct file sets kept; the least recently used goes first


def file_set(paths: Iterable[str | Path]) -> tuple[tuple[str, str], ...]:
    """(path, content hash) of each file, in order: what a lexicon or taxonomy read from
    them depends on."""
    found = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise LexiconError(f"{path}: cannot read: {error}") from error
        found.append((str(Path(path).resolve()), hashlib.blake2b(data, digest_size=16).hexdigest()))
    return tuple(found)


def _once(key: tuple, build: Callable[[], Lexicon | Taxonomy]) -> Lexicon | Taxonomy:
    if key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    value = _LOADED[key] = build()
    if len(_LOADED) > _MAX_LOADED:
        _LOADED.popitem(last=False)
    return value


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """The packaged products, then each extra file (overriding by name); the same
    object for the same files with the same content."""
    paths = (PRODUCTS_FILE, *extra)
    files = file_set(paths)

    def build() -> Lexicon:
        products = read_products(paths[0])
        for path in paths[1:]:
            products = merge_by_name(products, read_products(path))
        return Lexicon(products=tuple(products), files=files)

    return _once(("lexicon", files), build)


def load_taxonomy(extra: Iterable[str | Path] = (), lexicon: Lexicon | None = None) -> Taxonomy:
    """The packaged themes, then each extra file (a theme with the same name replaces
    the packaged one). Product names are checked against `lexicon` (default: the
    packaged lexicon). The same object for the same files and the same lexicon files."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    paths = (THEMES_FILE, *extra)

    def build() -> Taxonomy:
        themes = read_themes(paths[0], lexicon)
        for path in paths[1:]:
            themes = merge_by_name(themes, read_themes(path, lexicon))
        return Taxonomy(themes=tuple(themes))

    if not lexicon.files:  # a lexicon built in code: nothing to key on
        return build()
    return _once(("taxonomy", lexicon.files, file_set(paths)), build)


@lru_cache(maxsize=1)
def common_words() -> tuple[str, ...]:
    """The ordinary English words of analysis/lexicon/common_words.txt, lowercase, in file order."""
    return tuple(dict.fromkeys(word.lower() for word in packaged_words("common_words.txt")))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names (analysis/lexicon/first_names.txt, from the npm package human-names), lowercase."""
    return frozenset(name.lower() for name in packaged_words("first_names.txt"))

"""Build the packaged product lexicon (analysis/lexicon/products.toml).

Run by `make lexicon`, at build time only. It reads the hand-curated entries of
analysis/lexicon/products_curated.toml and four pinned public lists, taken from
their npm tarballs:

* simple-icons (CC0-1.0): ~3,500 brands, with their aliases (aka, old names, dups);
* linguist-languages (MIT): GitHub Linguist's languages (programming and markup only);
* devicon (MIT): developer tools, with tags that give categories and context words;
* @mdn/browser-compat-data (CC0-1.0): the browsers and JavaScript runtimes MDN tracks,
  with their two-letter identifiers as abbreviations ("ie": IE, matched in capitals);
* @iconify-json/logos (CC0-1.0): Gil Barbara's ~2,000 "SVG logos" of developer tools and
  services. It gives icon names only ("browsersync", "aws-app-mesh", "cyclejs"), so an entry's
  name is made from its icon name (LOGO_WORDS, ".js"/".io" endings, "-lang" languages), and
  only names of 4+ characters that are not among the 20,000 common English words are taken,
  and only where no other list's entry spells them. Their written case is a guess, so in prose
  they count only as written Capitalised ("Bugsnag"; a short one in capitals too: "JSCS"), or
  mid-sentence when a rarer English word (of word-list's 274,000: "Yeoman", "Truffle");
* word-list (MIT): English words, used only to tell which logo names are words.

A tarball is taken from $CONFNOTES_NPM_DIR or /tmp/npm when it is there with the
pinned version, and fetched with `npm pack NAME@VERSION` otherwise; its sha256 is
recorded in the output's header. The output is committed: neither the tests nor
a user's load ever need npm.

How entries are made (the rules are all here, as data tables; no entry is typed in):

* Each list entry is mapped to one of confnotes' categories
  (analysis/enrich/vocab.py): devicon tags through DEVICON_TAGS, linguist
  languages are "language", simple-icons brands through TITLE_RULES, and
  "application/service" for the brands no rule places.
* Entries of the three lists that name the same product (same name once case and
  punctuation are dropped, or a devicon/linguist alias equal to a brand's name)
  are merged, their aliases pooled.
* The curated entries win: a list entry whose name (or "Vendor Name", for the
  vendors of VENDORS) is a curated spelling adds only its new aliases to that
  curated entry; the curated name, category, case rules and context stay.
  A list alias that another entry already spells is dropped, as is an alias
  that is an English word or shorter than 3 characters.
* A curated entry's case-sensitive spelling ("Rails" of Ruby on Rails) is no list entry's name.
* The bare name of a ".js" library that no entry spells ("Node" of Node.js) is one more spelling
  of it (JS_CONTEXT, FREQUENT_WORDS).
* Ambiguity is data: a list entry whose name is an English word (one of the
  20,000 of analysis/lexicon/common_words.txt), two characters or fewer, or a
  short all-capital acronym, is written with `ambiguous` (its written spelling)
  and `rules`, the evidence that makes a match count (analysis/enrich/lexicon.py
  documents them): in prose only "mid-sentence" in its written case (or "cased"
  for multi-word names and acronyms), or with a "context" word from its devicon
  tags, or in "code", "link" labels and URLs, and "title"s.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICON = ROOT / "analysis" / "lexicon"
CURATED = LEXICON / "products_curated.toml"
OUT = LEXICON / "products.toml"
COMMON_WORDS = LEXICON / "common_words.txt"

# name, pinned version, licence, home page
SOURCES = {
    "simple-icons": ("16.37.0", "CC0-1.0", "https://simpleicons.org"),
    "linguist-languages": ("9.5.0", "MIT", "https://github.com/ikatyang-collab/linguist-languages"),
    "devicon": ("2.17.0", "MIT", "https://devicon.dev"),
    "@mdn/browser-compat-data": ("8.1.9", "CC0-1.0", "https://github.com/mdn/browser-compat-data"),
    "@iconify-json/logos": ("1.2.19", "CC0-1.0", "https://github.com/gilbarbara/logos"),
    "word-list": ("4.1.0", "MIT", "https://github.com/sindresorhus/word-list"),  # English words, not products
}
# Icon names of @iconify-json/logos: a variant of a logo ("docker-icon", "react-wordmark",
# "github-octocat") is the same product; these endings and descriptors say which are variants.
LOGO_VARIANT = re.compile(
    r"(?:-(?:icon|wordmark|logo|alt|dark|light|mono|monochrome|monochromatic|square|horizontal|vertical|text|simple"
    r"|full|plain|round|clean|classic|old|official|color|colored|inverse|white|black|badge|ru"
    r"|octocat|tomster|tux|freddie|shield|pirate|\d+))+$")
# Logos of ideas, standards and coding terms, not products.
LOGO_NOT_PRODUCTS = {"opensource", "webhooks", "refactor", "stdlib", "copyleft", "oshw", "freedomdefined",
                     "webplatform", "web-fundamentals", "promises", "todomvc", "perf-rocks"}
# Words of an icon name written in capitals in a product's name ("aws-app-mesh": AWS App Mesh).
LOGO_WORDS = {"aws": "AWS", "ibm": "IBM", "gnu": "GNU", "api": "API", "sdk": "SDK", "cli": "CLI", "ui": "UI",
              "css": "CSS", "html": "HTML", "ai": "AI", "db": "DB", "sql": "SQL", "os": "OS", "ci": "CI", "qa": "QA"}
# A browser's two-letter identifier in MDN's compatibility data is its usual abbreviation ("ie": IE).
# "Chrome Android", "Safari on iOS": a platform's edition of a browser is the browser.
BROWSER_EDITION = re.compile(r" (?:Android|on iOS|for Android)$")
# The bare name of a ".js" library ("Node" of Node.js) is a spelling of it, written in its case, in
# a talk that says it is about JavaScript; unless the bare name is among the most frequent English
# words (of common_words.txt, in wordfreq's order: "Next", "Three", "Matter", "Chart").
JS_CONTEXT = ["javascript", "js", "npm", "typescript", "node.js", "angular", "vue", "ember", "jquery", "webpack", "electron"]
FREQUENT_WORDS = 5000

# devicon tag -> category; the first tag of this table that an entry has decides.
DEVICON_TAGS: list[tuple[str, str]] = [
    ("testing", "testing"), ("test", "testing"),
    ("package-manager", "package manager"),
    ("task-runner", "build tool"), ("bundler", "build tool"), ("build-tool", "build tool"), ("compiler", "build tool"),
    ("database", "database"), ("nosql", "database"), ("sql", "database"),
    ("machine-learning", "data science"), ("deep-learning", "data science"), ("data-science", "data science"),
    ("statistics", "data science"), ("data-visualization", "data science"), ("notebook", "data science"),
    ("version-control", "version control"), ("git", "version control"),
    ("container", "container tooling"), ("kubernetes", "orchestration"),
    ("monitoring", "monitoring"), ("observability", "monitoring"),
    ("security", "security tool"), ("auth", "security tool"),
    ("os", "operating system"), ("operating-system", "operating system"), ("distribution", "operating system"),
    ("continuous-integration", "CI/CD"), ("continuous-delivery", "CI/CD"), ("ci", "CI/CD"),
    ("provisioning", "configuration management"), ("infrastructure", "configuration management"),
    ("cloud", "cloud platform"), ("hosting", "cloud platform"), ("serverless", "cloud platform"),
    ("editor", "editor"), ("ide", "editor"),
    ("design", "design"), ("graphics", "design"), ("ui-kit", "design"),
    ("browser", "web platform"), ("cms", "web platform"),
    ("chat", "collaboration"), ("messaging", "messaging"), ("queue", "messaging"),
    ("networking", "networking"), ("network", "networking"),
    ("storage", "storage"),
    ("language", "language"),
    ("pre-processor", "framework/library"), ("framework", "framework/library"), ("library", "framework/library"),
    ("css", "framework/library"), ("ui", "framework/library"),
]
# Tags too general to tell a talk's subject: never context words.
GENERIC_TAGS = {
    "programming", "language", "framework", "library", "open-source", "platform", "tool", "software", "web",
    "application", "app", "development", "server", "api", "manager", "package", "design", "cloud", "data",
    "integration", "automation", "deployment", "engine", "editor", "ide", "os", "mobile", "desktop", "ui",
    "frontend", "backend", "build", "testing", "test", "cross-platform", "functional", "script", "scripting",
    "command", "hosting", "database", "graphics", "graphic", "3d", "game", "game-engine", "animation", "documentation",
    "markup", "documentation", "organize", "version", "logs", "elastic", "browser", "security", "auth",
}
# simple-icons titles (no devicon entry): a pattern of the title -> category; first match decides.
TITLE_RULES: list[tuple[str, str]] = [
    (r"(?i)(?:\.js|js)$", "framework/library"),
    (r"(?i)\b(?:db|sql)\b|(?:db|sql)$", "database"),
    (r"(?i)\b(?:linux|os)$", "operating system"),
    (r"(?i)\bcloud\b", "cloud platform"),
    (r"(?i)\b(?:ci|pipelines?)$", "CI/CD"),
]
DEFAULT_CATEGORY = "application/service"
LINGUIST_TYPES = {"programming", "markup"}  # data formats and prose are no products
# "Apache Solr" is the curated "Solr": a vendor's name before a curated name is an alias of it.
VENDORS = {"apache", "google", "microsoft", "amazon", "aws", "adobe", "atlassian", "ibm", "oracle", "hashicorp",
           "gnu", "mozilla", "eclipse", "jetbrains", "azure", "apple", "meta", "facebook"}


@dataclass
class Entry:
    name: str
    category: str
    aliases: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    origin: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)  # all-capital abbreviations ("IE"), matched in their case


def key(name: str) -> str:
    """A name compared without case or punctuation ("Vue.js" = "vuejs")."""
    return re.sub(r"[^0-9a-z+#]", "", name.lower())


# ----------------------------------------------------------------------- reading the lists


def tarball(name: str, version: str, folder: Path) -> Path:
    file = f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"  # npm pack's name for "@scope/name"
    for where in (os.environ.get("CONFNOTES_NPM_DIR"), "/tmp/npm"):
        if where and (Path(where) / file).is_file():
            return Path(where) / file
    subprocess.run(["npm", "pack", f"{name}@{version}", "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)
    return folder / file


def read_member(tar: tarfile.TarFile, path: str) -> str:
    return tar.extractfile(tar.getmember(path)).read().decode("utf-8")


def js_object(source: str) -> dict:
    """The object literal of a linguist data module (`export default {...}`)."""
    body = source.split("export default", 1)[1].strip().rstrip(";")
    body = re.sub(r"^(\s*)([A-Za-z_]\w*):", r"\1'\2':", body, flags=re.M)
    body = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", body))
    return ast.literal_eval(body)


def simple_icons(tar: tarfile.TarFile) -> list[Entry]:
    entries = []
    for icon in json.loads(read_member(tar, "package/data/simple-icons.json")):
        aliases = icon.get("aliases", {})
        names = list(aliases.get("aka", [])) + list(aliases.get("old", []))
        entries.append(Entry(icon["title"], "", names, origin=["simple-icons"]))
        for dup in aliases.get("dup", []):  # another brand drawn with the same logo
            entries.append(Entry(dup["title"], "", origin=["simple-icons"]))
    return entries


def devicon(tar: tarfile.TarFile) -> list[Entry]:
    entries = []
    for icon in json.loads(read_member(tar, "package/devicon.json")):
        tags = [t.lower() for t in icon.get("tags", [])]
        category = next((c for tag, c in DEVICON_TAGS if tag in tags), "")
        altnames = list(icon.get("altnames", []))
        # devicon names are slugs ("amazonwebservices"); an altname written with capitals is the display name.
        display = next((a for a in altnames if a != a.lower() and key(a) != key(icon["name"]) + "os"), icon["name"])
        context = [t.replace("-", " ") for t in tags if t not in GENERIC_TAGS and len(t) > 2]
        entries.append(Entry(display, category, [icon["name"], *altnames], context, ["devicon"]))
    return entries


def linguist(tar: tarfile.TarFile) -> list[Entry]:
    entries = []
    for member in tar.getmembers():
        if member.name.startswith("package/data/") and member.name.endswith(".js"):
            language = js_object(read_member(tar, member.name))
            if language.get("type") in LINGUIST_TYPES:
                entries.append(Entry(language["name"], "language", list(language.get("aliases", [])), origin=["linguist-languages"]))
    return entries


def browsers(tar: tarfile.TarFile) -> list[Entry]:
    found: dict[str, Entry] = {}
    for ident, browser in json.loads(read_member(tar, "package/data.json"))["browsers"].items():
        name = BROWSER_EDITION.sub("", browser["name"])
        entry = found.setdefault(name, Entry(name, "web platform", origin=["browser-compat-data"]))
        if len(ident) == 2:
            entry.short.append(ident.upper())
    return list(found.values())


def logo_name(icon: str) -> tuple[str, str]:
    """(product name, category or "") of a logo's icon name: "cyclejs" -> Cycle.js,
    "builder-io" -> Builder.io, "grain-lang" -> the language Grain, "aws-app-mesh" -> AWS App Mesh."""
    parts = LOGO_VARIANT.sub("", icon).split("-")
    category = ""
    if len(parts) > 1 and parts[-1] == "lang":
        parts, category = parts[:-1], "language"
    words = [LOGO_WORDS.get(p, p[:1].upper() + p[1:]) for p in parts]
    if len(words) == 2 and parts[1] == "plusplus":  # "c-plusplus": C++
        return words[0] + "++", category
    if len(words) > 1 and parts[-1] in ("js", "io"):
        return " ".join(words[:-2] + [words[-2] + "." + parts[-1]]), category
    if len(words) == 1 and parts[0].endswith("js") and len(parts[0]) > 4:
        return words[0][:-2] + ".js", category
    return " ".join(words), category


def logos(tar: tarfile.TarFile, common: set[str]) -> list[Entry]:
    """The logos' products: one entry per icon name less its variants; names that are an
    English word or shorter than 4 characters are left out (see the module's docstring)."""
    entries: dict[str, Entry] = {}
    for icon in json.loads(read_member(tar, "package/icons.json"))["icons"]:
        if LOGO_VARIANT.sub("", icon) in LOGO_NOT_PRODUCTS:
            continue
        name, category = logo_name(icon)
        if len(key(name)) < 4 or name.lower() in common or all(w.lower() in common for w in name.split()):
            continue
        entries.setdefault(key(name), Entry(name, category, origin=["logos"]))
    return list(entries.values())


# ----------------------------------------------------------------------- merging


def category_of_title(title: str) -> str:
    return next((c for pattern, c in TITLE_RULES if re.search(pattern, title)), DEFAULT_CATEGORY)


def merge_lists(brands: list[Entry], tools: list[Entry], languages: list[Entry], browser_list: list[Entry] = (),
                logo_list: list[Entry] = ()) -> list[Entry]:
    """One entry per product: devicon, linguist, browser and logo entries join the brand of the same name."""
    merged: dict[str, Entry] = {}
    for entry in brands:
        merged.setdefault(key(entry.name), entry)
    for entry in [*tools, *languages, *browser_list, *logo_list]:
        spellings = [entry.name, *entry.aliases]
        target = next((merged[key(s)] for s in spellings if key(s) in merged), None)
        if target is not None and entry.origin == ["browser-compat-data"] and target.origin == ["linguist-languages"]:
            merged["browser " + key(entry.name)] = entry  # the browser Edge is no language Edge
            continue
        if target is None:
            merged[key(entry.name)] = entry
            continue
        if entry.origin == ["logos"]:  # a name made from an icon name: the list's own name wins
            target.origin += [o for o in entry.origin if o not in target.origin]
            continue
        target.aliases += [a for a in spellings if a != target.name]
        target.short += [a for a in entry.short if a not in target.short]
        target.category = target.category or entry.category
        target.context += [c for c in entry.context if c not in target.context]
        target.origin += [o for o in entry.origin if o not in target.origin]
    for entry in merged.values():
        entry.category = entry.category or category_of_title(entry.name)
    return list(merged.values())


def words_of(path: Path) -> set[str]:
    return {line.strip().lower() for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")}


def ordered_words(path: Path) -> list[str]:
    return [line.strip().lower() for line in path.read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]


def is_english(name: str, common: set[str]) -> bool:
    return name.lower() in common


def ambiguity(name: str, common: set[str], context: list[str], origin: list[str], known: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(`ambiguous`, `rules`) of a list entry's name; ([], []) when it is matched plainly.

    Names from the developer lists (devicon, linguist) are tools and languages: a short
    one ("R", "HTML") counts in prose too, written in its case. A brand's initials
    ("JSR", "CCC") or very short name ("F1", "B") from simple-icons alone are other
    things' names as often: only code, links and titles tell."""
    words = name.split()
    acronym = name.isupper() and 2 <= len(name) <= 4
    developer = any(o in ("devicon", "linguist-languages") for o in origin)
    if len(words) > 1:
        # "Apple Pay", "Material Design"; "Linux Containers" (a product's name and a common word)
        if all(w.lower() in common or len(w) <= 2 or w.lower() in known for w in words):
            return [name], ["cased", "code", "link", "title"]
        return [], []
    if not (is_english(name, common) or len(name) <= 3 or acronym):
        return [], []
    if name == name.lower() or ((acronym or len(name) <= 2) and not developer):
        # "uv", "here": written in lower case, every case is theirs, so prose tells nothing.
        rules = ["code", "link", "title"]
    elif acronym:
        rules = ["cased", "code", "link", "title"]
    else:
        rules = ["mid-sentence", "code", "link", "title"]
    if context:
        rules.insert(1, "context")
    return [name], rules


def usable_alias(alias: str, common: set[str]) -> bool:
    return len(alias) >= 3 and alias.lower() not in common and not alias.startswith(".") and "\n" not in alias


def build(curated_tables: list[dict], listed: list[Entry], common: set[str], frequent: set[str] = frozenset(),
          english: set[str] = frozenset(), not_products: frozenset[str] = frozenset()) -> tuple[list[dict], list[dict]]:
    """(curated tables with list aliases added, generated tables). No list entry is named, and no
    list alias spelt, as one of `not_products` (the curated file's names of other things)."""
    listed = [entry for entry in listed if entry.name.lower() not in not_products]
    owner: dict[str, int] = {}  # lower-case spelling -> index into `tables`
    tables = [dict(t) for t in curated_tables]
    cased_only: set[str] = set()  # curated case-sensitive spellings of another name ("YARN" of Hadoop YARN)
    for i, table in enumerate(tables):
        for spelling in [table["name"], *table.get("aliases", [])]:
            owner.setdefault(spelling.lower(), i)
        cased_only.update(s.lower() for s in table.get("ambiguous", []) if s.lower() != table["name"].lower())
    # common_words.txt leaves out the curated spellings; those the curated entries match only
    # in their case are English words all the same ("Edge", "Apache").
    common = common | {s.lower() for t in curated_tables for s in t.get("ambiguous", [])}
    taken = set(owner) | cased_only | not_products  # spellings no list alias may have
    curated_words = frozenset(s for s in owner if " " not in s)
    curated_keys = {key(t["name"]): i for i, t in enumerate(tables)}
    n_curated = len(tables)
    # Entries that several lists name come first; a logo name adds nothing to them (see merge_lists).
    # The names made from logos come last, and only where no entry spells the name in any way
    # ("Knex" is Knex.js's, "Jruby" Ruby's): the lists' own names and aliases win.
    owned_keys: set[str] | None = None
    common_or_english = common | english  # what a logo name (its case unknown) is checked against
    for entry in sorted(listed, key=lambda e: (e.origin == ["logos"], len([o for o in e.origin if o != "logos"]) == 1, e.name.lower())):
        if entry.origin == ["logos"]:
            owned_keys = {key(s) for s in owner} if owned_keys is None else owned_keys
            bare = re.sub(r"(?i)(?:\.js|\.io)$", "", entry.name)
            if key(entry.name) in owned_keys or key(bare) in owned_keys or key(bare + "js") in owned_keys:
                continue
            owned_keys.add(key(entry.name))
        spellings = [entry.name, *entry.aliases]
        words = entry.name.split()
        at = next((owner[s.lower()] for s in spellings if s.lower() in owner and owner[s.lower()] < n_curated), None)
        if at is None:
            at = next((curated_keys[key(s)] for s in spellings if key(s) in curated_keys), None)
        if at is None and len(words) > 1 and words[0].lower() in VENDORS and " ".join(words[1:]).lower() in owner:
            at = owner[" ".join(words[1:]).lower()] if owner[" ".join(words[1:]).lower()] < n_curated else None
        # "Backbone.js" and "Backbone", "Meetup.com" and "Meetup" are one product: a name is a
        # curated one with or without ".js" or a site's ending. The curated name was chosen
        # (it keeps "meetup" from matching every meetup): the list's name is no plain alias of it.
        renamed = False
        bare = re.sub(r"(?i)(?:\.js|js| js|\.com|\.io|\.org|\.net)$", "", entry.name)
        others = (bare,) if bare != entry.name else tuple(entry.name + end for end in (".js", ".com", ".io", ".org", ".net"))
        for other in others:  # (a language is no library: the language Io is not the curated "io.js")
            if at is None and other.lower() in owner and owner[other.lower()] < n_curated and entry.origin != ["linguist-languages"]:
                at, renamed = owner[other.lower()], True
        if at is None and entry.origin == ["browser-compat-data"]:  # "Edge" is the curated "Microsoft Edge"
            at = next((owner[f"{v} {entry.name.lower()}"] for v in sorted(VENDORS) if owner.get(f"{v} {entry.name.lower()}", n_curated) < n_curated), None)
        if at is None and entry.name.lower() in owner:  # an earlier list entry spells it: that one wins
            continue
        if at is None and entry.name.lower() in cased_only:  # a curated entry's case-sensitive spelling ("Rails")
            continue
        if at is not None and entry.origin == ["logos"]:  # a name made from an icon name adds no alias
            continue
        if at is not None:  # a curated product: only its new aliases
            table = tables[at]
            new = [s for s in spellings if usable_alias(s, common) and s.lower() not in taken and not (renamed and s == entry.name)]
            ambiguous, rules = ambiguity(entry.name, common, [], entry.origin)
            if ambiguous and not table.get("ambiguous") and entry.name.lower() not in taken:
                # The list's name of a curated entry ("R" of "R language"), with the list's rules.
                table["ambiguous"] = ambiguous
                table["rules"] = (["context"] if table.get("context") else []) + rules
                taken.add(entry.name.lower())
                new = new or [None]
            short = [a for a in entry.short if a.lower() not in taken]
            if short and not table.get("ambiguous"):  # "IE" of the curated "Internet Explorer"
                table["ambiguous"] = short
                table["rules"] = (["context"] if table.get("context") else []) + ["cased", "code", "link", "title"]
                taken.update(a.lower() for a in short)
                new = new or [None]
            new = [s for s in new if s is not None] if new != [None] else new
            if new:
                if new != [None]:
                    table["aliases"] = [*table.get("aliases", []), *dict.fromkeys(new)]
                table["origin"] = ", ".join(dict.fromkeys(["curated", *table.get("origin", "").split(", ")[1:], *entry.origin]))
                for s in new if new != [None] else []:
                    owner[s.lower()] = at
                    taken.add(s.lower())
            continue
        from_logo = entry.origin == ["logos"]
        words_known = common_or_english if from_logo else common
        ambiguous, rules = ambiguity(entry.name, words_known, entry.context, entry.origin, curated_words)
        if from_logo and not ambiguous:
            # A name made from an icon name: its written case is a guess, and words of coding
            # ("codebase", "webhooks") are in no dictionary; in prose only as written
            # Capitalised (or in capitals, for a short one: "JSCS"), in any case in code and links.
            ambiguous = [entry.name] + ([entry.name.upper()] if len(entry.name) <= 5 and " " not in entry.name else [])
            rules = ["cased", "code", "link", "title"]
        table = {"name": entry.name, "category": entry.category}
        aliases = []
        # "Microsoft Excel" is "Excel" too: a vendor's product goes by its own name (not a guessed one).
        if len(words) > 1 and words[0].lower() in VENDORS and not from_logo:
            tail = " ".join(words[1:])
            if tail.lower() not in taken and len(tail) > 3:
                if usable_alias(tail, common):
                    entry.aliases.append(tail)
                else:  # "Excel" needs the rules of an English word; "Microsoft Excel" needs none
                    tail_ambiguous, tail_rules = ambiguity(tail, common, entry.context, entry.origin)
                    if tail_ambiguous:
                        ambiguous, rules = tail_ambiguous, tail_rules
        for alias in dict.fromkeys(entry.aliases):
            if alias.lower() != entry.name.lower() and usable_alias(alias, common) and alias.lower() not in taken:
                aliases.append(alias)
        if aliases:
            table["aliases"] = aliases
        short = [a for a in entry.short if a.lower() not in taken]
        if short and not ambiguous:
            ambiguous, rules = short, ["cased", "code", "link", "title"]
        if ambiguous:
            table["ambiguous"] = ambiguous
            if entry.context:
                table["context"] = entry.context
            table["rules"] = rules
        table["origin"] = ", ".join(entry.origin)
        tables.append(table)
        for s in [entry.name, *aliases]:
            owner.setdefault(s.lower(), len(tables) - 1)
            taken.add(s.lower())
    for table in tables[:n_curated]:
        table.setdefault("origin", "curated")
    js_short_forms(tables, taken, common, frequent)
    return tables[:n_curated], tables[n_curated:]


def js_short_forms(tables: list[dict], taken: set[str], common: set[str], frequent: set[str]) -> None:
    """"Node" of Node.js: the bare name of a ".js" library that no entry spells. Not an English
    word: a plain alias ("Knex"); an English word, unless a most frequent one: matched in its case
    with a JavaScript context word in the talk, or in code, links and titles."""
    for table in tables:
        bare = table["name"][:-3] if table["name"].lower().endswith(".js") else ""
        if len(bare) < 3 or bare.lower() in taken or bare.lower() in frequent or table.get("ambiguous") or not bare[0].isalpha():
            continue
        taken.add(bare.lower())
        if bare.lower() not in common:
            table["aliases"] = [*table.get("aliases", []), bare]
            continue
        table["ambiguous"] = [bare]
        table["context"] = [*table.get("context", []), *(c for c in JS_CONTEXT if c not in table.get("context", []))]
        table["rules"] = ["context", "code", "link", "title"]


# ----------------------------------------------------------------------- writing


def toml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


KEY_ORDER = ("name", "category", "aliases", "ambiguous", "context", "rules", "origin")


def write(curated: list[dict], generated: list[dict], provenance: list[str], curated_hash: str) -> str:
    lines = [
        "# The packaged product lexicon of confnotes. GENERATED by scripts/build_lexicon.py (`make lexicon`):",
        "# do not edit; edit analysis/lexicon/products_curated.toml (or the script's mapping) and run `make lexicon`.",
        "#",
        "# Sources (read from their npm tarballs at build time only):",
        *provenance,
        f"#   curated: analysis/lexicon/products_curated.toml, sha256 {curated_hash}",
        "#",
        "# Keys: see products_curated.toml. `origin` names the lists an entry comes from; `rules` (list entries whose",
        "# name is an English word, very short, or an acronym) says which evidence makes a match count:",
        "#   cased         written exactly as an `ambiguous` spelling, anywhere",
        "#   mid-sentence  written exactly so, after a lower-case word (not at a sentence start, not in Title Case)",
        "#   context       written exactly so, and a `context` word in the same talk",
        "#   code          inside a `code span` or a code note, in any case",
        "#   link          a link's label that is the spelling, in any case, or the product a link's URL names",
        "#   title         in a talk or segment title, written exactly so, not inside a run of Capitalised Words",
        f"# Entries: {len(curated)} curated, {len(generated)} from the lists.",
        "",
    ]
    for section, tables in (("curated entries (they win over the lists)", curated), ("entries from the public lists", generated)):
        lines += [f"# ---- {section} ----", ""]
        for table in tables:
            lines.append("[[product]]")
            lines += [f"{k} = {toml_value(table[k])}" for k in KEY_ORDER if k in table]
            lines.append("")
    return "\n".join(lines)


def main() -> None:
    common = words_of(COMMON_WORDS)
    frequent = set(ordered_words(COMMON_WORDS)[:FREQUENT_WORDS])
    curated_bytes = CURATED.read_bytes()
    curated_data = tomllib.loads(curated_bytes.decode("utf-8"))
    curated_tables = curated_data["product"]
    provenance = []
    with tempfile.TemporaryDirectory() as folder:
        lists = {}
        for name, (version, licence, home) in SOURCES.items():
            path = tarball(name, version, Path(folder))
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            with tarfile.open(path) as tar:
                package = json.loads(read_member(tar, "package/package.json"))
                if package["version"] != version:
                    raise SystemExit(f"{path}: version {package['version']}, pinned {version}")
                readers = {"simple-icons": simple_icons, "devicon": devicon, "linguist-languages": linguist,
                           "@mdn/browser-compat-data": browsers, "@iconify-json/logos": lambda t: logos(t, common),
                           "word-list": lambda t: set(read_member(t, "package/words.txt").split())}
                lists[name] = readers[name](tar)
            provenance.append(f"#   {name} {version} (npm), licence {licence}, {home}, tarball sha256 {digest}")
    listed = merge_lists(lists["simple-icons"], lists["devicon"], lists["linguist-languages"], lists["@mdn/browser-compat-data"],
                         lists["@iconify-json/logos"])
    curated, generated = build(curated_tables, listed, common, frequent, lists["word-list"],
                               not_products=frozenset(s.lower() for s in curated_data.get("not_products", [])))
    generated.sort(key=lambda t: (t["category"], t["name"].lower()))
    OUT.write_text(write(curated, generated, provenance, hashlib.sha256(curated_bytes).hexdigest()), encoding="utf-8")
    print(f"wrote {len(curated)} curated and {len(generated)} listed products to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()

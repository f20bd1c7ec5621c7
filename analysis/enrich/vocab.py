"""The enrichment's closed vocabulary: the categories of products.

A `StrEnum`, like the reader's (analysis/read/vocab.py): the lexicon accepts only
its members, and the schema builds the `mentions.category` dtype from it, so a new
category is one line here (and its products in products_curated.toml, or a rule of
scripts/build_lexicon.py that maps list entries onto it).

The curated entries name their category. Entries from the public lists get theirs
from scripts/build_lexicon.py: devicon's tags through DEVICON_TAGS ("testing" ->
testing, "task-runner" -> build tool, "machine-learning" -> data science, "design"
-> design, "database", "editor", "cms" -> web platform ...), linguist's programming
and markup languages -> language, simple-icons titles through TITLE_RULES (".js" ->
framework/library, "DB"/"SQL" -> database, "Linux"/"OS" -> operating system, "Cloud"
-> cloud platform) and every other brand -> application/service.
"""
from __future__ import annotations

from enum import StrEnum


class ProductCategory(StrEnum):
    CONTAINER_RUNTIME = "container runtime"
    CONTAINER_TOOLING = "container tooling"
    ORCHESTRATION = "orchestration"
    CLOUD_PLATFORM = "cloud platform"
    OPERATING_SYSTEM = "operating system"
    VIRTUALIZATION = "virtualization"
    UNIKERNEL = "unikernel"
    LANGUAGE = "language"
    FRAMEWORK_LIBRARY = "framework/library"
    PACKAGE_MANAGER = "package manager"
    DATABASE = "database"
    STORAGE = "storage"
    NETWORKING = "networking"
    SECURITY_TOOL = "security tool"
    PRIVACY_TOOL = "privacy tool"
    CI_CD = "CI/CD"
    CONFIGURATION_MANAGEMENT = "configuration management"
    MONITORING = "monitoring"
    MESSAGING = "messaging"
    VERSION_CONTROL = "version control"
    EDITOR = "editor"
    HARDWARE = "hardware"
    RADIO = "radio"
    WEB_PLATFORM = "web platform"
    PROTOCOL_STANDARD = "protocol/standard"
    COLLABORATION = "collaboration"
    # Added for the public lists (scripts/build_lexicon.py maps their entries onto these too).
    TESTING = "testing"
    BUILD_TOOL = "build tool"
    DATA_SCIENCE = "data science"
    DESIGN = "design"
    APPLICATION_SERVICE = "application/service"  # apps, online services and brands no finer category fits


class MentionVia(StrEnum):
    """Where a product mention was found."""

    TEXT = "text"  # the prose of a note
    CODE = "code"  # a `code span` or a code note
    TITLE = "title"  # a talk's title (note_id <NA>) or a segment title (the note it heads)


# The theme of a talk that no theme of the taxonomy fits.
OTHER_THEME = "Other"

"""The companies catalog: every company's names, aliases and kind, and where they are named.

The catalog is read from a TOML file (``companies.toml`` beside this module, or the
file ``TOPIC_COMPANIES_FILE`` names); :func:`mentions` counts the names in a text.

Settings read (by :func:`catalog_from_settings`): ``TOPIC_COMPANIES_FILE``.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the extraction workers load this module and need no Scrapy
    from scrapy.settings import BaseSettings

DEFAULT_COMPANIES_FILE = Path(__file__).resolve().parent / "companies.toml"
KINDS = ("automaker", "tech")
class CompaniesFileError(ValueError):
    """The companies data file is missing or malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """The companies to look for, with one regular expression matching every name."""

    kinds: dict[str, str]  # company name -> kind
    roles: dict[str, frozenset[str]]  # company name -> kind plus its "also" kinds
    names: dict[str, str]  # any name or alias -> company name
    pattern: re.Pattern[str]


def _entries(path: Path) -> list[dict[str, object]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CompaniesFileError(f"cannot read companies file {path}: {exc}") from exc
    entries = data.get("company")
    if not isinstance(entries, list) or not entries:
        raise CompaniesFileError(f"companies file {path}: no [[company]] entries")
    return entries


def _names_list(entry: dict[str, object], key: str) -> list[str]:
    value = entry.get(key, [])
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _register(names: dict[str, str], alias: str, company: str, path: Path) -> None:
    owner = names.setdefault(alias, company)
    if owner != company:
        raise CompaniesFileError(f"companies file {path}: {alias!r} names both {owner} and {company}")


@lru_cache(maxsize=8)
def load_catalog(path: Path = DEFAULT_COMPANIES_FILE) -> Catalog:
    """Read the companies file; every problem is a CompaniesFileError naming the entry."""
    kinds: dict[str, str] = {}
    roles: dict[str, frozenset[str]] = {}
    names: dict[str, str] = {}
    for number, entry in enumerate(_entries(path), start=1):
        name, kind, also = entry.get("name"), entry.get("kind"), entry.get("also", [])
        if not isinstance(name, str) or not name.strip() or kind not in KINDS:
            raise CompaniesFileError(
                f"companies file {path}: entry {number} needs a name and kind in {KINDS}"
            )
        if not isinstance(also, list) or not set(also) <= set(KINDS):
            raise CompaniesFileError(f"companies file {path}: {name}: also must list kinds {KINDS}")
        kinds[name] = str(kind)
        roles[name] = frozenset([str(kind), *also])
        for alias in [name, *_names_list(entry, "aliases"), *_names_list(entry, "former_names")]:
            _register(names, str(alias), name, path)
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # The lookahead on the names' first letters lets the engine skip, at a glance, the
    # positions where no name can start: three times faster, the same matches.
    first = "".join(sorted({re.escape(n[0]) for n in names}))
    pattern = re.compile(rf"(?<!\w)(?=[{first}])({alternatives})(?:['’]s)?(?!\w)")
    return Catalog(kinds=kinds, roles=roles, names=names, pattern=pattern)


def mentions(catalog: Catalog, text: str) -> Counter[str]:
    """How often each company is named in ``text``, under any of its names."""
    return Counter(catalog.names[m.group(1)] for m in catalog.pattern.finditer(text))


def companies_file(settings: BaseSettings | None) -> Path:
    """The companies file TOPIC_COMPANIES_FILE names (or the shipped one)."""
    path = settings.get("TOPIC_COMPANIES_FILE") if settings is not None else None
    return Path(path) if path else DEFAULT_COMPANIES_FILE


def catalog_from_settings(settings: BaseSettings) -> Catalog:
    """The company catalog named by TOPIC_COMPANIES_FILE (or the shipped one)."""
    return load_catalog(companies_file(settings))

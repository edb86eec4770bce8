"""Which companies an article mentions, and whether it is about an automaker-tech partnership.

An article is on topic when one sentence names an automaker, a technology company and
a partnership cue (talks, partnership, joint venture, stake, supply deal, ...), and
both companies are mentioned more than once: a news round-up that lists Ford and
Xiaomi in unrelated items is not about their partnership. The headline and the lead
weigh more than the rest of the text.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_COMPANIES_FILE = Path(__file__).resolve().parent / "data" / "companies.toml"
KINDS = ("automaker", "tech")
_CUE = re.compile(
    r"\b(?:partner\w*|alliance|joint[- ]venture|JV|stakes?|invest\w*|supply (?:deal|agreement|"
    r"contract)|supplier|co-?develop\w*|jointly develop\w*|collaborat\w*|team(?:s|ed|ing)? up|"
    r"tie-?up|talks|deal|agreement|memorandum of understanding|MoU|licens\w*|cooperat\w*|"
    r"acqui\w*|merger|work(?:s|ed|ing)? (?:together|with)|join(?:s|ed)? forces)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")
# Headline, then the lead, then the rest.
_LINE_WEIGHTS = (3.0, 2.0, 2.0)
FULL_SCORE = 6.0


class CompaniesFileError(ValueError):
    """The companies data file is missing or malformed; the message says where."""


@dataclass(frozen=True, slots=True)
class Catalog:
    """The companies to look for, with one regular expression matching every name."""

    kinds: dict[str, str]  # company name -> kind
    roles: dict[str, frozenset[str]]  # company name -> kind plus its "also" kinds
    names: dict[str, str]  # any name or alias -> company name
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Topic:
    """What the tagger concluded about one article."""

    companies: dict[str, int]
    relevance: float
    relevant: bool


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


def _sentences(text: str) -> list[tuple[float, str]]:
    weighted: list[tuple[float, str]] = []
    for index, line in enumerate(text.splitlines()):
        weight = _LINE_WEIGHTS[index] if index < len(_LINE_WEIGHTS) else 1.0
        weighted.extend((weight, s) for s in _SENTENCE_END.split(line) if s.strip())
    return weighted


def _is_pair(catalog: Catalog, named: set[str]) -> bool:
    """Two different companies of which one can be the automaker and the other the tech side."""
    automakers = {c for c in named if "automaker" in catalog.roles[c]}
    techs = {c for c in named if "tech" in catalog.roles[c]}
    return any(a != t for a in automakers for t in techs)


def _pair_score(catalog: Catalog, text: str, focus: set[str]) -> float:
    score = 0.0
    for weight, sentence in _sentences(text):
        if not _CUE.search(sentence):  # the cheaper test first: most sentences have no cue
            continue
        named = set(mentions(catalog, sentence)) & focus
        if len(named) >= 2 and _is_pair(catalog, named):
            score += weight
    return score


def tag(catalog: Catalog, text: str, threshold: float = 0.5) -> Topic:
    """Tag ``text`` (headline on its first line) with companies and a relevance in [0, 1]."""
    counts = mentions(catalog, text)
    focus = {company for company, count in counts.items() if count >= 2}
    relevance = min(1.0, _pair_score(catalog, text, focus) / FULL_SCORE)
    return Topic(companies=dict(counts), relevance=round(relevance, 3),
                 relevant=relevance >= threshold)

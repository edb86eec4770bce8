"""When two articles report the same event: the story step's settings and its pair score.

Two articles are candidates only when they share a company and were published within
``STORIES_WINDOW_HOURS`` of each other. A candidate pair is one event when

- their companies agree: the weighted Jaccard of their company weights is at least
  ``STORIES_MIN_COMPANY_SIMILARITY`` (the same kind of event between other companies,
  even with one company in common, stays apart), and on each side of the partnership
  both name (automaker, tech: the catalog's kinds) the companies leading it are the
  same (``partners.partners_differ``: reports that name one company in every sentence
  and its partner once agree by their weights alone), and neither reports several
  partnerships (a briefing) of which the other names at most one leader on each side
  (``partners.briefing_unmatched``), and
- their content agrees: a weighted mean of the similarities of their facts, names and
  words, plus a bonus for being close in time, reaches ``STORIES_THRESHOLD``.

Set similarities are cosine similarities of sets, |A ∩ B| / sqrt(|A| |B|), so a short
report and a long one of the same event can still agree. The weights and thresholds
were set on the labelled set of ``benchmarks/story_set.py`` and checked on the one of
``benchmarks/story_styles.py``, written apart in other house styles.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from pipelines.stories.features import Features
from pipelines.stories.partners import briefing_unmatched, partners_differ


@dataclass(frozen=True, slots=True)
class StorySettings:
    """The story step's thresholds, read from settings prefixed ``STORIES_``."""

    window_hours: float = 72.0  # candidates published within this of the article
    min_company_similarity: float = 0.5  # weighted Jaccard of the company weights
    threshold: float = 0.25  # content score from which two articles are one event
    near_duplicate_threshold: float = 0.5  # estimated Jaccard of word shingles
    shingle_size: int = 3  # words per shingle of the near-duplicate MinHash
    num_perm: int = 128  # MinHash permutations
    min_key_weight: float = 0.3  # companies weighing less are not used to find candidates
    near_duplicate_days: float = 7.0  # a copy is published within this of its original
    merge_threshold: float = 0.3  # score with which an article links the stories it merges
    near_duplicate_containment: float = 0.9  # share of the smaller own text in the other

    @classmethod
    def from_settings(cls, settings: Any) -> StorySettings:
        """From a Scrapy ``Settings`` (or anything with ``get``); raises
        StorySettingsError (a ValueError) naming a setting whose value is not a number
        of its kind or lies outside its range."""
        values: list[float | int] = []
        for field, (name, kind, low, high) in zip(fields(cls), _SETTING_NAMES, strict=True):
            value = settings.get(name, field.default)
            try:
                number = kind(value)
            except (TypeError, ValueError, OverflowError):
                number = None
            if number is None or not low <= number <= high:  # NaN fails both comparisons
                raise StorySettingsError(f"{name}={value!r}: expected a"
                                         f"{' whole' if kind is int else ''} number from "
                                         f"{low:g} to {high:g}")
            values.append(number)
        return cls(*values)


class StorySettingsError(ValueError):
    """A ``STORIES_*`` setting that is not a number of its kind or is out of its range."""


# The settings of StorySettings' fields, in their order: the type each is read as and its
# range. Shares and similarities are 0 to 1; a score threshold may exceed the highest
# score (1.1), to keep every article apart; windows are bounded so times stay in range.
_SETTING_NAMES: tuple[tuple[str, type, float, float], ...] = (
    ("STORIES_WINDOW_HOURS", float, 0.0, 24 * 3650.0),
    ("STORIES_MIN_COMPANY_SIMILARITY", float, 0.0, 1.0),
    ("STORIES_THRESHOLD", float, 0.0, 10.0),
    ("STORIES_NEAR_DUPLICATE_THRESHOLD", float, 0.0, 1.0),
    ("STORIES_SHINGLE_SIZE", int, 1, 20),
    ("STORIES_NUM_PERM", int, 8, 1024),
    ("STORIES_MIN_KEY_WEIGHT", float, 0.0, 1.0),
    ("STORIES_NEAR_DUPLICATE_DAYS", float, 0.0, 3650.0),
    ("STORIES_MERGE_THRESHOLD", float, 0.0, 10.0),
    ("STORIES_NEAR_DUPLICATE_CONTAINMENT", float, 0.0, 1.0))

WEIGHTS = {"facts": 0.35, "names": 0.35, "words": 0.30}


def set_cosine(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / sqrt(|a| |b|); 0 when either is empty."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def company_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Jaccard of two company-weight maps: sum of minima over sum of maxima."""
    names = a.keys() | b.keys()
    top = sum(max(a.get(n, 0.0), b.get(n, 0.0)) for n in names)
    return sum(min(a.get(n, 0.0), b.get(n, 0.0)) for n in names) / top if top else 0.0


def content_score(a: Features, b: Features, hours_apart: float, window_hours: float) -> float:
    """Weighted mean of the facts, names and words similarities plus up to 0.1 for being
    close in time. A kind of term that one of the two articles lacks (a short report
    that gives no figure) is left out of the mean: it is no evidence either way."""
    total = weights = 0.0
    for kind, weight in WEIGHTS.items():
        mine, theirs = getattr(a, kind), getattr(b, kind)
        if mine and theirs:
            total += weight * set_cosine(mine, theirs)
            weights += weight
    score = total / weights if weights else 0.0
    return score + 0.1 * max(0.0, 1.0 - hours_apart / window_hours)


def pair_score(a: Features, at_a: datetime, b: Features, at_b: datetime,
               settings: StorySettings, roles: Mapping[str, frozenset[str]]) -> float:
    """The content score of two articles, or 0 when their companies or times disagree,
    when they are led by other partners (``partners.partners_differ`` with ``roles``,
    ``Catalog.roles``), or when one reports several partnerships of which the other
    names at most one leader on each side (``partners.briefing_unmatched``); the last
    two asked only of a pair scoring ``settings.threshold``, under which no score
    counts."""
    hours = abs((at_a - at_b).total_seconds()) / 3600
    if hours > settings.window_hours:
        return 0.0
    if company_similarity(a.companies, b.companies) < settings.min_company_similarity:
        return 0.0
    score = content_score(a, b, hours, settings.window_hours)
    if score >= settings.threshold and (partners_differ(a.companies, b.companies, roles)
                                        or briefing_unmatched(a.companies, b.companies, roles,
                                                              (a.apart, b.apart))):
        return 0.0
    return score

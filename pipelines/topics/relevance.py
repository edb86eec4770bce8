"""Whether an article is about an automaker-technology partnership, scored in [0, 1].

An article is on topic when one sentence names an automaker, a technology company and
a partnership cue (talks, partnership, joint venture, stake, supply deal, ...), and
both companies are mentioned more than once: a news round-up that lists Ford and
Xiaomi in unrelated items is not about their partnership. The headline and the lead
weigh more than the rest of the text. Tagging runs in the extraction workers, in the
same task as the extraction (:func:`pipelines.extract.clean.clean_page`).

Settings read (by the extraction pipeline): ``TOPIC_RELEVANCE_THRESHOLD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.topics.catalog import Catalog, mentions

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



@dataclass(frozen=True, slots=True)
class Topic:
    """What the tagger concluded about one article."""

    companies: dict[str, int]
    relevance: float
    relevant: bool


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

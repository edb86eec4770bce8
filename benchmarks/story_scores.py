"""Scores of a story grouping against the truth: B-cubed, pairwise, near-duplicates.

B-cubed precision and recall (Bagga and Baldwin, 1998, "Algorithms for scoring
coreference chains"): for each article, the share of its predicted story that shares its
true story, and the share of its true story found in its predicted story, averaged over
the articles scored. Pairwise: precision and recall of the article pairs put together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations


def _groups(labels: dict[str, object]) -> dict[object, set[str]]:
    groups: dict[object, set[str]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return groups


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bcubed(truth: dict[str, object], predicted: dict[str, object],
           scored: Iterable[str]) -> tuple[float, float, float]:
    """(precision, recall, F1) averaged over the ``scored`` articles."""
    true_groups, predicted_groups = _groups(truth), _groups(predicted)
    precision = recall = 0.0
    items = list(scored)
    for item in items:
        mine, found = true_groups[truth[item]], predicted_groups[predicted[item]]
        common = len(mine & found)
        precision += common / len(found)
        recall += common / len(mine)
    if not items:
        return 0.0, 0.0, 0.0
    precision, recall = precision / len(items), recall / len(items)
    return precision, recall, f1(precision, recall)


def _pairs(labels: dict[str, object]) -> set[frozenset[str]]:
    return {frozenset(pair) for group in _groups(labels).values()
            for pair in combinations(sorted(group), 2)}


def pairwise(truth: dict[str, object], predicted: dict[str, object]) -> tuple[float, float, float]:
    """(precision, recall, F1) of the pairs of articles put in one story."""
    true_pairs, found = _pairs(truth), _pairs(predicted)
    hits = len(true_pairs & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true_pairs) if true_pairs else 1.0
    return precision, recall, f1(precision, recall)


def near_duplicates(truth: dict[str, str | None], marked: dict[str, str | None]
                    ) -> tuple[float, float, int, int]:
    """(precision, recall, marked, true) of near-duplicate marks.

    ``truth`` maps a copy to the article it copies; a mark is right when the two articles
    are in one true copy family (an original and its copies).
    """
    family = {key: original or key for key, original in truth.items()}
    true_marks = {key for key, original in truth.items() if original}
    found = {key: of for key, of in marked.items() if of}
    right = sum(1 for key, of in found.items()
                if family.get(key, key) == family.get(of, of) and key != of)
    precision = right / len(found) if found else 1.0
    covered = {key for key, of in found.items() if family.get(key) == family.get(of)}
    covered |= {of for key, of in found.items() if family.get(key) == family.get(of)}
    recall = len(true_marks & covered) / len(true_marks) if true_marks else 1.0
    return precision, recall, len(found), len(true_marks)


def copy_direction(truth: dict[str, str | None], marked: dict[str, str | None]
                   ) -> tuple[int, int, int]:
    """(marks pointing to their family's original, marks within a true copy family,
    originals marked as copies): whether a copy names the article it was made from (its
    family's first, as a copy of a copy points to the first), not only one of its family.
    """
    def root(key: str) -> str:
        seen = {key}
        while (up := truth.get(key)) and up not in seen:
            key = up
            seen.add(up)
        return key

    within = {key: of for key, of in marked.items()
              if of and key != of and root(key) == root(of)}
    right = sum(1 for key, of in within.items() if of == root(key))
    originals = sum(1 for key, of in marked.items() if of and not truth.get(key))
    return right, len(within), originals


def negatives_merged(negatives: dict[str, list[str]], truth: dict[str, object],
                     predicted: dict[str, object]) -> int:
    """How many (event, look-alike event) pairs share a predicted story."""
    stories_of: dict[object, set[object]] = defaultdict(set)
    for item, story in predicted.items():
        stories_of[truth[item]].add(story)
    merged = set()
    for item, others in negatives.items():
        for other in others:
            if predicted[item] in stories_of.get(other, set()):
                merged.add(frozenset((str(truth[item]), other)))
    return len(merged)

"""Reconcile the DOM extraction with the page's JSON-LD ``articleBody``.

Two independent statements of the same text: where they agree, the one the publisher
gave machines (articleBody) tells which DOM lines are the article and which are leftover
chrome (teasers, newsletter boxes, paywall notices). Where articleBody is truncated or
differs (some sites put only a teaser there), it is not used at all.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
MIN_STATED_TOKENS = 60  # a shorter articleBody is a teaser, not the text
AGREEMENT = 0.6  # share of the DOM's tokens that articleBody must also state
STRONG_AGREEMENT = 0.85  # above this, long unsupported lines inside the text are chrome too
LONG_LINE_TOKENS = 12
LONGER_STATED = 1.8  # DOM text that is barely half of an articleBody containing it was cut short


def _grams(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)}


def _support(line: str, stated_grams: set[tuple[str, ...]], stated_joined: str) -> float:
    tokens = [t.casefold() for t in _WORD.findall(line)]
    if not tokens:
        return 1.0
    if len(tokens) < 4:
        return float(f" {' '.join(tokens)} " in stated_joined)
    grams = [tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3)]
    return sum(gram in stated_grams for gram in grams) / len(grams)


def reconcile_with_stated_body(lines: list[str], stated: str | None) -> list[str]:
    """``lines`` checked against articleBody: without the chrome it shows not to be part of
    the article, or replaced by its paragraphs when the DOM text is a truncated part of it."""
    stated_tokens = [t.casefold() for t in _WORD.findall(stated or "")]
    if len(stated_tokens) < MIN_STATED_TOKENS or not lines:
        return lines
    grams, joined = _grams(stated_tokens), f" {' '.join(stated_tokens)} "
    support = [_support(line, grams, joined) >= 0.5 for line in lines]
    sizes = [len(_WORD.findall(line)) for line in lines]
    agreement = sum(s for s, ok in zip(sizes, support, strict=True) if ok) / max(1, sum(sizes))
    if agreement < AGREEMENT or not any(support):
        return lines
    first = support.index(True)  # a lead before the stated body is the summary: kept
    paragraphs = [" ".join(p.split()) for p in (stated or "").splitlines() if p.strip()]
    truncated = len(stated_tokens) >= LONGER_STATED * sum(sizes) and agreement >= STRONG_AGREEMENT
    if truncated and len(paragraphs) >= 3:
        return lines[:first] + paragraphs
    last = max(i for i, ok in enumerate(support) if ok)
    kept = lines[:first]
    for index, line in enumerate(lines[first : last + 1], start=first):
        chrome = not support[index] and sizes[index] >= LONG_LINE_TOKENS
        if not (chrome and agreement >= STRONG_AGREEMENT):
            kept.append(line)
    return kept

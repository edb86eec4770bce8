"""The article's language: what its text is written in, as an ISO 639-1 code.

Templates declare one language for every page (``<html lang="en">`` on a German story), so
the text decides, read by py3langid (a maintained fork of langid.py, Lui & Baldwin 2012;
97 languages, naive Bayes over byte n-grams). The markup's declaration (``<html lang>``,
``og:locale``, ``Content-Language``) is used when it agrees, when the text is too short
to tell, or when the detector is unsure.
"""

from __future__ import annotations

import re
from functools import cache

from lxml.html import HtmlElement
from py3langid.langid import MODEL_FILE, LanguageIdentifier

MIN_DETECTION_CHARS = 120  # shorter texts: the declaration, where there is one
MIN_CONFIDENCE = 0.8  # normalised probability under which the detector is unsure
SAMPLE_CHARS = 1000  # the first paragraphs say it; more only costs time (~2 ms a page)


@cache
def _identifier() -> LanguageIdentifier:
    """Loaded once per process (about a tenth of a second)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def declared_language(tree: HtmlElement, stated: list[str | None]) -> str | None:
    """The primary subtag of the language the markup declares (``<html lang>``, then the
    ``stated`` meta values, then ``http-equiv=content-language``), lower case; or None."""
    candidates = [tree.get("lang"), tree.get("xml:lang"), *stated,
                  *tree.xpath('//meta[@http-equiv="content-language"]/@content')[:1]]
    for raw in candidates:
        code = re.split(r"[-_,\s]", raw.strip())[0].lower() if raw and raw.strip() else ""
        if re.fullmatch(r"[a-z]{2,3}", code):
            return code
    return None


def text_language(text: str, declared: str | None) -> str | None:
    """The language ``text`` is written in; ``declared`` where the text is too short, the
    detector unsure, or both agree."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_DETECTION_CHARS:
        return declared
    detected, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE and declared:
        return declared
    return detected

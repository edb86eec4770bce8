"""The headline: what the page states in JSON-LD, its ``<h1>``, OpenGraph or ``<title>``.

JSON-LD ``headline`` is the publisher's own statement for machines, so it comes first;
then the visible ``<h1>``; then social titles and ``<title>``, which often carry
``" | Site"``, stripped here when the suffix names the site; a kicker ("Kicker: Headline")
is dropped when another statement gives the headline without it.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipelines.extract.metadata.jsonld import text_value
from pipelines.extract.metadata.site import is_site_name

QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "«": '"', "»": '"'})
_SUFFIX = re.compile(r"\s*(?:\s[|\-–—·:»]{1,2}|[|｜ㅣ]|::|--)\s*([^|｜ㅣ\-–—·:»]+)$")
_SECTION_SEPARATOR = re.compile(r"\s+[|\-–—]\s+\S")
# A statement that opens with a title separator is a template whose headline part is empty
# (``<title> | Site</title>``): there is no headline in it, whatever follows.
_EMPTY_HEADLINE = re.compile(r"^\s*(?:[|｜ㅣ–—·»:]|-\s)")
MIN_HEADLINE = 20
MAX_LINE_HEADLINE = 150
MIN_SENTENCE = 4  # "Dr. ..." is no sentence
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_H1_PATHS = ("//article//h1", "//main//h1", "//h1")


def fold(text: str) -> str:
    """Whitespace collapsed, case folded and typographic quotes made plain, for comparing
    two statements of the same headline."""
    return " ".join(text.split()).casefold().translate(QUOTES)


def strip_site_suffix(title: str, site_keys: frozenset[str]) -> str:
    """``"Headline | Site"`` -> ``"Headline"``; repeated for ``"Headline - Section | Site"``."""
    stripped = title
    for _ in range(3):
        match = _SUFFIX.search(stripped)
        if not match or not is_site_name(match.group(1), site_keys) or match.start() < 10:
            break
        stripped = stripped[: match.start()].rstrip()
    return stripped


def headline_element(tree: HtmlElement) -> HtmlElement | None:
    """The article's ``<h1>`` (one inside ``<article>``/``<main>`` first)."""
    for path in _H1_PATHS:
        for element in tree.xpath(path)[:2]:
            if text_value(element.text_content()):
                return element
    return None


def _without_kicker(title: str, others: list[str]) -> str:
    """``"Kicker: Headline"`` -> ``"Headline"`` when another statement of the headline gives it
    without the kicker (the label set above the headline, which some markup prepends)."""
    for other in others:
        head = title[: len(title) - len(other)]
        if len(other) >= MIN_HEADLINE and title.endswith(other) and head.rstrip().endswith(":"):
            return other
    return title


def _without_section(title: str, others: list[str]) -> str:
    """``"Headline | Section"`` -> ``"Headline"`` when another statement ends there."""
    for other in others:
        tail = title[len(other):]
        if len(other) >= MIN_HEADLINE and title.startswith(other) and _SECTION_SEPARATOR.match(tail):
            return other
    return title


def _agreed_quotes(title: str, others: list[str]) -> str:
    """Of the headline's forms that differ only in their quote marks, the one most
    statements give; on a tie the typed quotes, as a reader would search for it."""
    plain = title.translate(QUOTES)
    forms = [form for form in (title, *others) if form.translate(QUOTES) == plain]
    return max(dict.fromkeys(forms), key=lambda form: (forms.count(form), form == plain))


def choose_title(candidates: list[str | None], site_keys: frozenset[str]) -> str | None:
    """The first stated headline, with a trailing site name or section and a leading
    kicker removed, its quote marks as most statements give them; None when no statement
    is a headline (none at all, only the site's name, or templates with an empty headline
    part): the caller then takes the text's first line."""
    stated = [strip_site_suffix(candidate, site_keys) for candidate in candidates  # an <h1>
              if candidate and not is_site_name(candidate, site_keys)  # logo is no headline
              and not _EMPTY_HEADLINE.match(candidate)]
    if not stated:
        return None
    title, others = stated[0], stated[1:]
    return _agreed_quotes(_without_section(_without_kicker(title, others), others), others)


def line_as_headline(lines: list[str]) -> str:
    """The headline of a page that states none: its text's first line, cut after its first
    sentence or, failing that, at a word boundary near ``MAX_LINE_HEADLINE`` characters."""
    first = lines[0] if lines else ""
    if len(first) <= MAX_LINE_HEADLINE:
        return first
    sentence = _SENTENCE_END.search(first, MIN_SENTENCE, MAX_LINE_HEADLINE)
    if sentence:
        return first[: sentence.start() + 1]
    return first[:MAX_LINE_HEADLINE].rsplit(" ", 1)[0]

"""The article's lead (standfirst, dek, teaser): the summary set between the headline and the
body, which text extractors often leave out because the template styles it apart.

The lead is the first block after the ``<h1>`` that either restates the page's meta
description or is marked as one (class or id ``lead``, ``teaser``, ``standfirst``,
``excerpt``, ``dek``...), found before the body's first paragraph. Captions, links,
bylines and anything in navigation or asides are never a lead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from lxml.html import HtmlElement

from pipelines.extract.body.lines import dated_byline

_WORD = re.compile(r"\w+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CLASS_WORDS = frozenset({
    "lead", "leadtext", "teaser", "teasertext", "intro", "standfirst", "dek", "deck",
    "excerpt", "summary", "subtitle", "subline", "subhead", "subheadline", "preamble",
    "abstract", "epigraph", "description",
})
_NOT_LEAD = ("a", "nav", "aside", "figure", "figcaption", "button", "time", "footer", "form",
             "script", "style", "noscript", "template")
_BYLINE = re.compile(r"^(?:by|von|por|par|di|door|av|af)\s", re.IGNORECASE)
_NOT_LEAD_CLASS = re.compile(r"caption|credit|byline|author|avatar|related|share|breadcrumb|"
                             r"img|image|photo|picture|media|gallery|carousel|slide|video|player|sidebar",
                             re.IGNORECASE)
_HEADING_WORDS = frozenset({"title", "headline", "heading", "kicker", "label"})
_MEDIA = frozenset({"img", "picture", "video", "figure", "iframe"})
CLASS_DEPTH = 3  # a caption's image box is a close ancestor; wider wrappers say nothing
_BLOCKS = frozenset({"p", "div", "li", "h2", "h3", "h4", "section", "header", "blockquote"})
_VISIBLE_TEXT = ".//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
WINDOW = 300  # elements after the headline searched for the lead
MIN_LEAD_CHARS = 30
MAX_LEAD_CHARS = 800
BODY_PARAGRAPH_CHARS = 150  # unmarked prose this long is the body: the lead comes before it
MIN_SHARED_TOKENS = 6
SIBLING_PARAGRAPH_CHARS = 80


def tokens(text: str) -> str:
    """Case-folded word tokens joined by single spaces (for containment tests)."""
    return " ".join(_WORD.findall(text.casefold()))


def _following(element: HtmlElement) -> Iterator[HtmlElement]:
    """Elements after ``element`` in document order (the XPath ``following`` axis)."""
    for ancestor in (element, *element.iterancestors()):
        for sibling in ancestor.itersiblings():
            if isinstance(sibling.tag, str):
                yield sibling
                yield from (e for e in sibling.iterdescendants() if isinstance(e.tag, str))


def _marked(element: HtmlElement) -> bool:
    """Its class, id or itemprop calls it a lead (and not the title of a teaser)."""
    names = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"
    if not names.strip():
        return False
    words = {word.casefold() for word in re.split(r"[^a-zA-Z0-9]+", _CAMEL.sub(" ", names))}
    return bool(words & _CLASS_WORDS) and not words & _HEADING_WORDS


def _excluded(element: HtmlElement) -> bool:
    """A caption, credit, byline, link or navigation: never the lead."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if node.tag in _NOT_LEAD:
            return True
        if depth <= CLASS_DEPTH and _NOT_LEAD_CLASS.search(node.get("class") or ""):
            return True
    inner = (node for node in element.iterdescendants() if isinstance(node.tag, str))
    return any(node.tag in _MEDIA or _NOT_LEAD_CLASS.search(node.get("class") or "")
               for node in inner) or _mostly_link(element)


def _mostly_link(element: HtmlElement) -> bool:
    linked = sum(len(link.text_content()) for link in element.iter("a"))
    return linked * 2 > len(element.text_content())


def _restates(text: str, description: str) -> bool:
    """The block says what the meta description says (either may be cut short or carry a
    dateline the other lacks)."""
    shorter, longer = sorted((text, description), key=len)
    return len(shorter.split()) >= MIN_SHARED_TOKENS and shorter in longer


def _text(element: HtmlElement) -> str:
    """The element's visible text (``text_content`` would include scripts)."""
    return " ".join("".join(element.xpath(_VISIBLE_TEXT)).split())


def _lines(element: HtmlElement) -> tuple[str, ...]:
    parts = element.xpath("./p|./li|./div[not(.//p)]") or [element]
    return tuple(line for part in parts if (line := _text(part)))


def _apart(element: HtmlElement) -> bool:
    """Set apart from the body: not one of the paragraphs of the block that holds the body
    (an "intro" or "summary" first paragraph is still body text)."""
    parent = element.getparent()
    siblings = parent.iterchildren("p") if parent is not None else iter(())
    return sum(s is not element and len(s.text_content()) >= SIBLING_PARAGRAPH_CHARS for s in siblings) < 2


def _is_leaf_block(element: HtmlElement) -> bool:
    return element.tag in _BLOCKS and not element.xpath(".//p|.//div|.//li")


@dataclass(frozen=True, slots=True)
class Lead:
    """The lead's lines (usually one; none when the page has no lead or it cannot be told),
    and whether the page's markup calls it one and sets it apart from the body's paragraphs
    (rather than it only restating the description)."""

    lines: tuple[str, ...] = ()
    marked: bool = False


def stated_lead(h1: HtmlElement | None, description: str | None) -> Lead:
    """The page's lead, found after its headline."""
    if h1 is None:
        return Lead()
    described, headline = f" {tokens(description or '')} ", tokens(h1.text_content())
    for element in islice(_following(h1), WINDOW):
        marked, leaf = _marked(element), _is_leaf_block(element)
        if not (marked or leaf) or _excluded(element):
            continue
        text = _text(element)
        if len(text) > MAX_LEAD_CHARS and leaf:
            return Lead()
        if not MIN_LEAD_CHARS <= len(text) <= MAX_LEAD_CHARS:
            continue
        if _BYLINE.match(text) or dated_byline(text) or headline in tokens(text):
            continue
        if marked or _restates(f" {tokens(text)} ", described):
            return Lead(_lines(element), marked and _apart(element))
        if leaf and len(text) >= BODY_PARAGRAPH_CHARS:
            return Lead()
    return Lead()


def with_lead(lines: list[str], lead: Lead) -> tuple[list[str], tuple[str, ...]]:
    """``lines`` opened by the lead, and the lead lines that open them: added when the
    extraction left the lead out; when it kept it at the top, a marked lead is still the
    lead, while a block that only restates the description is the body's first paragraph."""
    if not lead.lines or not lines:
        return lines, ()
    folded = [tokens(line) for line in lead.lines]
    if lead.marked and [tokens(line) for line in lines[: len(folded)]] == folded:
        return lines, tuple(lines[: len(folded)])
    body = f" {tokens(' '.join(lines))} "
    if any(f" {line} " in body for line in folded):
        return lines, ()
    return [*lead.lines, *lines], lead.lines

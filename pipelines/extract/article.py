"""HTML to clean article text and metadata: a pure function the pipeline runs in worker processes.

The text has the headline on its first line, then one paragraph or subheading a line,
without site chrome. trafilatura finds the body; the page's own statements (JSON-LD,
OpenGraph, ``<time>``) give the headline, authors and times with their UTC offsets.
"""

from __future__ import annotations

import re
from dataclasses import replace

import trafilatura
from lxml.html import HtmlElement

from pipelines.dedupe.urls import site_of
from pipelines.extract.body.hydrated import hydrated_html
from pipelines.extract.body.lead import Lead, stated_lead, with_lead
from pipelines.extract.body.lines import body_lines, without_author_note, without_self_description
from pipelines.extract.body.prune import (
    drop_inline_popups,
    drop_link_lists,
    drop_signup_boxes,
    flatten_ruby,
    join_split_body,
    unwrap_layout_tables,
)
from pipelines.extract.body.reconcile import reconcile_with_stated_body
from pipelines.extract.metadata.dateline import dateline_time
from pipelines.extract.metadata.fallback import heuristic_authors, heuristic_day
from pipelines.extract.metadata.language import text_language
from pipelines.extract.metadata.page_meta import PageMeta, page_meta
from pipelines.extract.metadata.site import site_keys
from pipelines.extract.metadata.time_text import parse_stated
from pipelines.extract.metadata.title import headline_element, line_as_headline
from pipelines.extract.results import Article, Extraction
from pipelines.extract.source import clean_source, clean_text, parse_html

MIN_BODY_CHARS = 200  # less, and trafilatura's recall pass and the hydration data are tried
MIN_TEXT_CHARS = 100  # less, and a page that does not state it is an article is no article


Document = trafilatura.settings.Document
_WORD = re.compile(r"\w")


def _bare(tree: HtmlElement, url: str, **options: bool) -> Document | None:
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False, include_tables=True,
        include_images=False, include_links=False, **options,
    )
    return document if isinstance(document, Document) else None


def _longer(first: Document | None, second: Document | None) -> Document | None:
    if second is not None and len(second.text or "") > len(first.text or "" if first else ""):
        return second
    return first


def _enough(document: Document | None) -> bool:
    return document is not None and len(document.text or "") >= MIN_BODY_CHARS


def _body(html: str, tree: HtmlElement, url: str) -> Document | None:
    """trafilatura's default pass; when it finds (almost) nothing, a recall-oriented second
    pass on a fresh tree (the first pass prunes the one it is given), then the body the
    page's scripts carry as an HTML string."""
    document = _bare(tree, url)
    if _enough(document):
        return document
    fresh = parse_html(html)
    document = _longer(document, _bare(fresh, url, favor_recall=True) if fresh is not None else None)
    if _enough(document):
        return document
    return _longer(document, _hydrated(html, url))


def _hydrated(html: str, url: str) -> Document | None:
    """The body a script-rendered page carries in its hydration data, extracted."""
    tree = parse_html(html)  # the passes before pruned theirs, scripts included
    fragment = hydrated_html(tree) if tree is not None else None
    markup = f"<html><body><article>{fragment}</article></body></html>" if fragment else ""
    wrapped = parse_html(markup) if markup else None
    return _bare(wrapped, url, favor_recall=True) if wrapped is not None else None


def _with_fallbacks(meta: PageMeta, tree: HtmlElement, url: str, h1: HtmlElement | None
                    ) -> PageMeta:
    """Site, authors and publication time the markup does not state: the site's name from
    its URL (``dedupe.urls.site_of``: a story's outlets are counted by it); the authors
    and time from the page's text: the dateline by the headline (``dateline_time``) when
    it falls on the day the markup states, or else on the day htmldate finds (another
    story's date, an event's or an update's may stand by a headline), else htmldate's
    day."""
    meta = replace(meta, site=meta.site or site_of(url),
                   authors=meta.authors or heuristic_authors(tree, site_keys([meta.site], url)))
    if meta.published is not None and meta.published_precision != "day":
        return meta
    shown = dateline_time(tree, h1)
    day = meta.published or heuristic_day(tree, url)
    if shown is None or (day is not None and shown[0].date() != day.date()):
        return meta if meta.published is not None else replace(
            meta, published=day, published_precision="day")
    if meta.published is not None and shown[1] != "time":
        return meta
    return replace(meta, published=shown[0], published_precision=shown[1])


def extract(html: str, url: str) -> Extraction:
    """Clean ``html`` fetched from ``url``: the article, or the reason there is none.
    Never raises: an exception inside the parser or extractor is ``extraction_error``."""
    try:
        return _extract(clean_source(html), url)
    except Exception:  # noqa: BLE001 - a page that breaks the parser is counted, never fatal
        return Extraction(None, "extraction_error")


def extract_article(html: str, url: str) -> Article | None:
    """Clean ``html`` fetched from ``url``; None when the page has no article text
    (:func:`extract` says why)."""
    return extract(html, url).article


def _extract(html: str, url: str) -> Extraction:
    tree = parse_html(html)
    if tree is None:
        return Extraction(None, "unparseable_html" if html.strip() else "empty_page")
    h1 = headline_element(tree)
    meta = _with_fallbacks(page_meta(tree, url, h1), tree, url, h1)  # before the pruning body pass
    lead = stated_lead(h1, meta.description)
    drop_link_lists(tree, url)
    drop_inline_popups(tree)
    drop_signup_boxes(tree)
    flatten_ruby(tree)
    unwrap_layout_tables(tree)
    join_split_body(tree)
    document = _body(html, tree, url)
    if document is None or not _WORD.search(document.text or ""):
        return Extraction(None, "no_text")
    return _assemble(meta, clean_text(document.text or ""), lead)


def _lines(meta: PageMeta, text: str) -> list[str]:
    lines = reconcile_with_stated_body(body_lines(text, meta.headline, meta.h1), meta.body)
    lines = without_author_note(without_self_description(lines, meta.site_keys), meta.authors)
    # All of it chrome by the rules above: the page's text stays rather than the page going.
    return lines or [line for raw in text.splitlines() if (line := " ".join(raw.split()))]


def _assemble(meta: PageMeta, text: str, lead: Lead) -> Extraction:
    lines = _lines(meta, text)
    if sum(map(len, lines)) < MIN_TEXT_CHARS and not meta.is_article:
        return Extraction(None, "short_text")
    title = clean_text(meta.headline or line_as_headline(lines))
    lines, lead_lines = with_lead(lines, lead)
    return Extraction(Article(
        title=title, text=clean_text("\n".join([title, *lines])),
        authors=tuple(map(clean_text, meta.authors)), lead=tuple(map(clean_text, lead_lines)),
        published_at=meta.published, modified_at=meta.modified,
        language=text_language("\n".join(lines), meta.language),
        site=meta.site and clean_text(meta.site),
        description=meta.description and clean_text(meta.description),
        canonical_url=meta.canonical,
        published_precision=meta.published_precision if meta.published else None,
    ))


def warm_up() -> None:
    """Load what the first page would otherwise pay for (the language model;
    dateparser's locale data): run in each new worker process before its first page."""
    text_language("Die Software wird gemeinsam entwickelt. " * 5, None)
    parse_stated("20. Mai 2019")

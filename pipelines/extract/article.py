"""HTML to clean article text and metadata: a pure function the pipeline runs in worker processes.

The text has the headline on its first line, then one paragraph or subheading a line,
without site chrome. trafilatura finds the body; the page's own statements (JSON-LD,
OpenGraph, ``<time>``) give the headline, authors and times with their UTC offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import trafilatura
from lxml import html as lxml_html
from lxml.html import HtmlElement

from pipelines.extract.body.hydrated import hydrated_html
from pipelines.extract.body.lead import Lead, stated_lead, with_lead
from pipelines.extract.body.lines import body_lines, without_author_note, without_self_description
from pipelines.extract.body.prune import (
    drop_inline_popups,
    drop_link_lists,
    flatten_ruby,
    join_split_body,
    unwrap_layout_tables,
)
from pipelines.extract.body.reconcile import reconcile_with_stated_body
from pipelines.extract.metadata.fallback import heuristic_authors, heuristic_day
from pipelines.extract.metadata.page_meta import PageMeta, page_meta
from pipelines.extract.metadata.site import site_keys
from pipelines.extract.metadata.title import headline_element

MIN_BODY_CHARS = 200


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article; times are timezone-aware."""

    title: str
    text: str
    authors: tuple[str, ...]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    site: str | None
    description: str | None
    canonical_url: str | None
    lead: tuple[str, ...] = ()  # the standfirst lines after the headline, outside the body

    @property
    def body(self) -> str:
        """The text without its headline and lead: what schema.org ``articleBody`` holds."""
        return "\n".join(self.text.split("\n")[1 + len(self.lead):])


# Comments and processing instructions go at parse time, as trafilatura's own loader does:
# a comment between a paragraph's text and a link inside it cuts the paragraph there.
_PARSER = lxml_html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)


def _parse(html: str) -> HtmlElement | None:
    cleaned = html.replace("\x00", "")
    if not cleaned.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(cleaned, parser=_PARSER)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    return tree


Document = trafilatura.settings.Document


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
    fresh = _parse(html)
    document = _longer(document, _bare(fresh, url, favor_recall=True) if fresh is not None else None)
    if _enough(document):
        return document
    return _longer(document, _hydrated(html, url))


def _hydrated(html: str, url: str) -> Document | None:
    """The body a script-rendered page carries in its hydration data, extracted."""
    tree = _parse(html)  # the passes before pruned theirs, scripts included
    fragment = hydrated_html(tree) if tree is not None else None
    wrapped = _parse(f"<html><body><article>{fragment}</article></body></html>") if fragment else None
    return _bare(wrapped, url, favor_recall=True) if wrapped is not None else None


def _with_fallbacks(meta: PageMeta, tree: HtmlElement, url: str) -> PageMeta:
    authors = meta.authors or heuristic_authors(tree, site_keys([meta.site], url))
    published = meta.published or heuristic_day(tree, url)
    return replace(meta, authors=authors, published=published)


def extract_article(html: str, url: str) -> Article | None:
    """Clean ``html`` fetched from ``url``; None when the page has no article text."""
    try:
        tree = _parse(html)
        if tree is None:
            return None
        h1 = headline_element(tree)
        meta = _with_fallbacks(page_meta(tree, url, h1), tree, url)  # before the pruning body pass
        lead = stated_lead(h1, meta.description)
        drop_link_lists(tree)
        drop_inline_popups(tree)
        flatten_ruby(tree)
        unwrap_layout_tables(tree)
        join_split_body(tree)
        document = _body(html, tree, url)
        return _assemble(meta, document, lead) if document is not None else None
    except Exception:  # noqa: BLE001 - a page that breaks the parser is a page without text
        return None


def _assemble(meta: PageMeta, document: Document, lead: Lead) -> Article | None:
    title = meta.headline
    lines = reconcile_with_stated_body(body_lines(document.text or "", title, meta.h1), meta.body)
    lines = without_author_note(without_self_description(lines, meta.site_keys), meta.authors)
    if not title or sum(len(line) for line in lines) < MIN_BODY_CHARS:
        return None
    lines, lead_lines = with_lead(lines, lead)
    return Article(
        title=title, text="\n".join([title, *lines]), authors=meta.authors,
        published_at=meta.published, modified_at=meta.modified, language=meta.language,
        site=meta.site, description=meta.description, canonical_url=meta.canonical, lead=lead_lines,
    )

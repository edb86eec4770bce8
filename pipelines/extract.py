"""HTML to clean article text and metadata: a pure function the pipeline runs in worker processes.

The text has the headline on its first line, then one paragraph or subheading a line,
without site chrome. trafilatura finds the body; the page's own statements (JSON-LD,
OpenGraph, ``<time>``) give the headline, authors and times with their UTC offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from lxml import html as lxml_html
from lxml.html import HtmlElement

from pipelines.extract_reconcile import trim_with_stated_body
from pipelines.meta_title import strip_site_suffix
from pipelines.page_meta import PageMeta, clean_authors, page_meta

_CHROME_LINE = re.compile(
    r"^(?:\d+\s*min(?:ute)?s?\s+read|advertisement|share(?: this)?(?: article| story)?|"
    r"share on \w+|related (?:articles|stories|posts)|read more|sign up for our newsletter.*|"
    r"subscribe(?: now)?|comments?(?: \(\d+\))?|follow us.*|skip to (?:main )?content)$",
    re.IGNORECASE,
)
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


def _parse(html: str) -> HtmlElement | None:
    cleaned = html.replace("\x00", "")
    if not cleaned.strip():
        return None
    try:
        tree = lxml_html.document_fromstring(cleaned)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    return tree


def body_lines(text: str, title: str) -> list[str]:
    """One line per paragraph, whitespace collapsed, without chrome or a repeated headline."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line and not _CHROME_LINE.match(line)]
    if lines and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    return lines


def _date_only(value: str | None) -> datetime | None:
    try:
        day = datetime.strptime(value or "", "%Y-%m-%d")
    except ValueError:
        return None
    return day.replace(tzinfo=UTC)


def _body(tree: HtmlElement, url: str) -> trafilatura.settings.Document | None:
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False, include_links=False,
    )
    return document if isinstance(document, trafilatura.settings.Document) else None


def extract_article(html: str, url: str) -> Article | None:
    """Clean ``html`` fetched from ``url``; None when the page has no article text."""
    try:
        tree = _parse(html)
        if tree is None:
            return None
        meta = page_meta(tree, url)  # before trafilatura, which prunes the tree
        document = _body(tree, url)
    except Exception:  # noqa: BLE001 - a page that breaks the parser is a page without text
        return None
    return _assemble(meta, document) if document is not None else None


def _assemble(meta: PageMeta, document: trafilatura.settings.Document) -> Article | None:
    title = meta.headline or strip_site_suffix(" ".join((document.title or "").split()), meta.site_keys)
    lines = trim_with_stated_body(body_lines(document.text or "", title or ""), meta.body)
    if not title or sum(len(line) for line in lines) < MIN_BODY_CHARS:
        return None
    authors = meta.authors or clean_authors([document.author or ""], meta.site_keys)
    return Article(
        title=title, text="\n".join([title, *lines]), authors=authors,
        published_at=meta.published or _date_only(document.date), modified_at=meta.modified,
        language=meta.language or document.language, site=meta.site or document.sitename,
        description=meta.description or document.description, canonical_url=meta.canonical,
    )

"""The metadata a news page states about itself: schema.org JSON-LD, OpenGraph and
article meta tags, ``<time>`` elements, bylines, ``<html lang>`` and ``rel=canonical``.

Pure functions over a parsed lxml tree; they never raise on malformed input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import html as lxml_html
from lxml.html import HtmlElement

from pipelines.extract.metadata.authors import (
    byline_authors,
    clean_authors,
    labelled_authors,
    meta_authors,
    signature_authors,
    stated_newsroom,
)
from pipelines.extract.metadata.dates import stated_time
from pipelines.extract.metadata.jsonld import (
    article_object,
    is_article,
    json_ld_objects,
    names,
    text_value,
)
from pipelines.extract.metadata.language import declared_language
from pipelines.extract.metadata.site import site_keys
from pipelines.extract.metadata.title import MIN_HEADLINE, choose_title, fold

__all__ = ["PageMeta", "clean_authors", "page_meta"]


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's markup states; any field may be missing. ``published_precision`` is
    "time" when a time of day is stated, "day" when only the day is (``published`` is then
    that day at 00:00 UTC); ``is_article`` says the markup calls the page an article."""

    headline: str | None
    h1: str | None
    authors: tuple[str, ...]
    published: datetime | None
    modified: datetime | None
    language: str | None
    site: str | None
    description: str | None
    canonical: str | None
    body: str | None  # JSON-LD articleBody
    site_keys: frozenset[str] = frozenset()
    published_precision: str | None = None
    is_article: bool = False


Metas = dict[tuple[str, str], str]  # (attribute, its value) -> the first such tag's content


def _metas(tree: HtmlElement) -> Metas:
    """The page's ``<meta>`` tags read once (each lookup was a walk of the whole document)."""
    found: Metas = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop"):
            if (value := element.get(attribute)) is not None:
                found.setdefault((attribute, value), content)
    return found


def _meta(metas: Metas, *keys: str) -> str | None:
    for key in keys:
        for attribute in ("property", "name", "itemprop"):
            value = metas.get((attribute, key))
            if value is not None and (text := text_value(value)):
                return text
    return None


def _canonical(tree: HtmlElement, metas: Metas, url: str) -> str | None:
    href = text_value(tree.xpath('//link[@rel="canonical"]/@href')[:1] or [_meta(metas, "og:url")])
    return urljoin(url, href) if href else None


def _stated_authors(value: object, keys: frozenset[str]) -> tuple[str, ...]:
    """JSON-LD authors: a Person's (or Organization's) name is one name, never split; a plain
    string may list several."""
    found: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        for name in clean_authors(names(entry), keys, teams=True, whole=isinstance(entry, dict)):
            if name.casefold() not in {known.casefold() for known in found}:
                found.append(name)
    return tuple(found)


def _authors(tree: HtmlElement, ld: dict, keys: frozenset[str]) -> tuple[str, ...]:
    """Stated authors, people only: not the site or its publisher (a newsroom stated as the
    only JSON-LD author stays, as the page says nobody signed it)."""
    people = (_stated_authors(ld.get("author"), keys) or clean_authors(meta_authors(tree), keys)
              or byline_authors(tree, keys))
    return (people or signature_authors(tree, keys) or stated_newsroom(names(ld.get("author")))
            or labelled_authors(tree, keys))


def _publisher_names(ld: dict, objects: list[dict]) -> list[str]:
    """The publisher's names: JSON-LD ``publisher`` and every Organization's name, legal
    name and alternate names."""
    organisations = [ld.get("publisher"), *(obj for obj in objects
                                            if "Organization" in str(obj.get("@type", "")))]
    found = names(ld.get("publisher"))
    for entry in organisations:
        if isinstance(entry, dict):
            found += [name for key in ("name", "legalName", "alternateName")
                      for name in names(entry.get(key))]
    return found


def _site_name(metas: Metas, publisher: list[str], statements: list[str | None]) -> str | None:
    """The site's stated name; not when it is the headline itself (some templates fill
    ``og:site_name`` with the page's title), whose words would then never be a headline."""
    stated = _meta(metas, "og:site_name", "application-name")
    headlines = [fold(s) for s in statements if s and len(s) >= MIN_HEADLINE]
    if stated and any(headline in fold(stated) for headline in headlines):
        stated = None
    return stated or (publisher[0] if publisher else None)


def _states_article(ld: dict, metas: Metas) -> bool:
    return bool(ld) and is_article(ld) or (_meta(metas, "og:type") or "").casefold() == "article"


def page_meta(tree: HtmlElement, url: str, h1_element: HtmlElement | None) -> PageMeta:
    """Everything the page states about itself; ``h1_element`` is its headline element
    (``meta_title.headline_element``), found once by the caller, which needs it too."""
    objects = json_ld_objects(tree)
    ld = article_object(objects)
    publisher, publishers = names(ld.get("publisher")), _publisher_names(ld, objects)
    metas = _metas(tree)
    h1 = text_value(h1_element.text_content()) if h1_element is not None else None
    site = _site_name(metas, publisher, [text_value(ld.get("headline")), h1])
    keys = site_keys([site, *publisher], url)
    # The first <title> outside inline SVG: a script before <html> puts it into <body>.
    title = text_value(tree.xpath("string((//title[not(ancestor::svg)])[1])"))
    headline = choose_title([text_value(ld.get("headline")), h1, _meta(metas, "og:title"),
                             _meta(metas, "twitter:title"), title], keys)
    published, precision = stated_time(tree, ld, objects)
    return PageMeta(
        headline=headline, h1=h1, authors=_authors(tree, ld, site_keys([site, *publishers], url)),
        published=published, modified=stated_time(tree, ld, objects, False)[0],
        language=declared_language(tree, [_meta(metas, "og:locale", "language")]), site=site,
        description=(_meta(metas, "description", "og:description")
                     or text_value(ld.get("description"))),
        canonical=_canonical(tree, metas, url), body=_body_text(ld.get("articleBody")),
        site_keys=keys, published_precision=precision, is_article=_states_article(ld, metas),
    )


_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote|tr)\s*>")


def _body_text(value: object) -> str | None:
    """articleBody with its line breaks kept (they often mark paragraphs); where it is HTML,
    its text, one block a line, never its markup."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value and ">" in value:
        try:
            value = lxml_html.fragment_fromstring(_BLOCK_END.sub("\n", value),
                                                  create_parent="div").text_content()
        except (ValueError, lxml_html.etree.ParserError):
            return None
    return value if value.strip() else None

"""The metadata a news page states about itself: schema.org JSON-LD, OpenGraph and
article meta tags, ``<time>`` elements, bylines, ``<html lang>`` and ``rel=canonical``.

Pure functions over a parsed lxml tree; they never raise on malformed input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

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
from pipelines.extract.metadata.jsonld import article_object, json_ld_objects, names, text_value
from pipelines.extract.metadata.site import site_keys
from pipelines.extract.metadata.title import choose_title

__all__ = ["PageMeta", "clean_authors", "page_meta"]


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's markup states; any field may be missing."""

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


def _language(tree: HtmlElement, metas: Metas) -> str | None:
    raw = (tree.get("lang") or tree.get("xml:lang") or _meta(metas, "og:locale", "language")
           or "".join(tree.xpath('//meta[@http-equiv="content-language"]/@content')[:1]))
    code = re.split(r"[-_]", raw.strip())[0].lower() if raw else ""
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _canonical(tree: HtmlElement, metas: Metas, url: str) -> str | None:
    href = text_value(tree.xpath('//link[@rel="canonical"]/@href')[:1] or [_meta(metas, "og:url")])
    return urljoin(url, href) if href else None


def _authors(tree: HtmlElement, ld: dict, keys: frozenset[str]) -> tuple[str, ...]:
    """Stated authors without the site; keys exclude the publisher's name so that an agency
    writing under its own name (its own publisher) stays."""
    stated = names(ld.get("author"))
    people = (clean_authors(stated, keys, teams=True) or clean_authors(meta_authors(tree), keys)
              or byline_authors(tree, keys))
    return (people or signature_authors(tree, keys) or stated_newsroom(stated)
            or labelled_authors(tree, keys))


def page_meta(tree: HtmlElement, url: str, h1_element: HtmlElement | None) -> PageMeta:
    """Everything the page states about itself; ``h1_element`` is its headline element
    (``meta_title.headline_element``), found once by the caller, which needs it too."""
    objects = json_ld_objects(tree)
    ld = article_object(objects)
    publisher = names(ld.get("publisher"))
    metas = _metas(tree)
    site = _meta(metas, "og:site_name", "application-name") or (publisher[0] if publisher else None)
    keys = site_keys([site, *publisher], url)
    h1 = text_value(h1_element.text_content()) if h1_element is not None else None
    title = text_value(tree.xpath("string(//head/title)"))
    headline = choose_title([text_value(ld.get("headline")), h1, _meta(metas, "og:title"),
                             _meta(metas, "twitter:title"), title], keys)
    return PageMeta(
        headline=headline, h1=h1, authors=_authors(tree, ld, site_keys([site], url)),
        published=stated_time(tree, ld, objects), modified=stated_time(tree, ld, objects, False),
        language=_language(tree, metas), site=site,
        description=(_meta(metas, "description", "og:description")
                     or text_value(ld.get("description"))),
        canonical=_canonical(tree, metas, url), body=_body_text(ld.get("articleBody")),
        site_keys=keys,
    )


def _body_text(value: object) -> str | None:
    """articleBody with its line breaks kept (they often mark paragraphs)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value

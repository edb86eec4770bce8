"""Which links on a section or topic page lead to articles, and which to the next page.

Cheap string tests only: these run on every link of every seed page, before any
request object is built. Crawler traps are not articles: calendar pages (a date as the
last path segment, or a date in the query) that lead to the next day forever, and
links that differ only by a session id, which are reduced to one URL.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from parsel import Selector

from crawler.discovery.listed import absolute_http_url
from pipelines.dedupe.urls import fetchable_url, registrable_domain

_NON_ARTICLE_SEGMENTS = frozenset(
    ["tag", "tags", "author", "authors", "category", "categories", "section", "sections", "topic", "topics", "search", "login", "log-in", "signin", "sign-in", "logout", "register", "signup", "sign-up", "subscribe", "subscription", "newsletter", "newsletters", "account", "profile", "share", "sharer", "contact", "contact-us", "about", "about-us", "privacy", "privacy-policy", "terms", "cookies", "cookie-policy", "feed", "feeds", "rss", "wp-admin", "wp-login.php", "cart", "shop", "store", "jobs", "careers", "advertise", "advertising", "page", "comments", "print", "email", "calendar", "events"]
)
_BINARY_SUFFIX = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|pdf|zip|gz|mp3|mp4|m4a|mov|avi|css|js|json|xml|rss|txt)$",
    re.IGNORECASE,
)
# Three words or more in any script, however the CMS joins them ("ford--xiaomi_talks").
_SLUG = re.compile(r"[^\W_]+(?:[-_]+[^\W_]+){2,}")
# A CMS page suffix after a slug or id ("...-talks.html", "story.php", ".amp.html").
_PAGE_SUFFIX = re.compile(r"(?:\.amp)?\.(?:s?html?|php\d?|aspx?|jspx?|cfm|cms|ece)$",
                          re.IGNORECASE)
# A script's story number in its query ("story.php?id=123456", PHP-Nuke's "?sid=4711").
_ID_QUERY = re.compile(r"(?:^|&)(?:id|sid|aid|nid|story|storyid|article|articleid|newsid)"
                       r"=\d{3,}(?:&|$)", re.IGNORECASE)
# A headline written in a CJK script without separators between its words.
_CJK_TITLE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{8,}")
# A slug that names a site's own page, a section or an archive by its first word
# ("terms-of-service", "tag-ford-xiaomi", "archive-2026-11").
_CHROME_WORDS = frozenset([
    "tag", "tags", "category", "categories", "archive", "archives", "author", "authors",
    "contact", "privacy", "terms", "cookie", "cookies", "newsletter", "newsletters", "login",
    "signin", "signup", "register", "subscribe", "search", "print", "user", "account", "sitemap"])
_INDEX_NAMES = frozenset(["index", "default", "home", "main"])
_NUMERIC_ID = re.compile(r"\d{5,}")
_DATE_SEGMENT = re.compile(r"(?:19|20)\d{2}(?:[-_.]?\d{1,2}){1,2}")
_CALENDAR_QUERY = re.compile(r"(?:^|&)(?:date|day|month|year|week|calendar|cal)=", re.IGNORECASE)
_NEXT_TEXT = re.compile(r"^\s*(?:(?:next|older|more stories|load more)\b|[»›→>]+\s*$)", re.IGNORECASE)
_SHARE_QUERY = re.compile(r"(?:^|&)(?:share|url|u|redirect|return|returnurl)=", re.IGNORECASE)


def looks_like_article(url: str, site_domain: str) -> bool:
    """True when ``url`` is on ``site_domain`` and its path looks like an article's."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if registrable_domain(parts.hostname) != site_domain:
        return False
    path = parts.path
    if _BINARY_SUFFIX.search(path) or _SHARE_QUERY.search(parts.query):
        return False
    if _CALENDAR_QUERY.search(parts.query):
        return False
    segments = [s for s in path.lower().split("/") if s]
    if not segments or any(s in _NON_ARTICLE_SEGMENTS for s in segments):
        return False
    last = _PAGE_SUFFIX.sub("", unquote(segments[-1]))
    if _DATE_SEGMENT.fullmatch(last) or _listing_name(last):
        return False
    script_id = _PAGE_SUFFIX.search(segments[-1]) and _ID_QUERY.search(parts.query)
    return bool(_SLUG.fullmatch(last) or _NUMERIC_ID.search(last) or _CJK_TITLE.search(last)
                or script_id or _dated_path(segments))


def _listing_name(name: str) -> bool:
    """Whether a last path segment (its page suffix cut) names no article: an index page,
    or a page whose first word names the site's chrome. A slug that ends in "page-2" may
    be an article's ("...-tie-up-page-2") as well as a listing's further page."""
    first = re.split(r"[-_]+", name, maxsplit=1)[0]
    return name in _INDEX_NAMES or first in _CHROME_WORDS


def _dated_path(segments: list[str]) -> bool:
    """``/2026/11/18/slug`` style paths; a date archive (``/2026/11/18/``) is not an article."""
    year, last = segments[0], segments[-1]
    return len(segments) >= 3 and year.isdigit() and len(year) == 4 and not last.isdigit()


def article_links(selector: Selector, page_url: str) -> list[str]:
    """Absolute URLs of the article-like links of a section page, in page order, once each."""
    site = registrable_domain(page_url)
    seen: set[str] = set()
    found: list[str] = []
    for href in selector.css("a::attr(href)").getall():
        absolute = absolute_http_url(href, page_url)
        if absolute is None:  # a malformed or non-http link never costs the page's others
            continue
        url = fetchable_url(absolute)
        if url not in seen and looks_like_article(url, site):
            seen.add(url)
            found.append(url)
    return found


def next_page_link(selector: Selector, page_url: str) -> str | None:
    """The URL of the next page of a paginated section page, if it has one."""
    href = selector.css("link[rel~=next]::attr(href), a[rel~=next]::attr(href)").get()
    if not href:
        for anchor in selector.css("a[href]"):
            label = " ".join(anchor.css("::text").getall()) or anchor.attrib.get("aria-label", "")
            if _NEXT_TEXT.match(label):
                href = anchor.attrib["href"]
                break
    url = absolute_http_url(href, page_url)
    if url is None:
        return None
    same_site = registrable_domain(url) == registrable_domain(page_url)
    return url if same_site and url != page_url else None

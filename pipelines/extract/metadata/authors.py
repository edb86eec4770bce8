"""Author names: people or agencies, one item each, without "By", job titles or the site.

Sources: JSON-LD ``author``, author meta tags, then the page's byline elements
(``rel=author``, ``itemprop=author``, ``class*=byline``) when the markup names nobody.
When the only author the JSON-LD states is the newsroom itself (an Organization, or the
site's own name), that statement is kept as it stands: the page says nobody signed it.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from pipelines.extract.metadata.jsonld import CMS_ACCOUNT, text_value
from pipelines.extract.metadata.names import split_names, without_label
from pipelines.extract.metadata.site import is_site_name, looks_like_domain

# Bylines of other stories (asides, "latest" rivers, related lists) and of comments are
# not the article's: only elements outside them are read.
_ASIDE_CLASSES = ("related", "river", "latest", "sidebar", "comment", "recommend", "teaser",
                  "more-stories", "popular", "trending")
OUTSIDE_ASIDES = ("[not(ancestor::aside or ancestor::nav or ancestor::footer or ancestor::*["
                  + " or ".join(f'contains(@class, "{word}")' for word in _ASIDE_CLASSES) + "])]")

_ANY_LABEL = re.compile(r"^\s*(?:by|von|par|por|di|da|door|av|af|från|from|written by|"
                        r"text|texto|autor(?:in)?(?:/autor(?:in)?)?|authors?)\s*[:\-]?\s+",
                        re.IGNORECASE)
_LABELS = ("By ", "Von ", "Par ", "Por ", "By:", "Von:", "Par:", "Por:", "Autor", "Author")
_LABEL_TEXT = ("//text()[string-length(normalize-space(.)) < 60 and ("
               + " or ".join(f'starts-with(normalize-space(.), "{label}")' for label in _LABELS)
               + ")]" + OUTSIDE_ASIDES)
_NOT_A_NAME = re.compile(r"\d|@|https?:|\b(?:updated|published|min read|photos?|fotos?|admin)\b",
                         re.IGNORECASE)
# Interface text set beside a byline: contact, profile and follow links, sponsorship labels.
_UI_TEXT = re.compile(r"\b(?:e-?mail|mail|contact|view|posts|profile|bio|follow|subscribe|"
                      r"share|promoted|sponsored|paid|presented|more (?:from|by|articles|stories)|"
                      r"all (?:articles|posts|stories)|author page|twitter|facebook|linkedin|"
                      r"instagram|kontakt|schreiben|folgen|artikel)\b", re.IGNORECASE)
_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")  # "sophie-foster": a URL's word, not a name
_NO_NEWSROOM = re.compile(r"@|https?:|^\d")
_JOB_TITLE = re.compile(r"\b(?:staff|editor|editors|writer|writers|reporter|correspondent|"
                        r"contributor|columnist)\b", re.IGNORECASE)
_TEAM = re.compile(r"\b(?:team|desk|redaktion|newsroom)\b", re.IGNORECASE)
_NAME = r"(?:[^\W\d_][\w'’.-]*\s+){1,3}[^\W\d_][\w'’.-]*"
_SIGNED = re.compile(rf"{_NAME}(?:\s*[/&]\s*{_NAME})?")  # one name, or two joined by / or &
SIGNATURE_LEAD = 3  # a signature may follow a lead of one or two short paragraphs
_SIGNATURE_PATH = '//p[count(*) = 1 and (strong or b)]'
_META_KEYS = ("author", "article:author", "og:article:author", "parsely-author",
              "sailthru.author", "dc.creator", "byl", "cxenseparse:author")
_BYLINE_PATHS = tuple(path + OUTSIDE_ASIDES for path in (
    '//*[@rel="author"]', '//*[@itemprop="author"]',
    '//*[contains(@class, "byline") and not(contains(@class, "comment"))]'))
MAX_NAME_CHARS = 50


def _named_team(name: str) -> bool:
    """"Gear Team", "MM-Redaktion": a team word with a name of its own beside it."""
    return bool(_TEAM.search(name)) and bool(_TEAM.sub("", name).strip(" -–·"))


def _acceptable(name: str, site_keys: frozenset[str], teams: bool) -> bool:
    if _NOT_A_NAME.search(name) or _JOB_TITLE.search(name) or _UI_TEXT.search(name):
        return False
    if _SLUG.fullmatch(name):
        return False
    if len(name) > MAX_NAME_CHARS or len(name.split()) > 5:
        return False
    if _TEAM.search(name) and not (teams and _named_team(name)):
        return False
    return not (looks_like_domain(name) or is_site_name(name, site_keys))


def clean_authors(raw: list[str], site_keys: frozenset[str] = frozenset(),
                  teams: bool = False, whole: bool = False) -> tuple[str, ...]:
    """Names only: no "By", job titles, dates, e-mail addresses, interface text ("Email the
    author"), URL slugs or the site's own name. ``teams`` accepts named teams ("Gear Team"),
    which structured data states as authors; ``whole`` takes each entry as one name (a
    schema.org Person's)."""
    names: list[str] = []
    for entry in raw:
        for name in split_names(entry, site_keys, whole):
            seen = {n.casefold() for n in names}
            if _acceptable(name, site_keys, teams) and name.casefold() not in seen:
                names.append(name)
    return tuple(names)


def stated_newsroom(raw: list[str]) -> tuple[str, ...]:
    """The one JSON-LD author that names no person (the site, its newsroom, "Site and AFP"),
    as stated; empty when several or none are stated, or when it is no name at all."""
    if len(raw) != 1:
        return ()
    name = without_label(raw[0]).strip()
    if not name or _NO_NEWSROOM.search(name) or len(name) > MAX_NAME_CHARS:
        return ()
    return (name,)


def meta_authors(tree: HtmlElement) -> list[str]:
    """Every author meta tag's value that is not a profile URL."""
    wanted = set(_META_KEYS)
    values = []
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").casefold()
        content = text_value(meta.get("content"))
        if key in wanted and content and not content.startswith(("http", "/")):
            values.append(content)
    return values


def _capitalised(name: str) -> bool:
    """"Jane", "TPN", "신현주": not "clicking" ("By clicking you agree...")."""
    first = name[:1]
    return first.isalpha() and (first.isupper() or first.lower() == first.upper())


def _label_only(text: str) -> bool:
    return not _ANY_LABEL.sub("", text + " ").strip()


def _labelled_text(node: str) -> str:
    """The byline a label text node opens: the node itself ("By Jane Doe,") or, when it is the
    label alone, the element around it (``<li><strong>Autor</strong> Jane Doe</li>``)."""
    text = text_value(str(node)) or ""
    if not _label_only(text):
        return text
    element = node.getparent()
    element = element.getparent() if node.is_tail and element is not None else element
    for _ in range(2):
        if element is None or element.tag in ("script", "style", "body"):
            return ""
        text = text_value(element.text_content()) or ""
        if not _label_only(text):
            return text
        element = element.getparent()
    return ""


def _without_dateline(names: tuple[str, ...]) -> tuple[str, ...]:
    """"Jane Doe, Frankfurt": a one-word last item after full names is the place written from."""
    full_names = all(len(name.split()) > 1 for name in names[:-1])
    if len(names) > 1 and len(names[-1].split()) == 1 and full_names:
        return names[:-1]
    return names


def labelled_authors(tree: HtmlElement, site_keys: frozenset[str]) -> tuple[str, ...]:
    """Names in the first short text labelled as a byline ("By Jane Doe", "Autor: ...")."""
    for node in tree.xpath(_LABEL_TEXT)[:5]:
        text = _labelled_text(node)
        if len(text) <= 80 and _ANY_LABEL.match(text) and _capitalised(_ANY_LABEL.sub("", text)):
            names = tuple(name for name in clean_authors([text], site_keys) if _capitalised(name))
            if names:
                return _without_dateline(names)
    return ()


def _paragraph_texts(parent: HtmlElement) -> list[str]:
    return [text for p in parent.iterchildren("p") if (text := text_value(p.text_content()))]


def signature_authors(tree: HtmlElement, site_keys: frozenset[str]) -> tuple[str, ...]:
    """A name (or two joined by "/" or "&") set in bold as one of the first paragraphs or the
    last of the text ("<p><b>Jane Doe</b></p>"), the way many papers sign an article."""
    for paragraph in tree.xpath(_SIGNATURE_PATH):
        text = text_value(paragraph.text_content()) or ""
        bold = text_value(paragraph[0].text_content()) or ""
        parent = paragraph.getparent()
        words = re.split(r"[\s/&]+", text)
        if text != bold or not _SIGNED.fullmatch(text) or not all(map(_capitalised, words)):
            continue
        siblings = _paragraph_texts(parent) if parent is not None else []
        if len(siblings) >= 4 and (text in siblings[:SIGNATURE_LEAD] or text == siblings[-1]):
            return clean_authors([text], site_keys)
    return ()


def byline_authors(tree: HtmlElement, site_keys: frozenset[str]) -> tuple[str, ...]:
    """Names in the page's byline elements (short texts only, at most three elements)."""
    for path in _BYLINE_PATHS:
        texts = [text_value(el.text_content()) or "" for el in tree.xpath(path)[:3]
                 if not any(CMS_ACCOUNT.search(href) for href in el.xpath(".//@href"))]
        names = clean_authors([text for text in texts if 0 < len(text) <= 80], site_keys)
        if names:
            return names
    return ()

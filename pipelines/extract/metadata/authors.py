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
from pipelines.extract.metadata.site import is_site_name, looks_like_domain

_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af|från|from|written by|"
                        r"text|texto|autor(?:in)?(?:/autor(?:in)?)?|authors?)\s*[:\-]?\s+",
                        re.IGNORECASE)
_LABELS = ("By ", "Von ", "Par ", "Por ", "By:", "Von:", "Par:", "Por:", "Autor", "Author")
_LABEL_TEXT = ("//text()[string-length(normalize-space(.)) < 60 and ("
               + " or ".join(f'starts-with(normalize-space(.), "{label}")' for label in _LABELS)
               + ")]")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\+|、|\band\b|\bund\b|\bet\b|\by\b|\bog\b|\boch\b|"
                           r"\be\b|\ben\b|\bve\b|\bi\b|\bи\b)\s*", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_JOB_SUFFIX = re.compile(r"\s+(?:기자|특파원|記者|特派員|编辑|記者)$")
_NOT_A_NAME = re.compile(r"\d|@|https?:|\b(?:updated|published|min read|photos?|fotos?|admin)\b",
                         re.IGNORECASE)
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
_BYLINE_PATHS = ('//*[@rel="author"]', '//*[@itemprop="author"]',
                 '//*[contains(@class, "byline") and not(contains(@class, "comment"))]')
MAX_NAME_CHARS = 50


def _names_in(entry: str, site_keys: frozenset[str]) -> list[str]:
    """The names in one stated entry; none when it is the site's own ("Site, City, Country",
    "Broadcaster (www.site.com)")."""
    if any(looks_like_domain(inner) for inner in re.findall(r"\(([^)]*)\)", entry)):
        return []
    entry = _PARENTHESES.sub("", _BY_PREFIX.sub("", entry))
    parts = [_JOB_SUFFIX.sub("", part.strip(" .,:-–—·")) for part in _AUTHOR_SPLIT.split(entry)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and (looks_like_domain(parts[0]) or is_site_name(parts[0], site_keys)):
        return []
    return parts


def _named_team(name: str) -> bool:
    """"Gear Team", "MM-Redaktion": a team word with a name of its own beside it."""
    return bool(_TEAM.search(name)) and bool(_TEAM.sub("", name).strip(" -–·"))


def _acceptable(name: str, site_keys: frozenset[str], teams: bool) -> bool:
    if _NOT_A_NAME.search(name) or _JOB_TITLE.search(name):
        return False
    if len(name) > MAX_NAME_CHARS or len(name.split()) > 5:
        return False
    if _TEAM.search(name) and not (teams and _named_team(name)):
        return False
    return not (looks_like_domain(name) or is_site_name(name, site_keys))


def clean_authors(raw: list[str], site_keys: frozenset[str] = frozenset(),
                  teams: bool = False) -> tuple[str, ...]:
    """Names only: no "By", job titles, dates, e-mail addresses or the site's own name.
    ``teams`` accepts named teams ("Gear Team"), which structured data states as authors."""
    names: list[str] = []
    for entry in raw:
        for name in _names_in(entry, site_keys):
            seen = {n.casefold() for n in names}
            if _acceptable(name, site_keys, teams) and name.casefold() not in seen:
                names.append(name)
    return tuple(names)


def stated_newsroom(raw: list[str]) -> tuple[str, ...]:
    """The one JSON-LD author that names no person (the site, its newsroom, "Site and AFP"),
    as stated; empty when several or none are stated, or when it is no name at all."""
    if len(raw) != 1:
        return ()
    name = _BY_PREFIX.sub("", raw[0]).strip()
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
    return not _BY_PREFIX.sub("", text + " ").strip()


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
        if len(text) <= 80 and _BY_PREFIX.match(text) and _capitalised(_BY_PREFIX.sub("", text)):
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

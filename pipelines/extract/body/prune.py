"""The page made easier for trafilatura to read: teaser lists out, a split body joined.

A list whose every item is nothing but a link points to other pages ("More on this topic",
a row of related headlines), wherever it sits in the article, unless a sentence ending in a
colon introduces it and its links lead off the site (the article's list of products or
sources); trafilatura's link-density
test lets short ones through. An article body that the template cuts into several blocks of
the same class (one per row between full-width ads) is joined into its first block, or
trafilatura keeps only the first part. A card that pops up over a name inside a paragraph
(a tooltip or hover card with a picture and links) is markup for the pointer, not text.
Ruby annotations become inline text, and tables that lay out the page become plain blocks.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

MIN_ITEMS = 2
MIN_PARAGRAPH_CHARS = 80
MIN_BODY_PARAGRAPHS = 2
_POPUP_CLASS = re.compile(r"tooltip|popover|popup|hover-?card|rollover", re.IGNORECASE)


def _text(element: HtmlElement) -> str:
    return "".join(element.itertext()).strip()


def _link_only(item: HtmlElement, nested: bool) -> bool:
    """Whether the list item's text is all link text; ``nested``: its list sits inside a
    link (``_outer_link``, asked once per list: an item's ancestors are its list's)."""
    links = item.findall(".//a")
    if len(links) == 1 and not nested:
        # The candidates' XPath left no text outside links in the item: with one link, the
        # item's text is the link's (the check below, in a fraction of the time).
        return True
    text = " ".join(_text(item).split())
    linked = " ".join(" ".join(_text(link) for link in item.iter("a")).split())
    return bool(text) and text == linked


def _outer_link(listing: HtmlElement) -> bool:
    """The list sits inside a link (markup that nests a list in an ``<a>``)."""
    return any(parent.tag == "a" for parent in listing.iterancestors())


# Lists that may be link-only: at least MIN_ITEMS items, each with a link that has text, and
# no text outside links. libxml2 finds them in one pass; _link_only then confirms the few it
# finds (walking every list item in Python was a fifth of the extraction time). XPath's
# normalize-space() knows only ASCII blanks, so Unicode spaces are mapped first.
_UNICODE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009" \
    "\u200a\u2028\u2029\u202f\u205f\u3000\x85"
_HAS_TEXT = f"normalize-space(translate(., '{_UNICODE_SPACES}', '{' ' * len(_UNICODE_SPACES)}'))"
_CANDIDATES = "|".join(
    f"//{tag}[count(li) >= {MIN_ITEMS}][li/a][not(li[not(.//a[{_HAS_TEXT}])])]"
    f"[not(li//text()[{_HAS_TEXT}][not(ancestor::a)])]"
    for tag in ("ul", "ol")
)


def _content_list(listing: HtmlElement, host: str) -> bool:
    """The text before the list announces it ("The models on offer:") and its links lead off
    the site (to the products, studies or places it names): the list is the article's
    content. Links within the site (related stories) or the page (a table of contents) are
    navigation, announced or not."""
    previous = listing.getprevious()
    if previous is None or not _text(previous).rstrip().endswith(":"):
        return False
    hrefs = listing.xpath(".//a/@href")
    hosts = {(urlsplit(href).hostname or "").removeprefix("www.") for href in hrefs}
    return bool(hosts) and "" not in hosts and host.removeprefix("www.") not in hosts


def drop_link_lists(tree: HtmlElement, url: str = "") -> None:
    """Remove, in place, every ``<ul>``/``<ol>`` whose items all consist of one link text,
    unless it is the content of the article at ``url``: that list stays, its links made plain
    text (trafilatura drops lists dense with links)."""
    host = (urlsplit(url).hostname or "").casefold()
    for listing in tree.xpath(_CANDIDATES):
        nested = _outer_link(listing)
        if not all(_link_only(item, nested) for item in listing.findall("li")):
            continue
        if _content_list(listing, host):  # its links out, or trafilatura's link density drops it
            etree.strip_tags(listing, "a")
        else:
            listing.drop_tree()


# A sign-up box an outlet puts between the paragraphs ("Get our newsletter ... Sign up"):
# a class or id token that names signing up or subscribing (trafilatura drops
# "newsletter" boxes, not these), on a block short enough to be a call to action. A
# paywalled body's wrapper ("subscriber-content") is long and names no such token.
_SIGNUP = re.compile(r"(?:^|[\s_-])(?:sign-?up|subscribe)(?:$|[\s_-])", re.IGNORECASE)
MAX_SIGNUP_CHARS = 300
# libxml2 keeps the blocks whose class or id has the letters of either word, in any case
# of their first letter; the expression above confirms the few it finds.
_SIGNUP_CANDIDATES = "//body//*[self::div or self::aside or self::section or self::form " \
    "or self::p][" + " or ".join(f"contains(@{name}, '{part}')" for name in ("class", "id")
                                 for part in ("ign", "ubscribe")) + "]"


def drop_signup_boxes(tree: HtmlElement) -> None:
    """Remove, in place, short blocks whose class or id names signing up or subscribing
    (a newsletter box between the paragraphs, its "Sign up" link)."""
    for element in tree.xpath(_SIGNUP_CANDIDATES):
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if (_SIGNUP.search(marks) and element.getparent() is not None
                and len(_text(element)) <= MAX_SIGNUP_CHARS):
            element.drop_tree()


def drop_inline_popups(tree: HtmlElement) -> None:
    """Remove, in place, pop-up cards (elements with children and a tooltip/popover/hover-card
    class) nested in paragraphs; the link or name they pop up over stays."""
    for element in tree.xpath("//p//*[@class and * and not(self::a)]"):
        if _POPUP_CLASS.search(element.get("class", "")) and element.getparent() is not None:
            element.drop_tree()


def _paragraphs(block: HtmlElement) -> int:
    return sum(len(_text(p)) >= MIN_PARAGRAPH_CHARS for p in block.findall("p"))


def join_split_body(tree: HtmlElement) -> None:
    """Move, in place, the children of later article-body blocks sharing the first block's tag
    and class into that first block (blocks with a few long paragraphs each, none nested)."""
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for block in tree.xpath('//*[contains(translate(@class, "BODY", "body"), "body")][p]'):
        if _paragraphs(block) >= MIN_BODY_PARAGRAPHS:
            groups.setdefault((block.tag, block.get("class", "")), []).append(block)
    for blocks in groups.values():
        first = blocks[0]
        nested = any(first in b.iterancestors() or b in first.iterancestors() for b in blocks[1:])
        if len(blocks) < 2 or nested:
            continue
        for block in blocks[1:]:
            first.extend(list(block))
            block.drop_tree()


def _ruby_text(ruby: HtmlElement) -> str:
    """"base（reading）", whether or not the page gives the parentheses (``<rp>``)."""
    readings = "".join("".join(rt.itertext()) for rt in ruby.iter("rt")).strip()
    for annotation in list(ruby.iter("rt", "rp")):
        annotation.drop_tree()
    base = "".join(ruby.itertext()).strip()
    return f"{base}（{readings}）" if readings and base else base or readings


def flatten_ruby(tree: HtmlElement) -> None:
    """Turn, in place, ``<ruby>`` annotations (the reading over a name in Japanese and Chinese
    text) into inline text, one way on every page: "base（reading）", never the two glued
    ("子こども"); the extractor otherwise breaks the paragraph around them."""
    for ruby in list(tree.iter("ruby")):
        text = _ruby_text(ruby)
        ruby.clear(keep_tail=True)
        ruby.tag, ruby.text = "span", text


_LAYOUT_TABLE = f"//table[.//h1 or .//h2 or .//p[string-length(normalize-space()) > {MIN_PARAGRAPH_CHARS}]]"


def unwrap_layout_tables(tree: HtmlElement) -> None:
    """Turn, in place, tables that lay out a page (cells holding headings or paragraphs of
    running text) into plain blocks: kept as tables, a whole article in one cell comes out
    as a single line of text."""
    for table in tree.xpath(_LAYOUT_TABLE):
        sections = table.xpath("./thead|./tbody|./tfoot")
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        cells = [cell for row in rows for cell in row.xpath("./td|./th")]
        for element in (table, *sections, *rows, *cells):
            element.tag = "div"

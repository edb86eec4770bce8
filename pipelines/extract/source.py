"""The page's HTML made parseable, and strings made clean: one form for every page.

lxml refuses a ``str`` that opens with an XML declaration naming an encoding (``<?xml
version="1.0" encoding="UTF-8"?>``, common on XHTML pages), and libxml2 gives up on the rest
of a page at control characters that XML forbids: both go before parsing, as trafilatura's
own loader (``trafilatura.utils.repair_faulty_html``) removes them. Text is Unicode NFC
(what trafilatura's ``extract()`` returns; ``bare_extraction`` does not normalise) without
control characters other than line breaks and tabs.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import html as lxml_html
from lxml.html import HtmlElement

# C0 controls but tab and line breaks, DEL and C1 controls: never text (XML 1.0 forbids C0).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
# Comments and processing instructions go at parse time, as trafilatura's own loader does:
# a comment between a paragraph's text and a link inside it cuts the paragraph there.
_PARSER = lxml_html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)


def clean_text(text: str) -> str:
    """``text`` in Unicode NFC without control characters (tab and line breaks stay)."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def clean_source(html: str) -> str:
    """The page's markup without control characters, byte-order mark or XML declaration."""
    return _XML_DECLARATION.sub("", _CONTROL.sub("", html).lstrip("\ufeff"), count=1)


def parse_html(html: str) -> HtmlElement | None:
    """A document tree of ``html`` (already :func:`clean_source`-d); None for an empty or
    unparseable page."""
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html, parser=_PARSER)
    except (ValueError, lxml_html.etree.ParserError):
        return None

"""Turning a listing's bytes into an XML tree, however the site encoded and escaped them.

Feeds and sitemaps in the wild start with a byte-order mark, come in UTF-16 or UTF-32,
declare an encoding their bytes contradict, open with a ``<!DOCTYPE``, use namespace
prefixes they never declare and leave ``&`` unescaped in URLs. Each of these is read
here as the site meant it. Entity resolution and network access stay switched off, so
a hostile document can neither expand entities nor make the parser read files or URLs.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree
from w3lib.encoding import read_bom

from crawler.fetching.encoding_fix import decodes

# XML 1.0, appendix F: how a document without a byte-order mark shows its encoding by
# the way its first "<" is written (UTF-32 first: its patterns begin like UTF-16's).
_UNMARKED = ((b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
             (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"))
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*?\?>", re.IGNORECASE)
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.IGNORECASE)
# An ``&`` that starts no character or entity reference: a bare one, as in ``?id=1&cat=2``.
_BARE_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z_:][\w.:-]*;)")


def xml_encoding(body: bytes) -> tuple[str, int]:
    """The codec of an XML document and the length of its byte-order mark.

    Order: a byte-order mark; the UTF-16/32 patterns of XML 1.0 appendix F; UTF-8 when
    the bytes are valid UTF-8 (other encodings almost never are by chance, whatever the
    declaration says); the declared encoding; windows-1252.
    """
    encoding, bom = read_bom(body)
    if encoding is not None and bom is not None:
        return encoding, len(bom)
    for head, unmarked in _UNMARKED:
        if body.startswith(head):
            return unmarked, 0
    if decodes(body, "utf-8"):
        return "utf-8", 0
    declared = _DECLARED.match(body[:256])
    if declared and decodes(body, declared.group(1).decode("ascii")):
        return codecs.lookup(declared.group(1).decode("ascii")).name, 0
    return "cp1252", 0


def xml_text(body: bytes) -> str:
    """The document as text: decoded, without its XML declaration, bare ``&`` escaped."""
    encoding, skip = xml_encoding(body)
    text = body[skip:].decode(encoding, errors="replace")
    text = _DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    return _BARE_AMPERSAND.sub("&amp;", text)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False,
        remove_comments=True, remove_pis=True, load_dtd=False,
    )


def parse_xml(body: bytes) -> etree._Element | None:
    """Parse ``body`` as XML (recovering what it can), or return None if it is not XML."""
    text = xml_text(body).lstrip()
    if not text.startswith("<"):
        return None
    try:
        return etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError:
        return None


def local_name(element: etree._Element) -> str:
    """An element's lower-case name without namespace or (possibly undeclared) prefix."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """The direct children called ``name`` (local name, any namespace)."""
    return [child for child in element if local_name(child) == name]


def child_text(element: etree._Element, name: str) -> str | None:
    """The stripped text of the first direct child called ``name`` that has text."""
    for child in children(element, name):
        if child.text and child.text.strip():
            return child.text.strip()
    return None

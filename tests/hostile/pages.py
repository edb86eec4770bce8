"""Bodies the hostile site serves: honest articles in awkward encodings, and payloads that hurt."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from functools import cache
from html import escape

import brotli  # type: ignore[import-untyped]

BOMB_BYTES = 512 * 1024 * 1024  # what each bomb inflates to
_MB = bytes(1 << 20)
FILLER = ("The partnership covers software, batteries and charging, and both companies said "
          "the first vehicles built on the joint platform will reach customers next year. ")

# Text that stresses storage: SQL, format strings, quotes, emoji, RTL and astral characters.
SPECIAL_TITLE = ("Ford & Xiaomi's \"AI-cockpit\" deal: 'Robert'); DROP TABLE articles;-- %s {0} "
                 "👩💻🚗 مرحبا 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " + "long headline " * 18).strip()
SPECIAL_LINES = [
    "Quotes \"double\" 'single' `back` and a backslash \\ plus %s %d %(name)s {0} {name} $1 ?.",
    "SQL-ish: SELECT * FROM articles WHERE id = 1 OR '1'='1'; -- and 1; DELETE FROM x;",
    "Emoji 🚗⚡🔋, RTL שלום עולם and مرحبا بالعالم, astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and 𠀋𠂢 characters.",
    ("A very long paragraph " + "about a partnership between automakers and chip makers " * 250)
    .strip()[:14_000],
]

ENCODED = {
    # path: (text, codec, Content-Type charset or None, <meta> charset or None, BOM)
    "/news/meta-charset-only-story": ("Citroën’s “naïve” café at Škoda — 5 €", "windows-1252",
                                      None, "windows-1252", b""),
    "/news/wrong-header-charset-story": ("Grüße from Zürich: Škoda and Baidu – “déjà vu”",
                                         "utf-8", "iso-8859-1", "utf-8", b""),
    "/news/windows-1252-story": ("Renault’s “smart” deal — costs 5 € • done", "windows-1252",
                                 "windows-1252", None, b""),
    "/news/utf8-bom-story": ("Hyundai × Samsung: “次世代” chips ✓", "utf-8", None, None,
                             b"\xef\xbb\xbf"),
    "/news/shift-jis-story": ("トヨタとソニーが次世代EVで提携、ソフトウェアを共同開発", "shift_jis",
                              "Shift_JIS", None, b""),
    "/news/gb18030-story": ("比亚迪与华为宣布智能驾驶合作，共同开发下一代电动汽车软件", "gb18030",
                            None, "gb18030", b""),
}


def article(title: str, paragraphs: Iterable[str], meta_charset: str | None = None,
            extra_head: str = "") -> str:
    """A plain news article page."""
    charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{charset}<title>{escape(title)}</title>{extra_head}"
            f"</head><body><article><h1>{escape(title)}</h1>{body}</article></body></html>")


def filler_article(title: str) -> str:
    """An article of its own: its title opens the text, so no two are duplicates."""
    return article(title, [f"{title}: {FILLER * 2}", FILLER * 3])


def encoded_article(path: str) -> bytes:
    """The article at ``path`` of ``ENCODED``, as bytes in its codec."""
    text, codec, _, meta, bom = ENCODED[path]
    return bom + article(text, [text + " " + FILLER * 3, FILLER * 2], meta).encode(codec)


def topic_page(links: Iterable[str], next_href: str | None = None) -> str:
    anchors = "".join(f'<li><a href="{escape(href)}">story</a></li>' for href in links)
    nxt = f'<a href="{escape(next_href)}">Next day »</a>' if next_href else ""
    return f"<html><body><h1>Partnerships</h1><ul>{anchors}</ul>{nxt}</body></html>"


def huge_dom(blocks: int = 40_000) -> str:
    """A page on which trafilatura spends tens of seconds."""
    body = "".join(f"<div><p>Paragraph {i} with some text here and more.</p></div>"
                   for i in range(blocks))
    return f"<html><body><article><h1>Huge page</h1>{body}</article></body></html>"


def malformed() -> bytes:
    """Unclosed tags, stray NUL bytes, junk before the doctype; still an article."""
    text = ("Tesla\x00 and Nvidia <b>expand <i>their</b> partnership</i> " + FILLER * 3)
    return (b"\x00\x00junk<!DOCTYPE html><html><head><title>Broken markup story</title>"
            b"<body><article><h1>Broken markup story<p>" + text.encode()
            + b"<p>" + (FILLER * 2).encode() + b"<div><table><tr><td>cell")


def _zlib_stream(parts: list[tuple[bytes, int]], wrapper: str) -> bytes:
    """A gzip or zlib stream of each ``(chunk, times)`` in turn, built in milliseconds.

    After a full flush the compressor starts afresh, so a repeated chunk compresses to
    the same bytes every time: compress it once, repeat the output, compute the checksum.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, adler, size, out = 0, 1, 0, []
    for chunk, times in parts:
        out.append((compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)) * times)
        for _ in range(times):
            crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
        size += len(chunk) * times
    deflated = b"".join(out) + compressor.flush()
    if wrapper == "gzip":
        return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + deflated
                + struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"\x78\xda" + deflated + struct.pack(">I", adler)


@cache
def bomb(encoding: str) -> bytes:
    """``BOMB_BYTES`` of zeros, compressed with ``encoding`` (gzip, deflate, br, or nested)."""
    if encoding in ("gzip", "deflate"):
        return _zlib_stream([(_MB, BOMB_BYTES >> 20)], encoding)
    if encoding == "br":
        compressor = brotli.Compressor(quality=5)
        return b"".join(compressor.process(_MB) for _ in range(BOMB_BYTES >> 20)) + compressor.finish()
    return brotli.compress(bomb("gzip"), quality=5)  # "gzip, br": br is decoded first


@cache
def sitemap_bomb() -> bytes:
    """A ``.xml.gz`` sitemap that inflates to ``BOMB_BYTES`` of whitespace inside a urlset."""
    head = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    return _zlib_stream([(head, 1), (b" " * (1 << 20), BOMB_BYTES >> 20), (b"</urlset>", 1)],
                        "gzip")


def xml_attack_feed(base: str, secret_path: str) -> str:
    """An RSS feed with a billion-laughs entity, a local file entity and a network entity."""
    entities = ['<!ENTITY l0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    entities += [f'<!ENTITY secret SYSTEM "file://{secret_path}">',
                 f'<!ENTITY probe SYSTEM "{base}/xxe-probe">']
    return (f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(entities)}]>'
            f"<rss version=\"2.0\"><channel><item><link>{base}/news/feed-listed-story</link>"
            f"<title>&secret;&probe;</title><description>&l9;&secret;</description></item>"
            f"<title>&l9;</title></channel></rss>")

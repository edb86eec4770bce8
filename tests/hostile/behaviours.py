"""What the hostile site does at each path: one small function per trap or honest page."""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.hostile import pages
from tests.hostile.server import CHUNK, HONEST, SESSION_STORY, TRAPS, endless

if TYPE_CHECKING:
    from tests.hostile.server import _Handler

Behaviour = Callable[["_Handler", str], None]
BIG = 50 * CHUNK


def _article(title: str) -> Behaviour:
    return lambda h, _: h.send(200, pages.filler_article(title).encode())


def _encoded(path: str) -> Behaviour:
    _, _, header_charset, _, _ = pages.ENCODED[path]
    content_type = f"text/html; charset={header_charset}" if header_charset else "text/html"
    return lambda h, _: h.send(200, pages.encoded_article(path), content_type)


def _special(h: _Handler, _: str) -> None:
    h.send(200, pages.article(pages.SPECIAL_TITLE, pages.SPECIAL_LINES).encode())


def _topic(h: _Handler, _: str) -> None:
    sessions = [f"{SESSION_STORY};jsessionid={n}" for n in range(20)]
    links = [*HONEST, *TRAPS, SESSION_STORY, *sessions, f"{SESSION_STORY}?PHPSESSID=abc"]
    h.send(200, pages.topic_page(links, "/archive/2026/11/18/").encode())


def _honest_topic(h: _Handler, _: str) -> None:
    h.send(200, pages.topic_page(HONEST).encode())


def _calendar(h: _Handler, path: str) -> None:
    year, month, day = (int(x) for x in path.strip("/").split("/")[1:4])
    nxt = f"/archive/{year}/{month}/{day + 1}/"
    links = [f"{SESSION_STORY}?sid={uuid.uuid4().hex}", f"/archive/{year}/{month}/{day + 2}/"]
    h.send(200, pages.topic_page(links, nxt).encode())


def _bomb(encoding: str) -> Behaviour:
    header = "gzip, br" if encoding == "nested" else encoding
    return lambda h, _: h.send(200, pages.bomb(encoding), Content_Encoding=header)


def _big(with_length: bool) -> Behaviour:
    def serve(h: _Handler, _: str) -> None:
        headers = {"Content-Type": "text/html"}
        if with_length:
            headers["Content-Length"] = str(BIG)
        h.head(200, headers)
        for block in itertools.islice(endless(), BIG // CHUNK):
            h.body(block)
    return serve


def _endless(h: _Handler, _: str) -> None:
    h.head(200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"})
    for block in endless():
        h.chunk(block)


def _stall(h: _Handler, _: str) -> None:
    h.head(200, {"Content-Type": "text/html", "Content-Length": "100000"})
    h.body(b"<html><body><p>")
    time.sleep(30)


def _ten_seconds(h: _Handler, _: str) -> None:
    body = pages.filler_article("Ten seconds story").encode()
    h.head(200, {"Content-Type": "text/html", "Content-Length": str(len(body))})
    for i in range(10):
        time.sleep(1)
        h.body(body[i * len(body) // 10:(i + 1) * len(body) // 10])


def _truncated(h: _Handler, _: str) -> None:
    body = pages.filler_article("Truncated story").encode()
    h.head(200, {"Content-Type": "text/html", "Content-Length": str(len(body) * 2)})
    h.body(body)


def _broken_chunked(h: _Handler, _: str) -> None:
    h.head(200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"})
    h.chunk(pages.filler_article("Broken chunks story").encode())
    h.body(b"zz\r\nnot a chunk size\r\n")


def _reset(h: _Handler, _: str) -> None:
    h.head(200, {"Content-Type": "text/html", "Content-Length": "50000"})
    h.body(pages.filler_article("Reset story").encode()[:2000])
    h.reset()


def _status(status: int, **headers: str) -> Behaviour:
    return lambda h, _: h.send(status, b"<html><body>try later</body></html>", **headers)


def _throttled(status: int, content_type: str, body: bytes, **headers: str) -> Behaviour:
    """A throttling answer whose headers a body guard would judge: not HTML, or broken gzip."""
    return lambda h, _: h.send(status, body, content_type, Retry_After="1", **headers)


def _nth(first: Behaviour, then: Behaviour) -> Behaviour:
    """``first`` on the first request for the path, ``then`` afterwards."""
    def serve(h: _Handler, path: str) -> None:
        (first if h.server.site.times_requested(path) <= 1 else then)(h, path)
    return serve


def _redirect(target: str | Callable[[_Handler], str], status: int = 302) -> Behaviour:
    return lambda h, _: h.send(status, b"", Location=target(h) if callable(target) else target)


def _hop(h: _Handler, path: str) -> None:
    chain, n = path.strip("/").split("/")[1:3]
    last = {"chain": 3, "many": 25}[chain]
    target = f"/hop/{chain}/{int(n) + 1}" if int(n) < last else f"/news/{chain}-hops-target-story"
    h.send(302, b"", Location=target)


def _refresh(h: _Handler, path: str) -> None:
    n = int(path.rsplit("/", 1)[-1]) if path.startswith("/refresh/") else 0
    refresh = f'<meta http-equiv="refresh" content="0; url=/refresh/{n + 1}">'
    h.send(200, pages.article("Refreshing", [pages.FILLER], extra_head=refresh).encode())


def _binary(content_type: str, size: int, **headers: str) -> Behaviour:
    def serve(h: _Handler, _: str) -> None:
        h.head(200, {"Content-Type": content_type, "Content-Length": str(size), **headers})
        for block in itertools.islice(endless(), size // CHUNK):
            h.body(block)
    return serve


def _feed(h: _Handler, _: str) -> None:
    site = h.server.site
    h.send(200, pages.xml_attack_feed(site.base_url, site.secret_file).encode(), "application/rss+xml")


def _elsewhere(h: _Handler) -> str:
    return h.server.site.redirect_targets["elsewhere"] + "/news/cross-site-landing-story"


def _internal(h: _Handler) -> str:
    return h.server.site.redirect_targets["internal"] + "/news/internal-secret-story"


BEHAVIOURS: dict[str, Behaviour] = {
    "/topic/": _topic,
    "/archive/": _calendar,
    "/honest/": _honest_topic,
    "/feed.xml": _feed,
    "/sitemap.xml.gz": lambda h, _: h.send(200, pages.sitemap_bomb(), "application/x-gzip"),
    "/news/plain-control-story": _article("Plain control story"),
    "/news/feed-listed-story": _article("Feed listed story"),
    "/news/cross-site-landing-story": _article("Cross site landing story"),
    "/news/chain-hops-target-story": _article("Redirect chain target story"),
    "/news/many-hops-target-story": _article("Never reached story"),
    SESSION_STORY: _article("Session id story"),
    "/news/special-characters-story": _special,
    "/news/broken-markup-story": lambda h, _: h.send(200, pages.malformed()),
    "/news/flaky-once-story": _nth(_status(500), _article("Flaky once story")),
    "/news/retry-after-story": _nth(_status(503, Retry_After="1"), _article("Retry after story")),
    "/news/retry-after-too-long-story": _status(429, Retry_After="3600"),
    "/news/throttled-plain-text-story": _nth(
        _throttled(429, "text/plain", b"Too many requests, slow down."),
        _article("Throttled plain text story")),
    "/news/throttled-broken-gzip-story": _nth(
        _throttled(503, "text/html", b"\x1f\x8b\x08 not really gzip", Content_Encoding="gzip"),
        _article("Throttled broken gzip story")),
    "/news/server-error-story": _status(500),
    "/news/redirect-chain-story": _redirect("/hop/chain/1", 301),
    "/news/redirect-25-hops-story": _redirect("/hop/many/1"),
    "/hop/": _hop,
    "/news/redirect-loop-story": _redirect("/loop/back"),
    "/loop/back": _redirect("/news/redirect-loop-story"),
    "/news/meta-refresh-loop-story": _refresh,
    "/refresh/": _refresh,
    "/news/gzip-bomb-story": _bomb("gzip"),
    "/news/deflate-bomb-story": _bomb("deflate"),
    "/news/brotli-bomb-story": _bomb("br"),
    "/news/nested-bomb-story": _bomb("nested"),
    "/news/fifty-megabytes-story": _big(with_length=True),
    "/news/fifty-megabytes-chunked-story": _big(with_length=False),
    "/news/endless-body-story": _endless,
    "/news/stall-after-headers-story": _stall,
    "/news/ten-seconds-story": _ten_seconds,
    "/news/truncated-body-story": _truncated,
    "/news/broken-chunked-story": _broken_chunked,
    "/news/connection-reset-story": _reset,
    "/news/annual-report-story": _binary("application/pdf", 20 * CHUNK),
    "/news/photo-gallery-story": _binary("image/jpeg", 20 * CHUNK),
    "/news/attachment-download-story": _binary("text/html", 20 * CHUNK,
                                               **{"Content-Disposition": "attachment; x.html"}),
    "/news/huge-dom-story": lambda h, _: h.send(200, pages.huge_dom().encode()),
    "/news/redirect-to-internal-story": _redirect(_internal),
    "/news/cross-site-redirect-story": _redirect(_elsewhere),
    **{path: _encoded(path) for path in pages.ENCODED},
}

"""A hostile local news site: every article link leads into a trap, except the honest ones.

It streams slowly, stalls, sends endless or oversized bodies, truncates, breaks chunked
encoding, resets connections, serves decompression bombs, redirect loops, calendar
traps, session-id explosions, binaries behind article URLs, entity attacks in its feed,
and redirects to another site or into the local network. It logs every request with its
headers, its time and how many body bytes it managed to send.
"""

from __future__ import annotations

import dataclasses
import itertools
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from tests.hostile import pages

CHUNK = 1 << 20
HONEST = ["/news/plain-control-story", "/news/special-characters-story",
          "/news/broken-markup-story", "/news/flaky-once-story", "/news/retry-after-story",
          "/news/redirect-chain-story", "/news/throttled-plain-text-story",
          "/news/throttled-broken-gzip-story", *pages.ENCODED]
TRAPS = ["/news/gzip-bomb-story", "/news/deflate-bomb-story", "/news/brotli-bomb-story",
         "/news/nested-bomb-story", "/news/fifty-megabytes-story", "/news/fifty-megabytes-chunked-story",
         "/news/endless-body-story", "/news/stall-after-headers-story", "/news/ten-seconds-story",
         "/news/truncated-body-story", "/news/broken-chunked-story", "/news/connection-reset-story",
         "/news/server-error-story", "/news/retry-after-too-long-story", "/news/redirect-loop-story",
         "/news/redirect-25-hops-story", "/news/meta-refresh-loop-story", "/news/annual-report-story",
         "/news/photo-gallery-story", "/news/attachment-download-story", "/news/huge-dom-story",
         "/news/redirect-to-internal-story", "/news/cross-site-redirect-story"]
SESSION_STORY = "/news/session-id-story"


@dataclasses.dataclass
class RequestRecord:
    """One request the site received."""

    path: str
    host: str
    headers: dict[str, str]
    at: float
    sent: int = 0  # body bytes written before the client hung up or the body ended


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    record: RequestRecord

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        path = target.path + (f"?{target.query}" if target.query else "")
        self.record = RequestRecord(path, self.headers.get("Host", ""), dict(self.headers),
                                    time.monotonic())
        self.server.site.log(self.record)
        self.close_connection = True
        try:
            self.server.site.respond(self, target.path, target.query)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the crawler hung up, as it should

    # -- primitives the behaviours use -------------------------------------------------
    def head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in {"Connection": "close", **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def body(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.record.sent += len(data)

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
             **headers: str) -> None:
        extra = {k.replace("_", "-"): v for k, v in headers.items()}
        self.head(status, {"Content-Type": content_type, "Content-Length": str(len(body)), **extra})
        self.body(body)

    def chunk(self, data: bytes) -> None:
        self.body(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def reset(self) -> None:
        """Abort the connection with a TCP reset instead of a clean close."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()

    def finish(self) -> None:
        try:
            super().finish()
        except (OSError, ValueError):
            pass

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the site keeps its own log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: HostileSite


Behaviour = Callable[[_Handler, str], None]


class HostileSite:
    """The site on ``host``: start it, crawl it, then read ``requests``."""

    def __init__(self, host: str = "127.0.0.2", redirect_targets: dict[str, str] | None = None,
                 secret_file: str = "/etc/passwd") -> None:
        self.host = host
        self.redirect_targets = redirect_targets or {}
        self.secret_file = secret_file
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _Handler)
        self._server.site = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        from tests.hostile.behaviours import BEHAVIOURS
        self.behaviours: dict[str, Behaviour] = BEHAVIOURS

    def __enter__(self) -> HostileSite:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}"

    def log(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)

    def hits(self, prefix: str) -> list[RequestRecord]:
        """The requests whose path starts with ``prefix``."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def respond(self, handler: _Handler, path: str, query: str) -> None:
        behaviour = self.behaviours.get(path) or next(
            (b for p, b in self.behaviours.items() if p.endswith("/") and path.startswith(p)),
            None)
        if behaviour is None:
            handler.send(404, pages.article("Not found", ["No such page."]).encode())
            return
        behaviour(handler, path + (f"?{query}" if query else ""))

    def times_requested(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)


def endless() -> itertools.repeat[bytes]:
    return itertools.repeat(b"<p>" + b"x" * (CHUNK - 7) + b"</p>\n")

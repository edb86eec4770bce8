"""Serves a generated benchmark site from disk, in its own process, on loopback.

    python -m benchmarks.server ROOT

prints ``PORT`` on its first line of output once it listens, and serves until killed.
Files are read per request (the page cache keeps them), so the server's memory does not
grow with the site. Every 200 carries an ETag and a Last-Modified header, and a request
that repeats either is answered 304, as a real news site's CDN would.
"""

from __future__ import annotations

import argparse
import sys
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from benchmarks.site import file_for

_TYPES = {".xml": "application/xml", ".gz": "application/x-gzip", ".txt": "text/plain"}


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"  # keep-alive, as Scrapy's downloader expects of a CDN

    def do_GET(self) -> None:
        target = self._file()
        if target is None:
            self._send(404, "text/html; charset=utf-8", b"<html><body>Not found</body></html>")
            return
        stat = target.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if self._fresh(etag, int(stat.st_mtime)):
            self._send(304, None, b"", etag, stat.st_mtime)
            return
        self._send(200, _TYPES.get(target.suffix, "text/html; charset=utf-8"),
                   target.read_bytes(), etag, stat.st_mtime)

    def _file(self) -> Path | None:
        url_path = unquote(urlsplit(self.path).path)
        if ".." in url_path.split("/"):
            return None
        target = file_for(self.server.root, url_path)
        return target if target.is_file() else None

    def _fresh(self, etag: str, mtime: int) -> bool:
        if self.headers.get("If-None-Match") == etag:
            return True
        since = self.headers.get("If-Modified-Since")
        try:
            return since is not None and parsedate_to_datetime(since).timestamp() >= mtime
        except (TypeError, ValueError):
            return False

    def _send(self, status: int, content_type: str | None, body: bytes, etag: str | None = None,
              mtime: float | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if etag and mtime is not None:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a log line per request would cost more than serving it."""


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server over one site folder."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, root: Path, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.root = root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    server = SiteServer(args.root, args.port)
    print(server.server_address[1], flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()

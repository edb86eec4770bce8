"""Which responses the body guards (decompression, charset) leave to the status handlers.

An error or throttling answer (429, 503 with ``Retry-After``, 404, 500) says nothing
about the page, and its body is never read: retries, ``Retry-After`` and the spider's
error handling decide on its status alone. A body whose download was stopped (by
the content-type guard) is incomplete, and read by no one either.
"""

from __future__ import annotations

from scrapy.http import Response


def not_judged(response: Response) -> bool:
    """True for a response no guard may act on by its headers or body."""
    return response.status >= 400 or "download_stopped" in response.flags

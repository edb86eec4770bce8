"""Request fingerprints by canonical URL, for Scrapy's duplicate filter."""

from __future__ import annotations

import hashlib

from scrapy import Request

from pipelines.dedupe.urls import canonical_url


class CanonicalRequestFingerprinter:
    """Fingerprints requests by method and canonical URL.

    With it Scrapy's duplicate filter treats ``/a/``, ``/a?utm_source=x`` and ``/a#top``
    as the same page, and fetches it once.
    """

    def fingerprint(self, request: Request) -> bytes:
        key = f"{request.method} {canonical_url(request.url)}"
        return hashlib.sha1(key.encode("utf-8")).digest()

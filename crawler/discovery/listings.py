"""Reading a listing's response: its body (gunzipped within bounds) and its headers.

Pure helpers of the spider's listing callbacks; the body limit is the caller's
``DOWNLOAD_MAXSIZE``.
"""

from __future__ import annotations

from scrapy.http import Response
from scrapy.utils._compression import _DecompressionMaxSizeExceeded
from scrapy.utils.gz import gunzip

_GZIP_MAGIC = b"\x1f\x8b"


def listing_body(body: bytes, max_size: int) -> tuple[bytes, str | None]:
    """A feed's or sitemap's bytes, gunzipped when they are a gzip file (``.xml.gz``).

    Returns ``(bytes, None)``, or ``(b"", reason)`` with the skip reason to count:
    ``sitemap_too_large`` past ``max_size`` bytes unpacked, ``bad_gzip`` for a corrupt archive.
    """
    if body[:2] != _GZIP_MAGIC:
        return body, None
    try:
        return gunzip(body, max_size=max_size), None
    except _DecompressionMaxSizeExceeded:
        return b"", "sitemap_too_large"
    except Exception:  # noqa: BLE001 - any corrupt archive is one counted case
        return b"", "bad_gzip"


def response_header(response: Response, name: bytes) -> str | None:
    """A response header's first value as text (latin-1, as HTTP defines), or None."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None

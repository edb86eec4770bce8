"""The text fingerprint: a hash of an article's body words, the same for the same text under
any URL or layout. Computed by the extraction workers, which import only this module."""

from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+")


def text_fingerprint(text: str) -> str:
    """Hash of the body's words (case-folded), ignoring the headline line and all layout."""
    _headline, _, body = text.partition("\n")
    words = _WORD.findall((body or text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()

"""Whether a string names the site itself (its stated name or its domain).

Used to strip ``" | Site"`` from headlines and to keep the site's name out of the authors.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_NON_ALNUM = re.compile(r"[\W_]+")
_GENERIC_LABELS = {"www", "m", "amp", "com", "net", "org", "co", "news", "de", "uk", "fr"}


def _fold(text: str) -> str:
    return _NON_ALNUM.sub("", text.casefold())


def site_keys(names: list[str | None], url: str) -> frozenset[str]:
    """Folded forms of the site's stated names and of its host's distinctive labels."""
    keys = {_fold(name) for name in names if name}
    host = (urlsplit(url).hostname or "").casefold()
    labels = [label for label in host.split(".") if label not in _GENERIC_LABELS]
    keys.update(_fold(label) for label in labels if len(label) >= 3)
    keys.add(_fold(host.removeprefix("www.")))
    return frozenset(key for key in keys if len(key) >= 2)


def is_site_name(text: str, keys: frozenset[str]) -> bool:
    """True when ``text`` is the site's name, its domain, or the name plus a generic word."""
    folded = _fold(text)
    if not folded:
        return False
    if folded in keys:
        return True
    return any(len(key) >= 4 and (key in folded or folded in key) and len(folded) <= len(key) + 12
               for key in keys)


def looks_like_domain(text: str) -> bool:
    """``"mdr.de"``, ``"www.dw.com"``: a host name, not a person."""
    return bool(re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", text.strip().casefold()))


def starts_with_site_name(text: str, keys: frozenset[str]) -> bool:
    """``"MDR THÜRINGEN"``, ``"n-tv NACHRICHTEN"``: the site's name, then a region or section."""
    words = text.split()
    return len(words) > 1 and _fold(words[0]) in keys

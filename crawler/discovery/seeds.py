"""The seed list: one absolute http(s) URL a line, ``#`` comments, blank lines ignored.

The loader is strict: every bad line is reported at once, with its number, and
nothing is crawled until the file is fixed.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.dedupe.urls import canonical_url

_INLINE_COMMENT = re.compile(r"\s#.*$")


class SeedFileError(ValueError):
    """A seed file that cannot be used; the message names every bad line."""


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    return _INLINE_COMMENT.sub("", line).strip()


def _problem(url: str) -> str | None:
    if any(ch.isspace() for ch in url):
        return "contains whitespace (one URL a line)"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "not an absolute http(s) URL"
    try:
        host, _port = parts.hostname, parts.port
    except ValueError:
        return "has an invalid port"
    if not host:
        return "has no host name"
    return None


def parse_seeds(text: str, source: str = "<seeds>") -> list[str]:
    """Return the seed URLs in ``text``, or raise :class:`SeedFileError` naming each bad line."""
    seeds: list[str] = []
    first_line: dict[str, int] = {}
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        url = _strip_comment(raw)
        if not url:
            continue
        problem = _problem(url)
        if problem is None:
            key = canonical_url(url)
            if key in first_line:
                problem = f"duplicate of line {first_line[key]}"
            else:
                first_line[key] = number
        if problem:
            errors.append(f"  line {number}: {problem}: {raw.strip()!r}")
        else:
            seeds.append(url)
    if errors:
        raise SeedFileError(f"bad seed file {source}:\n" + "\n".join(errors))
    if not seeds:
        raise SeedFileError(f"bad seed file {source}: no seed URLs in it")
    return seeds


def load_seeds(path: str | Path) -> list[str]:
    """Read and validate the seed file at ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedFileError(f"cannot read seed file {path}: {exc}") from exc
    return parse_seeds(text, source=str(path))

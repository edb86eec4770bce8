"""The article body a script-rendered page carries in its hydration data.

Pages built with client-side frameworks (Next.js, Nuxt, React Query...) may ship the body
not as markup but as an HTML string inside a ``<script>``'s JSON, drawn by JavaScript the
crawler never runs. When the markup holds no article text, the longest such string with
paragraphs is the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

_STRING = re.compile(r'"((?:[^"\\]|\\.){200,})"')  # a JSON string literal of some length
_PARAGRAPH = re.compile(r"<p[\s>]|\\u003cp[\s\\]", re.IGNORECASE)
MAX_DEPTH = 2


def _decoded(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _fragments(text: str, depth: int = 0) -> Iterator[str]:
    """HTML fragments with paragraphs in the string literals of ``text``, looking inside
    strings that hold JSON themselves (data serialised twice) up to ``MAX_DEPTH``."""
    for match in _STRING.finditer(text):
        if not _PARAGRAPH.search(match.group(1)) or (value := _decoded(match.group(1))) is None:
            continue
        if value.lstrip().startswith("<"):
            yield value
        elif depth < MAX_DEPTH:
            yield from _fragments(value, depth + 1)


def hydrated_html(tree: HtmlElement) -> str | None:
    """The longest HTML fragment with paragraphs found as a string in the page's inline
    scripts, or None."""
    scripts = (script.text for script in tree.iter("script") if not script.get("src") and script.text)
    found = [fragment for text in scripts if _PARAGRAPH.search(text) for fragment in _fragments(text)]
    return max(found, key=len) if found else None

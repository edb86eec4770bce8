"""The article body a script-rendered page carries in its hydration data.

Pages built with client-side frameworks (Next.js, Nuxt, React Query...) may ship the body
not as markup but as an HTML string inside a ``<script>``'s JSON, drawn by JavaScript the
crawler never runs. When the markup holds no article text, the longest such string with
paragraphs is the body.
"""

from __future__ import annotations

import json
import re

from lxml.html import HtmlElement

_STRING = re.compile(r'"((?:[^"\\]|\\.){200,})"')  # a JSON string literal of some length
_PARAGRAPH = re.compile(r"<p[\s>]|\\u003cp[\s\\]", re.IGNORECASE)


def _decoded(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    return value if isinstance(value, str) and _PARAGRAPH.search(value) else None


def hydrated_html(tree: HtmlElement) -> str | None:
    """The longest HTML fragment with paragraphs found as a string in the page's inline
    scripts, or None."""
    best: str | None = None
    for script in tree.iter("script"):
        if script.get("src") or not script.text or not _PARAGRAPH.search(script.text):
            continue
        for match in _STRING.finditer(script.text):
            value = _decoded(match.group(1)) if _PARAGRAPH.search(match.group(1)) else None
            if value is not None and (best is None or len(value) > len(best)):
                best = value
    return best

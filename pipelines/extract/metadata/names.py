"""One stated author entry ("By Jane Doe and John Roe, Berlin") split into whole names.

A name stays whole: initials ("Ana Y. Ruiz"), particles that are also words for "and" or
"by" ("Ortega y Gasset", "Di Zhao", "Von Hagen") and suffixes after a comma ("Jon Marlow,
Jr.", "Tara Quill, MD"). Words that mean "and" in some language but are also particles
or initials split an entry only where every piece is a full name (two words or more);
"by" in another language is a label only before a full name. A schema.org Person's name
is one name, never split, unless the CMS put a list of people into it ("A, B and C"); a
job title or place after a comma is left off it.
"""

from __future__ import annotations

import re

from pipelines.extract.metadata.site import is_site_name, looks_like_domain

BY_LABEL = re.compile(r"^\s*(?:by|from|written by|text|texto|autor(?:in)?(?:/autor(?:in)?)?|"
                      r"authors?|från)\s*[:\-]?\s+", re.IGNORECASE)
# Words for "by" that are also name particles ("Von Hagen", "Di Zhao", "Par Lagerkvist").
_AMBIGUOUS_BY = re.compile(r"^\s*(?:von|par|por|di|da|door|av|af)\s*(:)?\s+", re.IGNORECASE)
_HARD_SPLIT = re.compile(r"\s*(?:,|;|\||/|&|\+|、|\band\b|\bund\b|\bet\b)\s*", re.IGNORECASE)
# "and" in Spanish, Italian/Portuguese, Catalan, Dutch, Norwegian/Danish, Swedish, Turkish,
# Russian: also particles and initials.
_SOFT_SPLIT = re.compile(r"\s+(?:y|e|i|en|og|och|ve|и)\s+", re.IGNORECASE)
_SUFFIX = r"(?:Jr|Sr|II|III|IV|MD|M\.D|PhD|Ph\.D|DPhil|Esq|DDS|DVM|RN|CPA|MBA|OBE|MBE|CBE|KC|QC)\.?"
_SUFFIX_COMMA = re.compile(rf",\s*(?={_SUFFIX}(?:$|[\s,;|/&]))")
_ENDS_WITH_SUFFIX = re.compile(rf"\b{_SUFFIX}$")
_KEEP_COMMA = "\u2063"  # an invisible separator holding a suffix's comma through the split
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_JOB_SUFFIX = re.compile(r"\s+(?:기자|특파원|記者|特派員|编辑|記者)$")
_EDGES = " ,:-–—·"
_WHOLE_END = re.compile(r"\s*[,;|]\s*")
_CONJUNCTION = re.compile(rf"{_SOFT_SPLIT.pattern}|\s+(?:and|und|et|&)\s+", re.IGNORECASE)


def without_label(entry: str) -> str:
    """``entry`` without a leading "By"/"Autor:" label; "Von"/"Di"... only when a full
    name (two words or more) or a colon follows, as they are also names' first words."""
    entry = BY_LABEL.sub("", entry)
    match = _AMBIGUOUS_BY.match(entry)
    if match and (match.group(1) or len(entry[match.end():].split()) >= 2):
        return entry[match.end():]
    return entry


def _tidy(part: str) -> str:
    part = _JOB_SUFFIX.sub("", part.strip(_EDGES).replace(_KEEP_COMMA, ", "))
    return part if _ENDS_WITH_SUFFIX.search(part) else part.rstrip(".").strip(_EDGES)


def _soft_split(part: str) -> list[str]:
    pieces = _SOFT_SPLIT.split(part)
    return pieces if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces) else [part]


def _joins_full_names(part: str) -> bool:
    pieces = _CONJUNCTION.split(part)
    return len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces)


def _lists_people(entry: str) -> bool:
    """A Person's name that is really a list ("A, B and C", "Mads Holm og Sofie Berg"): "and"
    joins full names, or every comma-separated part is a full name; not "Name, job title"."""
    parts = [part for part in _WHOLE_END.split(entry) if part.strip()]
    return any(map(_joins_full_names, parts)) or (
        len(parts) > 1 and all(2 <= len(part.split()) <= 4 for part in parts))


def split_names(entry: str, site_keys: frozenset[str], whole: bool = False) -> list[str]:
    """The names in one stated entry; one when ``whole`` (a schema.org Person's name); none
    when the entry is the site's own ("Site, City, Country", "Broadcaster (www.site.com)")."""
    if any(looks_like_domain(inner) for inner in re.findall(r"\(([^)]*)\)", entry)):
        return []
    entry = _SUFFIX_COMMA.sub(_KEEP_COMMA, _PARENTHESES.sub("", without_label(entry)))
    if whole and not _lists_people(entry):  # one person; after a comma: their job or place
        return [name] if (name := _tidy(_WHOLE_END.split(entry, maxsplit=1)[0])) else []
    parts = [_tidy(piece) for part in _HARD_SPLIT.split(entry) for piece in _soft_split(part)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and (looks_like_domain(parts[0]) or is_site_name(parts[0], site_keys)):
        return []
    return parts

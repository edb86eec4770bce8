"""The publication time a page shows its readers, for pages whose markup states none.

Many sites put no date in their metadata and show it in a dateline next to the headline:
"By Jane Doe | July 11, 2024 5:57 PM EDT", "Published 11 Jul 2024 17:57 BST",
"Nov. 29, 2026 10:45 a.m. ET", "18:45 GMT, 29 November 2026". htmldate finds the day of
such a page at best (and none of the last two), so the time of day, which orders a
wire story before its copies, was lost. Here the dateline is the element nearest the
headline whose class or id names a date, time, byline or publication (or a ``<time>``
without ``datetime``), outside links, navigation, asides, footers and teasers of other
stories; the first date in it that is not labelled as an update is read by
``time_text.parse_stated``. Where no such element has one, an element that names
nothing is read too when it stands between the headline and the body (a short element
among the first siblings after the headline or one of its two nearest ancestors,
before the first long one) and its text is a dateline and a byline at most: names,
"By", "Published" or "Posted", and the little words that join them. A sentence, a
label ("Launch event:", "Embargoed until"), a caption, a table or a list is no
dateline, nor is anything in the body. A time is kept
only with the zone it is stated in (an offset, or an abbreviation with one meaning; ET,
CT, MT and PT follow daylight saving time on the stated day); without one, the wall
clock could be any zone's, and only the day is kept.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement

from pipelines.extract.metadata.time_text import Stated, parse_stated

MAX_CHARS = 160  # a dateline is short; longer text is a paragraph that mentions a date
MAX_DISTANCE = 4  # levels above the headline a dateline and the headline may meet
NEAR_SIBLINGS = 3  # an unnamed dateline is among this many elements after the headline's
NEAR_LEVELS = 2  # ... or after one of its ancestors up to this many levels up
MAX_OTHER_WORDS = 6  # other words an unnamed dateline may hold ("By Jane Doe and John Smith")
MAX_NAMES = 4  # capitalised words among them: a name or two, a place

_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_NAMES = ("date", "time", "byline", "posted", "publish", "meta", "dateline")
_CANDIDATES = "//*[self::time[not(@datetime)] or {}]".format(" or ".join(
    f"contains({_LOWER.format(attribute)}, '{name}')"
    for attribute in ("@class", "@id") for name in _NAMES))
_OUTSIDE = {"a", "nav", "aside", "footer", "script", "style", "noscript", "template"}

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\.?\s+{_MONTH},?\s+\d{{4}}"
         r"|\d{4}-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./]\d{4})")
_TIME = (r"(?:\d{1,2}[:.h]\d\d(?::\d\d)?(?:\s*[ap]\.?\s?m\b\.?)?|\d{1,2}\s*[ap]\.?\s?m\b\.?)"
         r"(?:\s*uhr\b)?")
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"
_ZONE = (r"\(?(?:(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d\d)?|[+-]\d\d:?\d\d\b"
         r"|(?-i:[A-Z]{1,5})\b)\)?")
_JOINER = r"\s*(?:,|\bat\b|\bum\b|\bà\b|-|–|—|/|\||·)?\s*"
_DATELINE = re.compile(
    rf"(?P<date>{_DATE})(?:{_JOINER}(?P<time>{_TIME})(?:\s*(?P<zone>{_ZONE}))?)?"
    rf"|(?P<time2>{_TIME})(?:\s*(?P<zone2>{_ZONE}))?\s*,?\s*(?:\bon\s+)?(?:{_WEEKDAY})?"
    rf"(?P<date2>{_DATE})",
    re.IGNORECASE)
# An update's label, up to two words (a weekday, "le", "am") before its date.
_UPDATE = re.compile(r"(?:update[ds]?|modified|edited|revised|corrected|aktualisiert|stand"
                     r"|mise? à jour|actualizado|atualizado|aggiornato)\W*(?:\w+\W+){0,2}$",
                     re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_][\w'’.-]*")
# What a byline may hold besides names: its labels, the little words that join them and
# a reading time ("4 min read").
_BYLINE_LABELS = frozenset(("Published", "Posted", "By", "Von", "Par", "Por", "Door", "Publié",
                            "Veröffentlicht", "Publicado", "Pubblicato"))
_BYLINE_JOINERS = frozenset(("by", "on", "at", "am", "um", "le", "el", "il", "à", "and", "und",
                             "et", "y", "e", "de", "di", "da", "van", "von", "der", "min",
                             "mins", "minute", "minutes", "read"))
# An unnamed element that holds these, or is in them, is no dateline.
_NOT_DATELINES = {"figure", "figcaption", "table", "ul", "ol", "blockquote", "form", "button"}
_ZONE_OFFSET = re.compile(r"^(?:(?:UTC|GMT)\s*)?([+-])\s*(\d{1,2})(?::?(\d\d))?$", re.IGNORECASE)
FUTURE = timedelta(days=1)  # a date later than now by more is an event's, not a publication's
# Zone names read besides time_text's (which have one offset): the US zones without
# "standard" or "daylight", whose offset depends on the day.
_US_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
             "PT": "America/Los_Angeles"}


def dateline_time(tree: HtmlElement, headline: HtmlElement | None) -> tuple[datetime, str] | None:
    """The publication time the page's dateline shows, aware, with its precision ("time",
    or "day": 00:00 UTC of the day, when no zone is stated); None when there is none."""
    latest = datetime.now(UTC) + FUTURE
    named = _datelines(tree, headline)
    unnamed = ((element, True) for element in _unnamed_datelines(headline, set(named)))
    for element, alone in [*((element, False) for element in named), *unnamed]:
        stated = _first_date(" ".join(element.text_content().split()), alone)
        if stated is None or stated.when.replace(tzinfo=stated.when.tzinfo or UTC) > latest:
            continue
        if stated.has_time and stated.when.tzinfo is not None:
            return stated.when, "time"
        return datetime.combine(stated.when.date(), datetime.min.time(), UTC), "day"
    return None


def _unnamed_datelines(headline: HtmlElement | None, named: set[HtmlElement]
                       ) -> list[HtmlElement]:
    """The elements between the headline and the body, those in ``named`` aside, nearest
    first: of the first NEAR_SIBLINGS element siblings after the headline, then after
    each of its NEAR_LEVELS nearest ancestors, those before the first long one (the
    body), that are no caption, table, list or teaser and hold none."""
    if headline is None:
        return []
    found: list[HtmlElement] = []
    for node in [headline, *list(headline.iterancestors())[:NEAR_LEVELS]]:
        for sibling in list(node.itersiblings())[:NEAR_SIBLINGS]:
            if not isinstance(sibling.tag, str):
                continue
            if len(sibling.text_content()) > MAX_CHARS:
                break
            if sibling not in named and not _excluded(sibling) and not any(
                    element.tag in _OUTSIDE - {"a"} or element.tag in _NOT_DATELINES
                    for element in sibling.iter()):
                found.append(sibling)
    return found


def _byline_at_most(words: list[str]) -> bool:
    """Whether the words of a dateline besides its date are a byline at most: names (of
    MAX_NAMES capitalised words at most), its labels and joining words."""
    if len(words) > MAX_OTHER_WORDS:
        return False
    names = [word for word in words if word not in _BYLINE_LABELS]
    return (all(word[0].isupper() or word in _BYLINE_JOINERS for word in names)
            and sum(word[0].isupper() for word in names) <= MAX_NAMES)


def _datelines(tree: HtmlElement, headline: HtmlElement | None) -> list[HtmlElement]:
    """The candidate elements, nearest the headline first (document order without one)."""
    found = [element for element in tree.xpath(_CANDIDATES)
             if len(element.text_content()) <= MAX_CHARS and not _excluded(element)]
    if headline is None:
        return found
    # lxml makes a new proxy for a node each time it is reached, unless one is alive:
    # the ancestors are kept in a list so their ids stay theirs while they are compared.
    ancestors = list(headline.iterancestors())
    above = {id(node): level for level, node in enumerate(ancestors, 1)}
    ranked = []
    for order, element in enumerate(found):
        level = next((above[id(node)] for node in element.iterancestors() if id(node) in above),
                     None)
        if level is not None and level <= MAX_DISTANCE:
            ranked.append((level, order, element))
    return [element for _, _, element in sorted(ranked, key=lambda item: item[:2])]


def _excluded(element: HtmlElement) -> bool:
    """Inside a link, navigation, an aside or a footer, or in a teaser of another story (a
    list item with a link of four words or more)."""
    for node in element.iterancestors():
        if node.tag in _OUTSIDE:
            return True
        if node.tag == "li" and any(len(link.text_content().split()) >= 4
                                    for link in node.iter("a")):
            return True
    return False


def _first_date(text: str, alone: bool = False) -> Stated | None:
    """The first date (with its time and zone) in a dateline's text not labelled as an
    update; with ``alone``, only when the rest of the text is a byline at most."""
    for match in _DATELINE.finditer(text):
        if _UPDATE.search(text[:match.start()][-30:]):
            continue
        if alone and not _byline_at_most(_WORDS.findall(f"{text[:match.start()]} "
                                                         f"{text[match.end():]}")):
            return None
        date = match["date"] or match["date2"]
        time, zone = match["time"] or match["time2"], match["zone"] or match["zone2"]
        stated = parse_stated(" ".join(part for part in (date, time) if part))
        if stated is None:
            continue
        return _in_zone(stated, zone)
    return None


def _in_zone(stated: Stated, zone: str | None) -> Stated:
    """``stated`` (naive) in the zone ``zone`` names, when it names one we know."""
    if not stated.has_time or zone is None:
        return stated
    name = zone.strip("()").strip()
    offset = _offset(name, stated.when)
    if offset is not None:
        return Stated(stated.when.replace(tzinfo=offset), True)
    named = parse_stated(f"{stated.when:%Y-%m-%d %H:%M} {name}")  # time_text's abbreviations
    return named if named is not None and named.when.tzinfo is not None else stated


def _offset(name: str, when: datetime) -> timezone | None:
    """The offset ``name`` gives a wall-clock time ``when``: "GMT+8", "UTC-05:00", or a US
    zone named without "standard" or "daylight"; None for other names."""
    matched = _ZONE_OFFSET.match(name)
    if matched:
        sign, hours, minutes = matched.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        return timezone(delta if sign == "+" else -delta)
    if name.upper() in _US_ZONES:
        offset = when.replace(tzinfo=ZoneInfo(_US_ZONES[name.upper()])).utcoffset()
        return timezone(offset) if offset is not None else None
    return None

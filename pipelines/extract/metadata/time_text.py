"""One stated date or time, in any of the forms pages write it, read by well-kept parsers.

ISO 8601 first (``datetime.fromisoformat``), then epoch seconds or milliseconds, then
python-dateutil for RFC 822 (``Tue, 11 Jul 2023 17:57:00 -0500``), slashed and dotted dates
(``07/11/2023``, month first as in the US unless the first number cannot be a month;
``11.07.2023``, day first), ``July 11, 2023 5:57 pm``, Drupal's ``Tue, 07/11/2023 - 17:57``
and JavaScript ``Date`` strings (``Tue Jul 11 2023 17:57:00 GMT-0500 (Central Daylight
Time)``), then dateparser for month names in other languages (``20. Mai 2019``). Offsets
written ``-500``, ``-0500``, ``-05:00`` or ``+05:30`` are kept; a time without an offset
stays naive for the caller to settle.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timezone
from typing import Any

import dateparser
from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning

from pipelines.extract.metadata.jsonld import text_value

MAX_CHARS = 80  # longer is a sentence, not a stated time
_EPOCH = re.compile(r"\d{9,10}(?:\d{3})?")  # seconds (from 1973 on) or milliseconds
_OFFSET_THREE_DIGITS = re.compile(r"(?<=\d)([+-])(\d)(\d\d)$")  # -500 -> -05:00
_OFFSET_COMPACT = re.compile(r"(?<=\d)([+-]\d\d)(\d\d)$")  # -0500 -> -05:00
_JS_ZONE_NAME = re.compile(r"\s*\([^)]*\)\s*$")  # "(Central Daylight Time)"
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC)(?=[+-]\d)")  # JavaScript's sign, not POSIX's
_DOTTED = re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b")
_SLASHED_DAY_FIRST = re.compile(r"\b(?:1[3-9]|2\d|3[01])/\d{1,2}/\d{2,4}\b")
_TIME_OF_DAY = re.compile(r"\d[:h]\d\d|\d\s*[ap]\.?m\b", re.IGNORECASE)
# Zone abbreviations with one meaning (ambiguous ones such as IST or CST in Asia are not read).
_ZONES = {"UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "EST": -5, "EDT": -4, "CDT": -5, "MST": -7,
          "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2,
          "EET": 2, "EEST": 3, "WET": 0, "WEST": 1, "BST": 1, "JST": 9, "KST": 9, "AEST": 10,
          "AEDT": 11, "HKT": 8, "SGT": 8}
_TZINFOS = {name: hours * 3600 for name, hours in _ZONES.items()}
_DEFAULTS = (datetime(1, 1, 1), datetime(2, 2, 2))  # a day filled in from them was not stated
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}


@dataclass(frozen=True, slots=True)
class Stated:
    """A stated time (aware when the page gives an offset) and whether it gives a time of
    day at all (False: only the day is known; ``when`` is then that day's midnight)."""

    when: datetime
    has_time: bool


def _iso(text: str) -> datetime | None:
    normalized = text.replace("Z", "+00:00").replace("z", "+00:00")
    normalized = _OFFSET_COMPACT.sub(r"\1:\2", _OFFSET_THREE_DIGITS.sub(r"\g<1>0\2:\3", normalized))
    try:
        return datetime.fromisoformat(normalized)
    except ValueError:
        return None


def _dateutil(text: str) -> datetime | None:
    text = _GMT_OFFSET.sub("", _JS_ZONE_NAME.sub("", text))
    text = _OFFSET_THREE_DIGITS.sub(r"\g<1>0\2:\3", text)
    day_first = bool(_DOTTED.search(text) or _SLASHED_DAY_FIRST.search(text))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnknownTimezoneWarning)
            parsed = [dateutil_parser.parse(text, dayfirst=day_first, tzinfos=_TZINFOS,
                                            default=default) for default in _DEFAULTS]
    except (ValueError, OverflowError):
        return None
    return parsed[0] if parsed[0].date() == parsed[1].date() else None  # else: no day stated


def _dateparser(text: str) -> datetime | None:
    if not _YEAR.search(text):
        return None  # "3 hours ago" is relative to a moment the page does not state
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its own deprecation notices are no concern of a page's
        return dateparser.parse(text, settings=_DATEPARSER_SETTINGS)


def parse_stated(value: Any) -> Stated | None:
    """``value`` read as a date or date-time; None when it is none (or names no year)."""
    text = text_value(value)
    if not text or len(text) > MAX_CHARS:
        return None
    if _EPOCH.fullmatch(text):
        seconds = int(text) / (1000 if len(text) > 10 else 1)
        return Stated(datetime.fromtimestamp(seconds, UTC), True)
    when = _iso(text) or _dateutil(text) or _dateparser(text)
    if when is None or when.year < 1990:
        return None
    has_time = bool(_TIME_OF_DAY.search(text)) or when.time() != datetime.min.time()
    offset = when.utcoffset()
    return Stated(when if offset is None else when.replace(tzinfo=timezone(offset)), has_time)

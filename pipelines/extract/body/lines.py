"""Line-level clean-up of extracted text: one paragraph a line, without chrome.

Generic patterns only: reading-time and share widgets, "... contributed to this report"
credits, a dateline and byline on one line, newsletter, follow and comment prompts, "see also" labels and "Read more: <title>"
links, "<title> [VIDEO]" teasers, video captions with their running time, CMS shortcodes and template placeholders, the headline repeated
inside the body (also after a kicker), and the teaser block a "You may also like" heading
opens near the end of a page.
"""

from __future__ import annotations

import re

from pipelines.extract.metadata.site import is_site_name
from pipelines.extract.metadata.time_text import parse_stated
from pipelines.extract.metadata.title import fold

_CHROME_LINE = re.compile(
    r"^(?:\d+\s*min(?:ute)?s?\s+read|advertisement|anzeige|publicidad|share(?: this)?(?: article| story)?|"
    r"share on \w+|related (?:articles|stories|posts)|read more|sign up for our newsletter.*|"
    r"subscribe(?: now)?|comments?(?: \(\d+\))?|follow us.*|skip to (?:main )?content|"
    r"tell us what you think.*|\[\w+[^\]]*\].*\[/\w+\]|(?:\$\$|%%|\{\{)\s*\w+\s*(?:\$\$|%%|\}\})|(?:don'?t miss|see also|also read|"
    r"mehr zum thema|lesen sie auch|à lire aussi|lire aussi|te puede interesar)\W*)$",
    re.IGNORECASE,
)
_TEASER_LINK = re.compile(  # "Read more: <another article's title>", "SEE ALSO | <title>"
    r"^\(?(?:(?:read|see|watch) (?:more|also)|also (?:read|see)|related|zum artikel|mehr zum thema|"
    r"lesen sie (?:auch|mehr)|lire aussi|leggi anche(?: su)?|lee también|te puede interesar)"
    r"\s*[:|]\s+\S|"
    r"^(?:à lire aussi|lesen sie auch|also on [\w.-]+\.[a-z]{2,})\s+\S",
    re.IGNORECASE,
)
_PROMO = re.compile(  # the publisher's own calls to follow, subscribe or write in
    r"^(?:follow (?:us|@?\w+(?: \w+)?) on (?:twitter|facebook|instagram|google news|youtube|x)\b|"
    r"sign up (?:for|to) |subscribe to |get the latest .* in your inbox|like this story\?|"
    r"have a tip\?|(?:e-?mail) \w+(?: \w+)? at \S+@)",
    re.IGNORECASE,
)
_CREDIT = re.compile(  # "Jane Doe in Berlin contributed to this report."
    r"\b(?:contributed (?:to )?(?:this |the )?(?:report|story|article|reporting)|contributed reporting)"
    r"(?: from [^.]+)?\.?$", re.IGNORECASE)
MAX_CREDIT_CHARS = 300
# A dateline and byline on one line ("20. Mai 2019 – von Jane Doe", "May 20, 2019 | By ..."):
# a date, a separator, then "by" in some language and a name.
_BY_AFTER_DATE = re.compile(r"(?:\s*[–—|·,-])?\s+(?:by|von|par|por|di|door|av|af)\s*:?\s+\w",
                            re.IGNORECASE)
MAX_DATED_BYLINE = 120
MAX_DATELINE = 45
# What a stated date ends in: a digit, then at most two short words ("pm", "Uhr", "a.m. ET").
# Checked before the date parser, which costs milliseconds on a sentence that only
# mentions a year ("Il 12 marzo 2024 il presidente di ...").
_ENDS_LIKE_A_DATE = re.compile(r"\d\W*(?:\s+[^\s\d]{1,4}){0,2}\W*$")


def dated_byline(line: str) -> bool:
    """A date, then a byline ("20. Mai 2019 – von Jane Doe"): a stamp, not a paragraph."""
    if len(line) > MAX_DATED_BYLINE:
        return False
    match = _BY_AFTER_DATE.search(line, 0, MAX_DATELINE + 12)
    if not match or match.start() > MAX_DATELINE:
        return False
    stated = line[: match.start()].strip(" ,")
    return bool(_ENDS_LIKE_A_DATE.search(stated)) and parse_stated(stated) is not None


_LABELLED_TEASER = re.compile(r"\s\[[A-Z][A-Z ]{2,20}\]\s*\|?$")  # "Other story [VIDEO]"
MAX_LABELLED_TEASER = 200
_CAPS_LABEL = re.compile(r"^[A-ZÀ-Ý]{2,}(?: [A-ZÀ-Ý]{2,})+\s*[:|]\s+\S")  # "SEE MORE: <title>"
MAX_CAPS_TEASER = 120  # longer, it is a paragraph opened by a dateline ("NEW DELHI: ...")
MAX_PROMO_CHARS = 250
_MEDIA_LINE = re.compile(  # video captions with their running time
    r"^\d{1,2}:\d{2}\s*min\b|\b\d{1,2}:\d{2}\s*min\.?$", re.IGNORECASE)
_TEASER_HEADING = re.compile(
    r"^(?:you (?:may|might) also like|more stories|recommended for you|trending now|most read|"
    r"popular now|das könnte sie auch interessieren)\W*$",
    re.IGNORECASE,
)
_SHORT_CHROME = re.compile(  # bylines, time stamps and picture credits standing alone
    r"^(?:(?:by|von|par|por|door|av|af)\s+\w[^\d.!?]*|"
    r"(?:stand|updated|aktualisiert|published|veröffentlicht|posted|last updated)\b.*\d.*|"
    r"(?:quelle|source|foto|photo|bild|image|fuente|crédit photo)\s*:.*|"
    r"(?:tags?|schlagwörter|schlagworte|etiquetas|étiquettes|tópicos)\s*:?|"  # a tag list's label
    r"(?:©|\(c\)|copyright)\s*(?:\S+\s+){0,3}(?:19|20)\d\d\b.*|.*\ball rights reserved\b.*|"  # notices
    r"[^.!?]*\b(?:19|20)\d\d\b[^.!?]*\b\d{1,2}[:h]\d{2}\b[^.!?]*)$",  # a date and time alone
    re.IGNORECASE,
)
_SELF_DESCRIPTION = re.compile(r"^(.{2,40}?)\s+(?:is|ist|est|es|è|has)\s")  # "Acme is a ..."
_ABOUT_HEADING = re.compile(r"^(?:about|über|à propos de|acerca de|sobre|om)\s+\S.{0,60}$",
                            re.IGNORECASE)
SELF_DESCRIPTION_LINES = 4
SHORT_LINE = 60
KICKER_CHARS = 60  # a kicker set before the headline repeated in the text
TAIL_SHARE = 0.6  # a teaser heading in the last 40% of the lines ends the article


def _without_teaser_tail(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if index >= TAIL_SHARE * len(lines) and _TEASER_HEADING.match(line):
            return lines[:index]
    return lines


def _repeats_headline(folded: str, folded_title: str) -> bool:
    after, before = folded[len(folded_title):], folded[: len(folded) - len(folded_title)]
    return folded == folded_title or (  # the headline again, with the site's name after it
        folded.startswith(folded_title) and after.lstrip()[:1] in {"|", "-", "–"}
    ) or (folded.endswith(folded_title) and len(before) <= KICKER_CHARS)  # or a kicker before it


def _is_chrome(line: str, folded_titles: tuple[str, ...]) -> bool:
    if _CHROME_LINE.match(line) or (len(line) <= SHORT_LINE and _SHORT_CHROME.match(line)):
        return True
    if _TEASER_LINK.match(line) or _MEDIA_LINE.search(line):
        return True
    if len(line) <= MAX_LABELLED_TEASER and _LABELLED_TEASER.search(line):
        return True
    if len(line) <= MAX_CAPS_TEASER and _CAPS_LABEL.match(line):
        return True
    if len(line) <= MAX_PROMO_CHARS and _PROMO.match(line):
        return True
    if len(line) <= MAX_CREDIT_CHARS and _CREDIT.search(line):
        return True
    if dated_byline(line):
        return True
    folded = fold(line)
    return any(_repeats_headline(folded, title) for title in folded_titles)


def body_lines(text: str, *titles: str | None) -> list[str]:
    """One line per paragraph, whitespace collapsed, without chrome or a repeated headline
    (any of its statements in ``titles``)."""
    folded_titles = tuple(folded for title in titles if title and (folded := fold(title)))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line and not _is_chrome(line, folded_titles)]
    return _without_teaser_tail(lines)


def _describes_site(line: str, site_keys: frozenset[str]) -> bool:
    match = _SELF_DESCRIPTION.match(line)
    return bool(match) and is_site_name(match.group(1), site_keys)


def without_self_description(lines: list[str], site_keys: frozenset[str]) -> list[str]:
    """Without the paragraphs a press release ends with, where the publisher describes itself
    ("About Acme", "Acme is a global provider of ...", "Acme is headquartered in ...")."""
    end = len(lines)
    while end > 1 and len(lines) - end < SELF_DESCRIPTION_LINES and _describes_site(
            lines[end - 1], site_keys):
        end -= 1
    if 1 < end < len(lines) and _ABOUT_HEADING.match(lines[end - 1]):
        end -= 1
    return lines[:end]


def without_author_note(lines: list[str], authors: tuple[str, ...]) -> list[str]:
    """Without the note on the authors that closes many articles ("Jane Doe is a senior
    researcher ...", a credit line naming them), and anything after it (comment prompts):
    the last of the last few lines that opens with a stated author's full name."""
    names = [name for name in authors if len(name.split()) > 1]
    for index in range(len(lines) - 1, max(0, len(lines) - SELF_DESCRIPTION_LINES), -1):
        if any(lines[index].startswith(name) for name in names):
            return lines[:index]
    return lines

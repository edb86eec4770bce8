"""What the story step reads from an article: its companies, key facts, names and words.

Reports of one event share names, numbers and time more than they share words, so an
article is reduced to a few sets of terms:

- ``companies``: company name -> weight in (0, 1]: the square of its mentions over the
  most-mentioned company's, and 1 for a company named in the headline (who the story
  is about);
- ``facts``: amounts, percentages and other figures, as normalised values (``1.5e9`` for
  "$1.5 billion", "1.5bn" or "1,500 million"), from the headline and the opening words;
- ``names``: proper names that are not the catalog's companies (products, places, people),
  and model codes such as "SU7", from the headline and the opening words (not from a
  title-case headline, whose capitals mark no names, nor from wire credit lines);
- ``words``: the headline's and the lead's content words, cut to a 5-letter stem so
  "partnership", "partners" and "partnering" agree.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from sys import intern
from typing import Any

from pipelines.stories.paragraphs import normalised, paragraph_hashes, paragraph_key
from pipelines.stories.partners import leads
from pipelines.topics.catalog import Catalog, mentions

STEM = 5  # letters kept of a word: a crude stem that is cheap and language-blind
LEAD_WORDS = 80  # the opening words read for words: where a report states its event
FACT_WORDS = 250  # the opening words read for facts and names
_WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,]*", re.UNICODE)
# A figure: an optional currency code written against it ("RMB17bn", "Rs 2,000"), the
# number (a comma before three digits groups thousands, South Asian lakh groups of two
# too, "1,25,000"; before one or two digits at the end it is a decimal comma, as in
# translated copy: "1,2 billion euros"), and its unit as newsrooms and wires write it
# ("bn", "bln", "-billion", "pct", "crore"). Units are read case-blind, currency codes
# as written.
_NUMBER = re.compile(
    r"(?<![\w.])(?<!\d,)(?:(?:RMB|CNY|USD|EUR|GBP|JPY|INR|KRW|HKD|CHF|Rs\.?|Rp)\s?)?"
    r"(\d{1,2}(?:,\d\d)+,\d{3}(?![\d,])|\d{1,3}(?:,\d{3})+(?![\d,])|\d+,\d{1,2}(?![\d,])"
    r"|\d+(?:\.\d+)?)(?:-|\s*)"
    r"((?i:%|per ?cent|percent|pct|trillions?|trn|tn|billions?|bln|bn|b|millions?|mln|mn|m|"
    r"thousand|k|crores?|lakhs?))?"
    r"(?![\w])")
_FNV_PRIME = 16777619
_MASK = 0xFFFFFFFF
_SCALE = {"trillion": 1e12, "trn": 1e12, "tn": 1e12, "billion": 1e9, "bln": 1e9, "bn": 1e9,
          "b": 1e9, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "thousand": 1e3,
          "k": 1e3, "crore": 1e7, "lakh": 1e5}  # crore and lakh: South Asian 10^7 and 10^5
_NAME = re.compile(r"(?<![\w.])([A-Z][\w-]*\d[\w-]*|[A-Z][a-z]+(?:[- ][A-Z][\w]+)*)")
# Capitalised words that are no names: sentence openers that slip through, months, days.
_NOT_NAMES = frozenset("""the a an this that these those it its in on at for of by with
and but or as to from after before while when if what why how who will would could should
may might has have had is are was were be been new our their his her we they he she you i
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday according meanwhile however also
still yet both one two three more most some many such other here there then now today
""".split())
_OPENERS = frozenset("""the a an this that these those its their his her our in on at for
of by with from after before as to""".split())
_STOPWORDS = _NOT_NAMES | frozenset("""about into over under than not no so do does did
can just only very said says say per up out off all any each which whom whose where
""".split())


@dataclass(frozen=True, slots=True)
class Features:
    """An article's story features; ``as_json`` / ``from_json`` give their stored form."""

    companies: dict[str, float]
    facts: frozenset[str]
    names: frozenset[str]
    words: frozenset[str]
    apart: frozenset[str] = frozenset()  # leaders reported apart: ``reported_apart``

    def as_json(self) -> dict[str, Any]:
        found = {"companies": self.companies, "facts": sorted(self.facts),
                 "names": sorted(self.names), "words": sorted(self.words)}
        if self.apart:
            found["apart"] = sorted(self.apart)
        return found

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Features:
        """Features from their stored form. Their terms are interned: a batch holds the
        features of thousands of candidates, whose stems and names are mostly the same
        few hundred strings (5.9 against 3.6 KB per article on the benchmark site)."""
        return cls({intern(name): weight for name, weight in data.get("companies", {}).items()},
                   frozenset(map(intern, data.get("facts", ()))),
                   frozenset(map(intern, data.get("names", ()))),
                   frozenset(map(intern, data.get("words", ()))),
                   frozenset(map(intern, data.get("apart", ()))))


def company_weights(counts: dict[str, int], headline_companies: set[str]) -> dict[str, float]:
    """Company name -> weight in (0, 1]: (mentions / top count)²; 1 if in the headline."""
    top = max(counts.values(), default=0)
    # Squared: a company named once beside two named five times is a passing mention.
    weights = {name: (count / top) ** 2 for name, count in counts.items() if count > 0}
    for name in headline_companies:
        weights[name] = 1.0
    return {name: round(weight, 3) for name, weight in weights.items()}


def _fact(number: str, unit: str | None) -> str | None:
    whole, comma, rest = number.rpartition(",")
    decimal = comma and len(rest) < 3 and "," not in whole
    value = float(f"{whole}.{rest}" if decimal else number.replace(",", ""))
    unit = (unit or "").lower().replace(" ", "")
    if unit.endswith("s") and unit[:-1] in _SCALE:
        unit = unit[:-1]  # "billions", "crores"
    if unit in ("%", "percent", "pct"):
        return f"{value:g}%"
    if not unit and 1900 <= value <= 2100 and "." not in number:
        return None  # a year: shared by unrelated reports of one period
    if not unit and value < 10:
        return None  # small counts ("two companies", "3 min read") tell events apart badly
    return f"{value * _SCALE.get(unit, 1):.3g}"


def facts(text: str) -> frozenset[str]:
    """Normalised figures of ``text``: '1.5e+09' for '$1.5 billion' and '1,500 million'."""
    found = (_fact(m.group(1), m.group(2)) for m in _NUMBER.finditer(text.replace("per cent", "%")))
    return frozenset(fact for fact in found if fact)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether position ``start`` of ``text`` begins a sentence, line or quotation."""
    before = text[max(0, start - 8):start].rstrip(" \t")
    return not before or before[-1] in ".!?:;\"“”\n"


def names(text: str, catalog: Catalog) -> frozenset[str]:
    """Proper names and model codes of ``text`` that are not companies of the catalog."""
    text = catalog.pattern.sub(" , ", text)  # a company is a company feature, not a name
    found: set[str] = set()
    for match in _NAME.finditer(text):
        if match.group(1).lower() in _NOT_NAMES:
            continue
        name = _without_openers(match.group(1))
        if len(name) < 3:
            continue
        if not any(c.isdigit() for c in name) and (
                name != match.group(1) or _opens_sentence(text, match.start())):
            continue  # a capital after a full stop or an opener ("The", "In") says nothing
        found.add(name.lower())
    return frozenset(found)


def _without_openers(name: str) -> str:
    """``name`` without the articles, determiners and prepositions that open it ("The
    Orion K4" opening a sentence is the Orion K4 the next report names mid-sentence);
    words that begin names ("New Delhi", "May Mobility", "One UI") stay."""
    parts = name.split(" ")
    while parts and parts[0].lower() in _OPENERS:
        parts.pop(0)
    return " ".join(parts)


def words(text: str) -> frozenset[str]:
    """Content words of ``text``, lower-cased and cut to their first STEM letters."""
    return frozenset(w.lower()[:STEM] for w in _WORD.findall(text)
                     if w[0].isalpha() and len(w) > 2 and w.lower() not in _STOPWORDS)


@lru_cache(maxsize=8)
def _opening_pattern(count: int) -> re.Pattern[str]:
    return re.compile(rf"\s*(?:\S+\s+){{0,{count - 1}}}\S*")


def opening(text: str, count: int) -> str:
    """The first ``count`` words of ``text``, its line breaks kept."""
    match = _opening_pattern(count).match(text)
    return match.group(0) if match else text


def features(title: str, text: str, counts: dict[str, int], catalog: Catalog) -> Features:
    """Story features of an article from its headline, plain text and company mentions.

    The companies are those of ``counts`` (the article's tags, and its stored mention
    rows), the ones the headline names weighing most. The text begins with the headline,
    so a headline company is among them; where a text does not, a company named only in
    the headline is left out rather than added: the near-duplicate lookup finds an
    article's copies through the company bits its mention rows gave its bands
    (``records.colliding``)."""
    head = f"{title}.\n{opening(text, FACT_WORDS)}"
    headline = {name for name in mentions(catalog, title) if counts.get(name, 0) > 0}
    weights = company_weights(counts, headline)
    return Features(weights, facts(head), names(_name_source(title, text), catalog),
                    words(f"{title}\n{opening(text, LEAD_WORDS)}"),
                    reported_apart(text, weights, catalog))


def reported_apart(text: str, weights: dict[str, float], catalog: Catalog) -> frozenset[str]:
    """The companies leading one side of a partnership (``partners.leads``) that the body
    reports apart, when one company alone leads the other side: each named in a
    paragraph with that company, never two of them in one. A round-up of one company's
    deals with two partners ("Geely licenses Huawei software ... / Geely and CATL will
    also ...") reads so; the reports of a deal of three name the partners together, or
    one of them without the company. Empty for every other article (the body is read
    only for those whose leaders have that shape)."""
    several, single = _one_against_several(leads(weights, catalog.roles))
    if not several:
        return frozenset()
    partner = next(iter(single))
    named = [set(mentions(catalog, line)) for line in text.split("\n")[1:]]  # headline aside
    if any(len(found & several) > 1 for found in named):
        return frozenset()
    if all(any(name in found and partner in found for found in named) for name in several):
        return frozenset(several)
    return frozenset()


def _one_against_several(leading: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """(the leaders of a side led by two companies or more, the one leader of the other
    side), or two empty sets for any other shape."""
    if len(leading) != 2:
        return set(), set()
    first, second = leading.values()
    if len(first) > 1 and len(second) == 1 and not first & second:
        return first, second
    if len(second) > 1 and len(first) == 1 and not first & second:
        return second, first
    return set(), set()


def _opening_lines(text: str) -> Iterator[tuple[int | None, str, int]]:
    """(paragraph key, or None: ``paragraphs.paragraph_key``; line; words before it) of
    the lines of ``text`` that begin within its first FACT_WORDS words: those its
    features can come from."""
    offset = 0
    for line in text.split("\n"):
        if offset >= FACT_WORDS:
            return
        normal = normalised(line)
        yield paragraph_key(normal), line, offset
        offset += len(normal.split())


def opening_keys(text: str) -> set[int]:
    """The paragraph keys of the lines of ``text`` its features can come from."""
    return {key for key, _, _ in _opening_lines(text) if key is not None}


def term_giving(found: Features, text: str, keys: set[int], catalog: Catalog) -> set[int]:
    """Of the paragraph keys ``keys``, those of the lines of ``text`` that, where they
    stand, may have given ``found`` (the text's features) a term."""
    return {key for key, line, offset in _opening_lines(text)
            if key in keys and _gave_terms(found, line, offset, catalog)}


def without_boilerplate(found: Features, title: str, text: str, boilerplate: set[int],
                        catalog: Catalog) -> Features:
    """``found`` (the features of ``title`` and ``text``) read again from the text
    without its paragraphs whose key (``paragraphs.paragraph_hash``) is in
    ``boilerplate``; the companies are kept. A company's "About" section in a short
    press release lies within the opening words, and its figures (staff, markets) and
    names would make two releases of the company one event."""
    lines = {line for key, line, _ in _opening_lines(text) if key in boilerplate}
    if not lines:
        return found
    own = features(title, "\n".join(line for line in text.split("\n") if line not in lines),
                   {}, catalog)
    return Features(found.companies, own.facts, own.names, own.words, found.apart)


def _gave_terms(found: Features, line: str, offset: int, catalog: Catalog) -> bool:
    """Whether ``line``, ``offset`` words into the text, may have given ``found`` a term."""
    return bool(found.facts & facts(line) or found.names & names(line, catalog)
                or (offset < LEAD_WORDS and found.words & words(line)))


_CREDIT = re.compile(r"^\W*(?:(?:additional )?reporting|writing|editing|compiled|"
                     r"contributed|produced) by\b.*$", re.IGNORECASE | re.MULTILINE)


def title_case(title: str) -> bool:
    """Whether a headline capitalises its words (AP and many US outlets): then its
    capitals mark no names. Read on words of four letters or more, at least three."""
    long = [w for w in _WORD.findall(title) if len(w) >= 4 and w[0].isalpha()]
    return len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.8 * len(long)


def _name_source(title: str, text: str) -> str:
    """Where names are read: the headline and the opening words, without a title-case
    headline (its first line too, when the text repeats it) and without wire credit
    lines ("Reporting by ...; Editing by ..."), whose capitals are no names of the event."""
    body = opening(text, FACT_WORDS)
    if title_case(title):
        first, _, rest = body.partition("\n")
        body = rest if first.strip() == title.strip() else body
        return _CREDIT.sub(" ", body)
    return _CREDIT.sub(" ", f"{title}.\n{body}")


def signals(title: str, text: str, counts: dict[str, int], catalog: Catalog,
            shingle_size: int) -> dict[str, Any]:
    """What the story step needs of an article's text, computed where the text is made
    (the extraction worker): its features (their stored form), its shingle hashes and
    its paragraph keys (``paragraphs.paragraph_hashes``)."""
    return {"features": features(title, text, counts, catalog).as_json(),
            "shingle_size": shingle_size,
            "shingles": shingle_hashes(f"{title}\n{text}", shingle_size),
            "paragraphs": paragraph_hashes(title, text)}


def shingle_hashes(text: str, size: int) -> array[int]:
    """The distinct 32-bit hashes of the ``size``-word shingles of ``text`` (lower-cased
    words), in ascending order, as an unsigned 32-bit array: 4 bytes each rather than a
    list's 36, in the queue of articles waiting to be placed and on their way from the
    worker.

    Each word is hashed once with CRC-32 and a shingle's hash combines its words' hashes
    (multiply-xor, FNV style), so no shingle string is ever built. Plain integers, not
    numpy: this runs in the extraction workers, which then do not load numpy (~15 MB each).
    """
    tokens = _WORD.findall(text.lower())
    vocabulary = {token: zlib.crc32(token.encode()) for token in set(tokens)}
    words = [vocabulary[token] for token in tokens]
    count = max(1, len(words) - size + 1)
    hashes = words[:count]
    for offset in range(1, min(size, len(words))):
        hashes = [((h * _FNV_PRIME) & _MASK) ^ w
                  for h, w in zip(hashes, words[offset:offset + count], strict=False)]
    return array("I", sorted(set(hashes)))

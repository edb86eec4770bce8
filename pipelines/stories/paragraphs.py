"""An article's paragraphs and their keys: what tells a copy from reports that share
boilerplate.

A syndicated copy keeps most of its original's paragraphs; what it adds (an editor's
note, a copyright line, a "read more" outro) and what outlets repeat under many stories
(a house background paragraph, a company's "About" section) is text found in other
stories too. Two independent reports of one event can share a lot of such boilerplate
and little else, so containment over all their words (``near_duplicates.containment``)
cannot tell them from a copy with a long intro and a paragraph cut.

Paragraphs are the text's lines (the headline's line aside), lower-cased with their
spaces collapsed. Each paragraph of ``MIN_WORDS`` words or more is stored as a 64-bit
hash (``article_paragraphs``); a paragraph is boilerplate for a pair of articles when
an article of a story other than the pair's and their candidates' has it
(``records.boilerplate``: a report of the same event that landed in a story of its own
is a candidate). This is the paragraph deduplication of web-corpus cleaning (G. Wenzek
et al., "CCNet: Extracting High Quality Monolingual Datasets from Web Crawl Data", LREC
2020: normalised paragraphs hashed, those found in other documents removed), counted
in stories rather than documents, so a wire story copied by ten outlets keeps its text.
The containment is then read exactly, on the word shingles of what remains
(``near_duplicates.own_containment``). A paragraph under two stories or more
(``records.spread``) gives an article's story features nothing either
(``features.without_boilerplate``). Plain ``hashlib``: this runs in the extraction
workers too.
"""

from __future__ import annotations

import hashlib

MIN_WORDS = 4  # shorter lines ("What's next?") are left unhashed: they count as own text


def paragraphs(title: str, text: str) -> list[str]:
    """The body paragraphs of an article, normalised: each non-empty line of ``text``,
    lower-cased with runs of white space made one space, but the line repeating the
    headline ``title``."""
    headline = normalised(title)
    lines = (normalised(line) for line in text.split("\n"))
    return [line for line in lines if line and line != headline]


def normalised(line: str) -> str:
    """A line as a paragraph is compared: lower-cased, runs of white space one space."""
    return " ".join(line.lower().split())


def paragraph_hash(paragraph: str) -> int:
    """A normalised paragraph's signed 64-bit key: the first 8 bytes of its BLAKE2b
    digest, little-endian (the type of ``article_paragraphs.hash``)."""
    digest = hashlib.blake2b(paragraph.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def paragraph_key(paragraph: str) -> int | None:
    """A normalised paragraph's key (``paragraph_hash``), None under ``MIN_WORDS``."""
    return paragraph_hash(paragraph) if len(paragraph.split()) >= MIN_WORDS else None


def paragraph_hashes(title: str, text: str) -> list[int]:
    """The distinct keys of an article's paragraphs of ``MIN_WORDS`` words or more, in
    ascending order: the rows it stores in ``article_paragraphs``."""
    return sorted({key for p in paragraphs(title, text) if (key := paragraph_key(p)) is not None})


def keyed(title: str, text: str) -> list[tuple[int | None, str]]:
    """(key, paragraph) of each body paragraph; the key is None under ``MIN_WORDS``."""
    return [(paragraph_key(p), p) for p in paragraphs(title, text)]

"""Near-duplicates: lightly edited copies found with datasketch's MinHash and LSH banding.

An article's text is cut into word shingles and summarised by a MinHash (datasketch,
``STORIES_NUM_PERM`` permutations), stored with the article (``article_signatures``).
The LSH index is persisted in the database: datasketch's ``MinHashLSH`` chooses the
bands (b bands of r hash values for the threshold, weighted towards few false
negatives, since every colliding pair is checked by its estimated Jaccard anyway), and
each band of an article's MinHash is stored as a 64-bit key in ``article_bands``
(indexed). Finding an article's near-duplicates is one indexed lookup of its b keys and
a comparison with the few colliding signatures: it costs the same whatever the number
of articles, needs no memory in the crawler, and sees what other processes stored.

Shingles are hashed by ``features.shingle_hashes`` (CRC-32 of words, combined) rather
than with datasketch's default SHA-1 of each shingle's string: fifteen times faster, and
MinHash's random affine permutations do the mixing. The permutations are made once per
process and shared by every MinHash (making them is most of the cost of a new MinHash).

Similarity is the MinHash estimate of the Jaccard similarity of the two shingle sets
(the share of equal hash values); an article is a near-duplicate of another from
``STORIES_NEAR_DUPLICATE_THRESHOLD``. The estimates only propose a pair: it is read
again exactly on the shingles of the two articles' own text, their boilerplate
paragraphs left out (``own_sequence``, ``own_jaccard``, ``own_containment``; which
paragraphs are boilerplate is told by ``paragraphs`` and ``records.boilerplate``).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from pipelines.stories.features import shingle_hashes

SCHEME = "affine32"  # datasketch's permutation scheme: 32-bit values, stored as such
LSH_WEIGHTS = (0.1, 0.9)  # false positives vs false negatives, for choosing the bands


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> object:
    return MinHash(num_perm=num_perm, scheme=SCHEME).permutations


@lru_cache(maxsize=4)
def band_ranges(threshold: float, num_perm: int) -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band of hash values, as datasketch's MinHashLSH picks them.

    For 0.5 and 128 permutations: 32 bands of 4, which find 95 % of pairs at 0.55 and
    99 % at 0.6 (with equal weights, 25 bands of 5 find 73 % at 0.55).
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return tuple((start, end) for start, end in lsh.hashranges)


def minhash_of(hashes: list[int], num_perm: int) -> np.ndarray:
    """The MinHash hash values (uint32) of a set of 32-bit shingle hashes."""
    signature = MinHash(num_perm=num_perm, scheme=SCHEME, hashfunc=int,
                        permutations=_permutations(num_perm))
    signature.update_batch(hashes)
    return np.asarray(signature.hashvalues, dtype="<u4")


def to_bytes(values: np.ndarray) -> bytes:
    """Hash values as stored: little-endian uint32."""
    return np.asarray(values, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """Hash values ``to_bytes`` stored."""
    return np.frombuffer(data, dtype="<u4")


def band_keys(values: np.ndarray, ranges: tuple[tuple[int, int], ...]) -> list[int]:
    """One signed 64-bit key per band: a BLAKE2b digest of the band's number and values."""
    return [int.from_bytes(hashlib.blake2b(number.to_bytes(2, "little") + values[s:e].tobytes(),
                                           digest_size=8).digest(), "little", signed=True)
            for number, (s, e) in enumerate(ranges)]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity: the share of equal hash values."""
    return float(np.count_nonzero(a == b)) / len(a) if len(a) == len(b) else 0.0


def containment(similarity: float, size_a: int, size_b: int) -> float:
    """The share of the smaller of two shingle sets found in the other, from their
    Jaccard similarity and sizes: |A ∩ B| = J (|A| + |B|) / (1 + J). A. Broder, "On the
    resemblance and containment of documents" (1997): a text with a new intro or outro
    added contains its original though their resemblance (Jaccard) falls."""
    if min(size_a, size_b) <= 0:
        return 0.0
    shared = similarity * (size_a + size_b) / (1.0 + similarity)
    return min(1.0, shared / min(size_a, size_b))


def close_signatures(values: np.ndarray, others: list[tuple[int, bytes]],
                     threshold: float) -> list[int]:
    """The ids of ``others`` (id, stored hash values) whose estimated Jaccard similarity to
    ``values`` reaches ``threshold``: one vectorised comparison for all of them."""
    width = len(values) * 4
    same = [(i, data) for i, data in others if len(data) == width]
    if not same:
        return []
    matrix = np.frombuffer(b"".join(data for _, data in same), dtype="<u4").reshape(-1, len(values))
    shares = np.count_nonzero(matrix == values, axis=1) / len(values)
    return [i for (i, _), share in zip(same, shares, strict=True) if share >= threshold]


Shingled = list[tuple[int | None, "array[int]"]]  # (paragraph key or None, its shingle hashes)


def paragraph_shingles(keyed_paragraphs: Iterable[tuple[int | None, str]], size: int
                       ) -> Shingled:
    """Each paragraph's key (``paragraphs.keyed``) and ``size``-word shingle hashes (in
    ascending order), in the text's order: no shingle spans two paragraphs, so one left
    out does not change its neighbours'."""
    return [(key, shingle_hashes(paragraph, size)) for key, paragraph in keyed_paragraphs]


def own_sequence(shingled: Shingled, boilerplate: set[int]) -> list[int]:
    """The shingle hashes of the paragraphs whose key is not in ``boilerplate``,
    paragraph after paragraph."""
    return [h for key, hashes in shingled if key is None or key not in boilerplate
            for h in hashes]


def own_containment(a: list[int], b: list[int], floor: float = 0.0) -> float:
    """The share of the shorter of two shingle sequences that the other has in the same
    order: the matching blocks of difflib's SequenceMatcher (Ratcliff/Obershelp) over
    the length of the shorter; 0 when one is empty, or when it is sure to be under
    ``floor``. A copy keeps its original's text in its order; reports of one event that
    share sentences tell them in their own."""
    if not a or not b:
        return 0.0
    shorter = min(len(a), len(b))
    # Matched in order or not, a value is matched at most as often as both have it: a
    # bound that spares the matcher (the costly part) for pairs far apart.
    if (Counter(a) & Counter(b)).total() < floor * shorter:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / shorter


def own_jaccard(a: list[int], b: list[int]) -> float:
    """The Jaccard similarity of two shingle sequences as sets: 0 when both are empty."""
    first, second = set(a), set(b)
    union = len(first | second)
    return len(first & second) / union if union else 0.0


def kept_in_order(a: Shingled, b: Shingled, boilerplate: set[int]) -> float:
    """The share of the shorter's own paragraphs (keyed, not ``boilerplate``) that two
    articles share word for word, or 0 when those do not stand in the same order in both:
    a copy keeps its original's paragraphs in their order, reports written from common
    sentences tell them in their own."""
    mine = [key for key, _ in a if key is not None and key not in boilerplate]
    theirs = [key for key, _ in b if key is not None and key not in boilerplate]
    shared = set(mine) & set(theirs)
    first = [key for key in mine if key in shared]
    second = [key for key in theirs if key in shared]
    return len(first) / min(len(mine), len(theirs)) if first and first == second else 0.0

"""Near-duplicates: lightly edited copies found with datasketch's MinHash LSH.

An article's text is cut into word shingles and summarised by a MinHash (datasketch,
``STORIES_NUM_PERM`` permutations); the hash values are stored with the article
(``article_signatures.minhash``). The LSH index lives in memory: it is rebuilt from the
stored signatures the first time a process needs it (one read of ``article_id`` and
``minhash``), and topped up before every batch with the signatures other processes stored
since. A query costs the same whatever the number of articles: it reads the LSH's bands,
then compares the few colliding signatures.

Shingles are hashed by ``features.shingle_hashes`` (CRC-32 of words, combined) rather
than with datasketch's default SHA-1 of each shingle's string: fifteen times faster, and
MinHash's random affine permutations do the mixing. The permutations are made once per
process and shared by every MinHash (making them is most of the cost of a new MinHash).

Similarity is the MinHash estimate of the Jaccard similarity of the two shingle sets;
an article is a near-duplicate of another from ``STORIES_NEAR_DUPLICATE_THRESHOLD``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, select

from pipelines.storage.models import ArticleSignature
from pipelines.stories.features import shingle_hashes

SCHEME = "affine32"  # datasketch's permutation scheme: 32-bit values, stored as such


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> object:
    return MinHash(num_perm=num_perm, scheme=SCHEME).permutations


def minhash(text: str, shingle_size: int, num_perm: int) -> MinHash:
    """The MinHash of ``text``'s word shingles."""
    return minhash_of(shingle_hashes(text, shingle_size).tolist(), num_perm)


def minhash_of(hashes: list[int], num_perm: int) -> MinHash:
    """The MinHash of a set of 32-bit shingle hashes (``features.shingle_hashes``)."""
    signature = MinHash(num_perm=num_perm, scheme=SCHEME, hashfunc=int,
                        permutations=_permutations(num_perm))
    signature.update_batch(hashes)
    return signature


def to_bytes(signature: MinHash) -> bytes:
    """Hash values as little-endian uint32 (the affine32 scheme's values)."""
    return np.asarray(signature.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    """The MinHash whose hash values ``to_bytes`` stored."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME, hashfunc=int,
                   permutations=_permutations(len(values)))


class NearDuplicateIndex:
    """An in-memory MinHash LSH over stored signatures, kept in step with the table."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # Weighted towards few false negatives: a colliding pair is checked by its
        # estimated Jaccard anyway, a pair that never collides is lost (datasketch's
        # default, equal weights, finds only 73 % of pairs at 0.55 for a 0.5 threshold).
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self.signatures: dict[int, MinHash] = {}
        self.loaded_up_to = 0  # highest article id read from the table

    def refresh(self, conn: Connection) -> None:
        """Add the signatures stored since the last refresh (all of them the first time)."""
        query = (select(ArticleSignature.article_id, ArticleSignature.minhash)
                 .where(ArticleSignature.article_id > self.loaded_up_to)
                 .order_by(ArticleSignature.article_id))
        for article_id, data in conn.execute(query):
            if article_id not in self.signatures:  # else placed by this process already
                signature = from_bytes(data)
                if len(signature.hashvalues) == self.num_perm:
                    self.add(article_id, signature)
            self.loaded_up_to = article_id

    def add(self, article_id: int, signature: MinHash) -> None:
        """Index (or re-index) one article's signature."""
        self.remove(article_id)
        self.lsh.insert(article_id, signature, check_duplication=False)
        self.signatures[article_id] = signature

    def remove(self, article_id: int) -> None:
        """Forget one article (an edited or deleted one)."""
        if self.signatures.pop(article_id, None) is not None:
            self.lsh.remove(article_id)

    def similar(self, article_id: int, signature: MinHash) -> list[tuple[int, float]]:
        """(article id, estimated Jaccard) of indexed articles from the threshold, best first."""
        found = []
        for other in self.lsh.query(signature):
            if other != article_id:
                similarity = signature.jaccard(self.signatures[other])
                if similarity >= self.threshold:
                    found.append((other, similarity))
        return sorted(found, key=lambda pair: (-pair[1], pair[0]))

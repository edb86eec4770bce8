"""Near-duplicates: lightly edited copies found with datasketch's MinHash LSH.

An article's text is cut into word shingles and summarised by a MinHash (datasketch,
``STORIES_NUM_PERM`` permutations); the hash values are stored with the article
(``article_signatures.minhash``). The LSH index lives in memory: it is rebuilt from the
stored signatures the first time a process needs it (one read of ``article_id`` and
``minhash``), and topped up before every batch with the signatures other processes stored
since. A query costs the same whatever the number of articles: it reads the LSH's bands,
then compares the few colliding signatures.

Similarity is the MinHash estimate of the Jaccard similarity of the two shingle sets;
an article is a near-duplicate of another from ``STORIES_NEAR_DUPLICATE_THRESHOLD``.
"""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import Connection, select

from pipelines.storage.models import ArticleSignature
from pipelines.stories.features import shingles

SCHEME = "affine32"  # datasketch's permutation scheme: 32-bit values, stored as such


def minhash(text: str, shingle_size: int, num_perm: int) -> MinHash:
    """The MinHash of ``text``'s word shingles."""
    signature = MinHash(num_perm=num_perm, scheme=SCHEME)
    signature.update_batch(list(shingles(text, shingle_size)))
    return signature


def to_bytes(signature: MinHash) -> bytes:
    """Hash values as little-endian uint32 (the affine32 scheme's values)."""
    return np.asarray(signature.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    """The MinHash whose hash values ``to_bytes`` stored."""
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """An in-memory MinHash LSH over stored signatures, kept in step with the table."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[int, MinHash] = {}
        self.loaded_up_to = 0  # highest article id read from the table

    def refresh(self, conn: Connection) -> None:
        """Add the signatures stored since the last refresh (all of them the first time)."""
        query = (select(ArticleSignature.article_id, ArticleSignature.minhash)
                 .where(ArticleSignature.article_id > self.loaded_up_to)
                 .order_by(ArticleSignature.article_id))
        for article_id, data in conn.execute(query):
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

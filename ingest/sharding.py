"""Which poller replica polls which feed: rendezvous (highest-random-weight) hashing of feed URLs.

Every replica computes the same answer from the feed list alone, with no coordination, so no feed
is polled twice or skipped; when the replica count changes only about 1/N of the feeds move.
"""

from __future__ import annotations

import hashlib


def _weight(feed_url: str, shard: int) -> int:
    digest = hashlib.blake2b(f"{shard}\0{feed_url}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def shard_of(feed_url: str, replicas: int) -> int:
    """The replica (0 … replicas-1) that owns `feed_url`."""
    return max(range(replicas), key=lambda shard: _weight(feed_url, shard))


def owns(feed_url: str, shard: int, replicas: int) -> bool:
    return replicas <= 1 or shard_of(feed_url, replicas) == shard

"""Poller replicas split the feed list: each feed has exactly one owner, and few move on resize."""

from __future__ import annotations

from ingest.sharding import owns, shard_of

FEEDS = [f"https://news{i}.example/rss.xml" for i in range(1000)]


def test_every_feed_has_exactly_one_owner_and_the_split_is_even() -> None:
    owners = [[shard for shard in range(3) if owns(url, shard, 3)] for url in FEEDS]
    assert all(len(found) == 1 for found in owners)
    sizes = [sum(1 for found in owners if found == [shard]) for shard in range(3)]
    assert min(sizes) > 280, sizes  # ~333 each


def test_adding_a_replica_moves_only_its_share() -> None:
    moved = sum(1 for url in FEEDS if shard_of(url, 3) != shard_of(url, 4))
    assert moved < 330, moved  # ~1/4 move to the new replica, none between the old ones
    assert all(shard_of(url, 4) == 3 for url in FEEDS if shard_of(url, 3) != shard_of(url, 4))


def test_one_replica_owns_everything() -> None:
    assert all(owns(url, 0, 1) for url in FEEDS)


def test_a_shard_outside_the_replica_count_is_refused() -> None:
    import pytest

    from ingest.poller import run_poller
    from mediamon.errors import ConfigError
    from mediamon.settings import Settings

    with pytest.raises(ConfigError, match="MEDIAMON_POLLER_SHARD=2"):
        run_poller(Settings(poller_replicas=2, poller_shard=2), once=True)

"""Persisted poll state: survives reopening, remembers fingerprints, forgets nothing early."""

from __future__ import annotations

from pathlib import Path

from ingest.state import FeedState, PollState, state_path
from mediamon.settings import Settings


def test_feed_state_and_seen_entries_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = PollState(path)
    state.save_feed(FeedState(url="http://a/feed", etag='"x"', error_count=2, next_poll=123.0, disabled=True))
    state.mark_seen([("id1", "v1", "http://a/feed"), ("id2", "v2", "http://a/feed")], now=1e12)
    state.close()

    reopened = PollState(path)
    feed = reopened.feed("http://a/feed")
    assert (feed.etag, feed.error_count, feed.next_poll, feed.disabled) == ('"x"', 2, 123.0, True)
    assert reopened.fingerprints(["id1", "id2", "id3"]) == {"id1": "v1", "id2": "v2"}
    reopened.mark_seen([("id1", "v1b", "http://a/feed")], now=1e12)
    assert reopened.fingerprints(["id1"]) == {"id1": "v1b"}
    assert reopened.feed("http://unknown/") == FeedState(url="http://unknown/")
    reopened.close()


def test_state_file_is_per_output_topic(tmp_path: Path) -> None:
    a = state_path(Settings(data_dir=tmp_path, topic_prefix="a."))
    b = state_path(Settings(data_dir=tmp_path, topic_prefix="b."))
    assert a != b and a.parent == b.parent == tmp_path / "ingest"


def test_log_positions_only_move_forward(tmp_path: Path) -> None:
    state = PollState(tmp_path / "state.sqlite3")
    state.mark_seen([("id1", "v1", "http://a/feed")], now=1e12, positions={0: 5, 1: 2})
    state.mark_seen([("id2", "v2", "http://a/feed")], now=1e12, positions={0: 3})
    assert state.log_positions() == {0: 5, 1: 2}
    state.close()

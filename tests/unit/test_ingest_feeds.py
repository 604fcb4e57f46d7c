"""The feed list loader: the bundled list is valid, mistakes are reported with file and line."""

from __future__ import annotations

import pytest

from ingest.feeds import dump_feeds, load_feeds, parse_feeds
from mediamon.errors import ConfigError
from mediamon.settings import DEFAULT_FEEDS_FILE, Settings


def test_bundled_feed_list_points_at_the_configured_sample_port() -> None:
    feeds = load_feeds(DEFAULT_FEEDS_FILE, Settings(sample_feeds_port=9999))
    assert feeds.allow_private_networks
    assert len(feeds.enabled) == 4
    assert all(feed.url.startswith("http://127.0.0.1:9999/") for feed in feeds.feeds)


@pytest.mark.parametrize(("text", "message"), [
    ("feeds:\n  - name: A\n    url: http://a.example/feed\n  - name: B\n    url: ftp://b.example/feed\n",
     "feeds.yaml:4: feed 'B': url: Value error, url must start with http:// or https://"),
    ("feeds:\n  - name: A\n    url: http://a.example/feed\n    intervall: 60\n", "feeds.yaml:2: feed 'A': intervall"),
    ("feeds:\n  - name: A\n    url: http://a.example/feed\n  - name: B\n    url: http://a.example/feed\n",
     "feeds.yaml:4: duplicate url http://a.example/feed (first on line 2)"),
    ("feeds:\n  - name: A\n    url: [unclosed\n", "feeds.yaml:4: invalid YAML"),
    ("allow_private_networks: yes please\nfeeds: []\n", "allow_private_networks must be true, false or a list of networks"),
    ("allow_private_networks: [10.0.0.0/33]\nfeeds: []\n", "allow_private_networks: "),
    ("feed:\n  - name: A\n", "expected a mapping with a `feeds:` list"),
])
def test_mistakes_name_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_feeds(text, Settings(), source="feeds.yaml")
    assert message in str(error.value)


def test_dump_then_parse_round_trips() -> None:
    feeds = parse_feeds("feeds:\n  - {name: Вести, url: 'http://a.example/rss', lang: ru, tags: [x], interval: 120,"
                        " enabled: false, fulltext: true}\n", Settings()).feeds
    assert parse_feeds(dump_feeds(feeds), Settings()).feeds == feeds

"""OPML import/export: what other feed readers produce comes in, and what we write goes back."""

from __future__ import annotations

import pytest

from ingest.feeds import FeedSpec
from ingest.opml import read_opml, write_opml
from mediamon.errors import ConfigError

READER_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Subscriptions</title></head><body>
  <outline text="News" title="News">
    <outline type="rss" text="BBC World" xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml" category="/world"/>
    <outline text="Russian">
      <outline type="rss" text="Lenta" title="Lenta.ru" xmlUrl="https://lenta.ru/rss"/>
    </outline>
  </outline>
  <outline type="rss" text="Duplicate" xmlUrl="https://lenta.ru/rss"/>
  <outline text="a folder with no feeds"/>
</body></opml>"""


def test_outlines_become_feeds_with_folders_as_tags() -> None:
    feeds = read_opml(READER_EXPORT)
    assert [(f.name, f.url, f.tags) for f in feeds] == [
        ("BBC World", "https://feeds.bbci.co.uk/news/world/rss.xml", ("News", "world")),
        ("Lenta.ru", "https://lenta.ru/rss", ("News", "Russian")),
    ]


def test_export_then_import_round_trips() -> None:
    feeds = [FeedSpec(name="ТАСС", url="https://tass.ru/rss/v2.xml", lang="ru", tags=("agency", "ru")),
             FeedSpec(name="Kloop", url="https://kloop.kg/feed/")]
    assert read_opml(write_opml(feeds).encode()) == feeds


@pytest.mark.parametrize("data", [b"<opml><body>", b"<html/>",
                                  b'<!DOCTYPE x [<!ENTITY a "aaaa">]><opml><body>&a;</body></opml>'])
def test_bad_or_hostile_files_are_refused_clearly(data: bytes) -> None:
    with pytest.raises(ConfigError):
        read_opml(data, "subs.opml")

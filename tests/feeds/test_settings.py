"""Feeds declared in the config file, as operators write them."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings


def test_feeds_and_the_reader_settings_are_read_from_the_file(tmp_path):
    (tmp_path / "seeds").mkdir()
    config = tmp_path / "config.toml"
    config.write_text('[feed_reader]\nhost_interval_seconds = 5\n[feed_reader.relevance]\nexclude = ["football"]\n'
                      '[[feeds]]\nurl = "https://news.example/rss"\nname = "News"\n'
                      '[[feeds]]\nurl = "https://other.example/atom.xml"\ninterval_minutes = 60\n')
    settings = load_settings(config, environ={})
    assert [(f.url, f.name, f.interval_minutes) for f in settings.feeds] == [
        ("https://news.example/rss", "News", 30), ("https://other.example/atom.xml", None, 60)]
    assert settings.feed_reader.host_interval_seconds == 5
    assert settings.feed_reader.relevance.exclude == ["football"]


@pytest.mark.parametrize(("toml", "line"), [
    ('[[feeds]]\nurl = "ftp://news.example/rss"\n',
     "feeds[0].url: a feed address starts with http:// or https://"),
    ('[[feeds]]\nurl = "https://news.example/rss"\ninterval_minutes = 1\n',
     "feeds[0].interval_minutes: input should be greater than or equal to 5"),
    ('[feed_reader.relevance]\ntopics = ["x"]\n', "feed_reader.relevance.topics: unknown setting"),
])
def test_a_bad_feed_setting_names_its_key(tmp_path, toml, line):
    (tmp_path / "seeds").mkdir()
    config = tmp_path / "config.toml"
    config.write_text(toml)
    with pytest.raises(SettingsError) as caught:
        load_settings(config, environ={})
    assert caught.value.lines == [f"{config}: {line}"]

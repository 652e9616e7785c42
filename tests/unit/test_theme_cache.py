"""The checked-themes cache: a hit gives exactly what reading the files gives, and never a stale theme."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tripplan.tui import themes

MINE = """name = "mine"
label = "mine"
dark = true
primary = "#336699"
"""


@pytest.fixture(autouse=True)
def _user_themes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRIPPLAN_CONFIG_DIR", str(tmp_path / "config"))
    folder = tmp_path / "config" / "themes"
    folder.mkdir(parents=True)
    return folder


def _fresh(monkeypatch: pytest.MonkeyPatch) -> themes.ThemeBook:
    with monkeypatch.context() as m:
        m.setenv("TRIPPLAN_NO_CACHE", "1")
        return themes.load_themes()


def test_a_cache_hit_equals_reading_the_files(monkeypatch: pytest.MonkeyPatch, _user_themes: Path) -> None:
    (_user_themes / "mine.toml").write_text(MINE, encoding="utf-8")
    first = themes.load_themes()  # reads the files, writes the cache
    assert themes._cache_file().is_file()
    import sys

    sys.modules.pop("tomli", None)
    sys.modules.pop("tomllib", None)
    second = themes.load_themes()
    assert "tomli" not in sys.modules and "tomllib" not in sys.modules  # answered from the cache
    assert second.themes == first.themes == _fresh(monkeypatch).themes
    assert {"tripplan-dark", "tripplan-light", "mine"} <= set(second.themes)


def test_any_change_to_a_theme_file_misses_the_cache(monkeypatch: pytest.MonkeyPatch, _user_themes: Path) -> None:
    mine = _user_themes / "mine.toml"
    mine.write_text(MINE, encoding="utf-8")
    themes.load_themes()
    stat = mine.stat()
    mine.write_text(MINE.replace("#336699", "#993366"), encoding="utf-8")  # same size, same inode
    os.utime(mine, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old time
    assert mine.stat().st_ino == stat.st_ino and mine.stat().st_mtime_ns == stat.st_mtime_ns
    assert themes.load_themes().themes["mine"].colours["primary"] == "#993366"
    mine.write_text(MINE.replace("#336699", "#112233"), encoding="utf-8")
    assert themes.load_themes().themes["mine"].colours["primary"] == "#112233"
    mine.unlink()
    assert "mine" not in themes.load_themes().themes
    (_user_themes / "other.toml").write_text(MINE.replace('"mine"', '"other"'), encoding="utf-8")
    assert "other" in themes.load_themes().themes


def test_a_broken_theme_is_reported_every_time(monkeypatch: pytest.MonkeyPatch, _user_themes: Path) -> None:
    (_user_themes / "broken.toml").write_text('name = "broken"\ndark = "yes"\n', encoding="utf-8")
    for _ in range(2):
        book = themes.load_themes()
        assert len(book.errors) == 1 and "broken.toml" in book.summary()
    assert not themes._cache_file().exists()


@pytest.mark.parametrize("junk", [b"", b"{not json", b'{"stamp": 1, "themes": []}', b"\xff\xfe",
                                  b'{"stamp": null, "themes": [{"name": 1}]}'])
def test_a_broken_cache_is_ignored(monkeypatch: pytest.MonkeyPatch, junk: bytes) -> None:
    expected = _fresh(monkeypatch).themes
    cache = themes._cache_file()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(junk)
    assert themes.load_themes().themes == expected
    assert themes.load_themes().themes == expected  # and the cache was written again, correctly


def test_a_cache_for_the_right_files_but_wrong_content_is_not_trusted_blindly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache file that matches the stamp but is malformed inside falls back to the files."""
    import json

    themes.load_themes()
    cache = themes._cache_file()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    stored["themes"] = [{"name": "x"}]  # a theme without its fields
    cache.write_text(json.dumps(stored), encoding="utf-8")
    assert themes.load_themes().themes == _fresh(monkeypatch).themes

"""The day-index cache behind 'today': never stale, never fatal, same answer as a fresh build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import DATA
from tripplan.files.storage import read_trip
from tripplan.road import dayindex
from tripplan.road.dayindex import LazyDays, build_index, load_index


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_bytes((DATA / "good" / "small.toml").read_bytes())
    return path


def _cache_files() -> list[Path]:
    return sorted(Path(os.environ["TRIPPLAN_CACHE_DIR"]).glob("*.marshal"))


def _plain(index: dict[str, object]) -> dict[str, object]:
    days = index["days"]
    return {**index, "days": {day: list(days[day]) for day in days}}  # type: ignore[attr-defined,index]


def test_cache_hit_equals_fresh_build(trip: Path) -> None:
    fresh = load_index(str(trip))
    assert not isinstance(fresh["days"], LazyDays) and len(_cache_files()) == 1
    cached = load_index(str(trip))
    assert isinstance(cached["days"], LazyDays)  # really served from the cache
    assert _plain(cached) == _plain(fresh) == _plain(build_index(read_trip(trip)[0]))


def test_any_edit_invalidates(trip: Path) -> None:
    load_index(str(trip))
    text = trip.read_text().replace("Kick-off at Acme", "Kick-off moved")
    stat = trip.stat()
    trip.write_text(text)
    os.utime(trip, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the old mtime
    rows = load_index(str(trip))["days"]["2027-03-09"]  # type: ignore[index]
    assert any(row[4] == "Kick-off moved" for row in rows)


@pytest.mark.parametrize("junk", [b"", b"\x00garbage", b"\xe3\x00\x00\x00", bytes(range(256))])
def test_broken_cache_is_ignored_and_rebuilt(trip: Path, junk: bytes) -> None:
    load_index(str(trip))
    (cache,) = _cache_files()
    cache.write_bytes(junk)
    index = load_index(str(trip))
    assert "2027-03-09" in index["days"]  # type: ignore[operator]
    assert cache.read_bytes() != junk


def test_unwritable_cache_is_not_an_error(trip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(trip))  # a file, not a folder: cannot be created
    assert "2027-03-09" in load_index(str(trip))["days"]  # type: ignore[operator]


def test_cache_key_includes_the_format(trip: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_index(str(trip))
    monkeypatch.setattr(dayindex, "FORMAT", dayindex.FORMAT + 1)
    index = load_index(str(trip))
    assert not isinstance(index["days"], LazyDays)  # rebuilt, not read with the old layout

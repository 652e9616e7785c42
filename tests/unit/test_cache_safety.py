"""The caches are private and checked before decoding (issue 18, point 13).

The cache folder is 0700 and a folder that is someone else's or writable by others is not used; a cache file
that is garbage, truncated, or a valid marshal for another key is rebuilt without marshal ever decoding it.
"""

from __future__ import annotations

import marshal
import os
import stat
from pathlib import Path

import pytest

from tests.conftest import missing
from tests.fault_helpers import small_trip
from tripplan.road import dayindex
from tripplan.road.dayindex import LazyDays, load_index


@pytest.fixture
def trip(tmp_path: Path) -> Path:
    return small_trip(tmp_path)


@pytest.fixture
def decoded(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every byte string the day index hands to marshal.loads (a spy on the real function)."""
    seen: list[bytes] = []
    real = marshal.loads

    def spy(data: bytes) -> object:
        seen.append(bytes(data))
        return real(data)

    monkeypatch.setattr(dayindex.marshal, "loads", spy)
    return seen


def _cache(folder: Path) -> Path:
    (found,) = folder.glob("*.marshal")
    return found


def test_the_default_cache_folder_is_private(trip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRIPPLAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_index(str(trip))
    folder = Path(dayindex.cache_dir())
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(_cache(folder).stat().st_mode) == 0o600
    assert leftover_names(folder) == []
    folder.chmod(0o755)  # left by an older tripplan: made private again on the next build
    trip.write_bytes(trip.read_bytes() + b"\n")
    load_index(str(trip))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def leftover_names(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("junk", ["garbage", "truncated", "other key", "old format"])
def test_a_tampered_cache_is_rebuilt_without_decoding_it(trip: Path, decoded: list[bytes], junk: str) -> None:
    load_index(str(trip))
    cache = _cache(Path(os.environ["TRIPPLAN_CACHE_DIR"]))
    good = cache.read_bytes()
    bad = {"garbage": b"\xe3" + os.urandom(4000),
           "truncated": good[: len(good) // 2],
           "other key": good.replace(good[17:49], bytes(32)) if len(good) > 49 else b"",
           "old format": marshal.dumps(("6:0:" + "0" * 40, {"name": "evil"}, {}))}[junk]
    cache.write_bytes(bad)
    decoded.clear()
    index = load_index(str(trip))
    assert not isinstance(index["days"], LazyDays) and "2027-03-09" in index["days"]  # rebuilt
    assert decoded == [], "marshal decoded the tampered file"
    assert cache.read_bytes() != bad
    decoded.clear()
    assert isinstance(load_index(str(trip))["days"], LazyDays)  # and the rebuilt cache serves


def test_a_cache_folder_others_can_write_is_not_used(trip: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(shared))
    assert "2027-03-09" in load_index(str(trip))["days"]  # type: ignore[operator]
    assert list(shared.iterdir()) == [] and stat.S_IMODE(shared.stat().st_mode) == 0o777  # not used, not changed


def test_a_cache_folder_of_another_user_is_not_used(trip: Path, tmp_path: Path, decoded: list[bytes],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        missing("root, to give a folder to another user", "run the tests as root, as .ci/run does on CI")
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    load_index(str(trip))
    (theirs / _cache(Path(os.environ["TRIPPLAN_CACHE_DIR"])).name).write_bytes(
        _cache(Path(os.environ["TRIPPLAN_CACHE_DIR"])).read_bytes())  # even a valid cache file
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(theirs))
    decoded.clear()
    assert not isinstance(load_index(str(trip))["days"], LazyDays)

"""Reliability in the TUI: a change made on disk by another program is never lost silently, and a
broken trip file gives a readable error screen (binary junk and a 50 MB file included), never a crash.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.tui.conftest import opened, run, screen_text, settle
from tripplan.files.storage import read_trip
from tripplan.tui.screens.dialogs import ChoiceDialog
from tripplan.tui.screens.load_error import LoadErrorScreen
from tripplan.tui.screens.main import MainScreen

THEIRS = "Dinner with Ana and Rui"


def _write_like_an_editor(path: Path, text: str) -> None:
    """Replace the file as editors and git do: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _theirs(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("Dinner with Ana", THEIRS)
    _write_like_an_editor(path, text)
    return text


def _kickoff_minute(app: Any) -> int:
    main = app.screen if isinstance(app.screen, MainScreen) else app.screen_stack[-2]
    return main.session.trip.event("kickoff").local_start.minute  # type: ignore[no-any-return]


def _toasts(app: Any) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def test_refusing_every_choice_keeps_both_versions_even_when_quitting(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")  # mine: the kick-off 15 minutes later
            theirs = _theirs(small)
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog) and "changed by another program" in screen_text(app)
            await pilot.press("escape")  # cancel: nothing written, mine still here and unsaved
            assert isinstance(app.screen, MainScreen) and small.read_text(encoding="utf-8") == theirs
            assert "● unsaved" in screen_text(app) and _kickoff_minute(app) == 15
            await pilot.press("q", "s")  # "save and quit" meets the same conflict: it asks, it does not quit
            await settle(app, pilot)
            assert app.is_running and isinstance(app.screen, ChoiceDialog)
            assert "changed by another program" in screen_text(app)
            await pilot.press("escape")
            assert small.read_text(encoding="utf-8") == theirs and _kickoff_minute(app) == 15
            await pilot.press("q", "d")  # only an explicit "quit without saving" drops mine
            await pilot.pause()
            assert not app.is_running
    run(body)
    assert THEIRS in small.read_text(encoding="utf-8")
    assert not small.with_name("small.toml.bak").exists()  # nothing was ever written


def test_a_change_that_keeps_size_and_time_is_still_seen(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            stat = small.stat()
            text = small.read_text(encoding="utf-8").replace("Dinner with Ana", "Dinner with Eva")  # same length
            with small.open("r+", encoding="utf-8") as handle:  # in place, as some editors write
                handle.write(text)
            os.utime(small, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            assert small.stat().st_size == stat.st_size and small.stat().st_mtime_ns == stat.st_mtime_ns
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("escape")
            assert "Dinner with Eva" in small.read_text(encoding="utf-8")
    run(body)


def test_even_an_unedited_trip_does_not_save_over_their_change(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            theirs = _theirs(small)
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("escape")
            assert small.read_text(encoding="utf-8") == theirs
    run(body)


def test_a_deleted_file_is_not_recreated_without_asking(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            small.unlink()
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("escape")
            assert not small.exists()
            await pilot.press("ctrl+s", "o")  # now the user says so: write it again
            await settle(app, pilot)
            assert read_trip(small)[0].event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
    run(body)


def test_overwriting_keeps_their_version_beside_the_file(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            theirs = _theirs(small)
            await pilot.press("ctrl+s", "o")
            await settle(app, pilot)
            assert read_trip(small)[0].event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert small.with_name("small.toml.bak").read_text(encoding="utf-8") == theirs
    run(body)


def test_after_reloading_theirs_a_second_change_is_caught_again(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            _theirs(small)
            await pilot.press("ctrl+s", "r")  # take theirs
            await settle(app, pilot)
            assert _kickoff_minute(app) == 0
            await pilot.press("N", "plus")  # edit their version …
            again = small.read_text(encoding="utf-8").replace("Stand-up", "Daily stand-up")
            _write_like_an_editor(small, again)  # … while they change it once more
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, ChoiceDialog)
            await pilot.press("escape")
            assert small.read_text(encoding="utf-8") == again
    run(body)


def test_a_broken_version_on_disk_is_not_taken_and_mine_is_kept(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            await pilot.press("N", "plus")
            _write_like_an_editor(small, "[trip\nname = 'half-written by another program")
            await pilot.press("ctrl+s", "r")
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and _kickoff_minute(app) == 15
            assert "Their version does not load; yours is kept" in _toasts(app)
            assert small.read_text(encoding="utf-8").startswith("[trip\n")
            await pilot.press("ctrl+s", "o")
            await settle(app, pilot)
            assert read_trip(small)[0].event("kickoff").local_start.minute == 15  # type: ignore[union-attr]
            assert small.with_name("small.toml.bak").read_text(encoding="utf-8").startswith("[trip\n")
    run(body)


# --- broken trip files ---------------------------------------------------------------------------------

BAD = ["binary_junk", "empty_file", "syntax_error", "deeply_nested_arrays", "future_schema_version",
       "unknown_timezone", "duplicate_event_ids", "impossible_date_feb30", "not_utf8", "many_problems"]


async def _error_screen(path: Path, expected: list[str]) -> None:
    async with opened(path, size=(160, 50)) as (app, pilot):
        assert isinstance(app.screen, LoadErrorScreen)
        text = screen_text(app)
        assert f"{path.name} could not be opened" in text and "Traceback" not in text
        for phrase in expected:
            assert phrase in text, f"{phrase!r} not on screen:\n{text}"
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize("name", BAD)
def test_a_broken_trip_file_gives_a_readable_error_screen(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_bytes((DATA / "bad" / f"{name}.toml").read_bytes())
    before = path.read_bytes()
    expected = [line for line in (DATA / "bad" / f"{name}.expected").read_text(encoding="utf-8").splitlines()
                if line][:1]
    run(lambda: _error_screen(path, expected))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no backup, no temporary file left


def test_a_fifty_megabyte_file_gives_the_error_screen_quickly(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"  # generated here, never stored in the repository
    line = b"# " + b"x" * 1021 + b"\n"
    with huge.open("wb") as handle:
        handle.write((DATA / "good" / "small.toml").read_bytes())
        for _ in range(50 * 1024):
            handle.write(line)
    before = huge.stat()
    run(lambda: _error_screen(huge, ["file is 50 MB; a trip file is at most 32 MB"]))
    after = huge.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

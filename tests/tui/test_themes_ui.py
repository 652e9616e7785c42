"""Themes in the app: bundled themes registered with their category colours, the choice remembered,
users' own themes from the config folder, and a broken theme file: one notification and a fallback."""

from __future__ import annotations

import os
from pathlib import Path

from tests.tui.conftest import notes, opened, run
from tripplan.files.bundled import themes_dir
from tripplan.files.themefile import CATEGORY_VARIABLES, load_folder
from tripplan.tui.themes import remembered_theme

USER_THEME = b'''name = "sunset"
label = "sunset"
dark = true
primary = "#ff7744"
background = "#201010"

[variables]
cat-work = "#123456"
'''


def _user_themes() -> Path:
    folder = Path(os.environ["TRIPPLAN_CONFIG_DIR"]) / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_bundled_themes_with_category_variables(small: Path) -> None:
    bundled, _ = load_folder(themes_dir())

    async def body() -> None:
        async with opened(small) as (app, pilot):
            assert app.theme == "tripplan-dark" and app._notifications.__len__() == 0
            for spec in bundled:
                app.action_use_theme(spec.name)
                await pilot.pause()
                variables = app.get_css_variables()
                for name in CATEGORY_VARIABLES:
                    assert variables[name].lower() == spec.variables[name], (spec.name, name)
                assert app.current_theme.dark is spec.dark
    run(body)


def test_the_chosen_theme_is_remembered(small: Path) -> None:
    async def body() -> None:
        async with opened(small) as (app, pilot):
            command = next(c for c in app.palette_commands() if c.name == "theme: high contrast")
            command.run()
            await pilot.pause()
            assert app.theme == "tripplan-high-contrast" and "Theme: high contrast" in notes(app)
        assert remembered_theme() == "tripplan-high-contrast"
        async with opened(small) as (app, _pilot):
            assert app.theme == "tripplan-high-contrast"
    run(body)


def test_users_own_theme(small: Path) -> None:
    (_user_themes() / "sunset.toml").write_bytes(USER_THEME)

    async def body() -> None:
        async with opened(small) as (app, pilot):
            assert "theme: sunset" in [c.name for c in app.palette_commands()]
            app.action_use_theme("sunset")
            await pilot.pause()
            variables = app.get_css_variables()
            assert variables["cat-work"].lower() == "#123456"
            assert variables["cat-bonding"].lower() == "#f0984a"  # left out: the app's default
    run(body)


def test_a_broken_theme_file_gives_one_notification_and_a_fallback(small: Path) -> None:
    folder = _user_themes()
    (folder / "broken.toml").write_bytes(b'name = "broken"\ndark = true\nprimary = "red"\n')
    (folder / "junk.toml").write_bytes(b"[[[")
    (folder / "sunset.toml").write_bytes(USER_THEME)
    from tripplan.tui.themes import remember_theme

    remember_theme("broken")

    async def body() -> None:
        async with opened(small) as (app, _pilot):
            assert app.theme == "tripplan-dark"  # the remembered one is broken: the default instead
            assert len(app._notifications) == 1
            text = notes(app)
            assert "2 theme files skipped" in text and "broken.toml:3: primary: 'red' is not a colour" in text
            assert "junk.toml:1" in text and "not available; using dark" in text
            assert "theme: sunset" in [c.name for c in app.palette_commands()]  # the good one still loads
    run(body)

"""Theme files: the bundled ones are complete and readable; bad ones give located, plain-language errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tripplan.files.bundled import themes_dir
from tripplan.files.themefile import CATEGORY_VARIABLES, ThemeFileError, is_colour, load_folder, parse_theme, read_theme

GOOD = b'''name = "mine"
dark = true
primary = "#336699"
background = "#000"

[variables]
cat-work = "#4f8ff7"
'''


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_bundled_themes_are_dark_light_and_high_contrast_with_every_category() -> None:
    themes, errors = load_folder(themes_dir())
    assert errors == []
    by_name = {t.name: t for t in themes}
    assert {"tripplan-dark", "tripplan-light", "tripplan-high-contrast"} <= set(by_name)
    assert by_name["tripplan-dark"].dark and not by_name["tripplan-light"].dark
    for theme in themes:
        assert theme.missing_categories == [], theme.name
        assert set(CATEGORY_VARIABLES) <= set(theme.variables)
        assert {"primary", "background", "foreground"} <= set(theme.colours)


def test_high_contrast_theme_is_high_contrast() -> None:
    theme = read_theme(themes_dir() / "high-contrast.toml")  # type: ignore[operator]
    assert _contrast(theme.colours["foreground"], theme.colours["background"]) >= 15
    for variable in CATEGORY_VARIABLES:  # every category colour reads on the background (WCAG AA for text)
        assert _contrast(theme.variables[variable], theme.colours["background"]) >= 4.5, variable
    light = read_theme(themes_dir() / "light.toml")  # type: ignore[operator]
    assert _contrast(light.colours["foreground"], light.colours["background"]) >= 7


def test_a_good_theme_file() -> None:
    theme = parse_theme(GOOD, "mine.toml")
    assert theme.name == "mine" and theme.label == "mine" and theme.dark
    assert theme.colours == {"primary": "#336699", "background": "#000"}
    assert theme.variables == {"cat-work": "#4f8ff7"}
    assert theme.missing_categories == ["cat-networking", "cat-bonding", "cat-culture", "cat-logistics", "cat-rest"]


def test_every_problem_is_listed_with_its_line() -> None:
    data = b'''name = "Not Valid"
dark = "yes"
primary = "blue"
backgrund = "#fff"

[variables]
cat-wrok = "#fff"
cat-rest = 3
footer-key-foreground = ""
'''
    with pytest.raises(ThemeFileError) as caught:
        parse_theme(data, "bad.toml")
    rendered = caught.value.render().splitlines()
    assert rendered == [
        "bad.toml:1: name: 'Not Valid' is not a theme name: use lowercase letters, digits and '-' (e.g. \"my-dark\")",
        "bad.toml:2: dark: expected true or false, got 'yes'",
        "bad.toml:3: primary: 'blue' is not a colour; write it as #rrggbb (or #rgb, #rrggbbaa)",
        "bad.toml:4: backgrund: unknown key 'backgrund' (did you mean 'background'?)",
        "bad.toml:7: variables.cat-wrok: unknown category colour 'cat-wrok' (did you mean 'cat-work'?)",
        "bad.toml:8: variables.cat-rest: expected a colour string like \"#4f8ff7\", got int",
        "bad.toml:9: variables.footer-key-foreground: expected a non-empty string (a Textual theme variable's "
        "value)",
    ]


@pytest.mark.parametrize(("data", "expected"), [
    (b"", "the file is empty"),
    (b"name = \n", "TOML syntax error"),
    (b"\xff\xfe", "not valid UTF-8"),
    (b'name = "x"\n', "missing: say whether the theme is dark"),
    (b'name = "x"\ndark = false\n', "a theme needs at least its 'primary' colour"),
    (b'dark = false\nprimary = "#123456"\n', "a theme needs 'name'"),
    (b'name = "x"\ndark = false\nprimary = "#123456"\nvariables = 3\n', "expected a table"),
    (b"x" * 300_000, "a theme file is at most 256 KiB"),
])
def test_broken_files_say_what_is_wrong(data: bytes, expected: str) -> None:
    with pytest.raises(ThemeFileError, match=expected):
        parse_theme(data, "t.toml")


def test_colours() -> None:
    assert all(is_colour(c) for c in ("#fff", "#ffff", "#4f8ff7", "#4F8FF780"))
    assert not any(is_colour(c) for c in ("fff", "#ff", "#12345", "red", "rgb(1,2,3)", "#ggg"))


def test_load_folder_keeps_the_good_and_lists_the_bad(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_bytes(GOOD)
    (tmp_path / "b.toml").write_bytes(b"name = [")
    (tmp_path / "notes.txt").write_text("not a theme")
    themes, errors = load_folder(tmp_path)
    assert [t.name for t in themes] == ["mine"] and themes[0].source == tmp_path / "a.toml"
    assert len(errors) == 1 and errors[0].filename.endswith("b.toml") and "line 1" not in errors[0].render()
    assert errors[0].problems[0].line == 1
    assert load_folder(tmp_path / "missing") == ([], [])


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ThemeFileError, match="cannot read the file"):
        read_theme(tmp_path / "nope.toml")

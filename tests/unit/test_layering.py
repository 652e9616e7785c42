"""The layout's rules, checked on the source (issue 20): which part may import which, no cycles, no private names.

The parts of ``src/tripplan/`` and what each may import (README, "Development"):

    base      errors, visible, the package itself      (nothing)
    time      zones, entry grammar, clock, limits      base
    trip      the model, recurrence, validation        base, time
    files     trip files: decode, encode, storage      base, time, trip
    edit      the editing session and its changes     base, time, trip, files
    road      day index, agenda (standard library)     base, time, trip, files
    ical      iCalendar in and out                     base, time, trip, files, edit
    planning  balance, checks, suggestions             base, time, trip, files, edit, ical
    caldav    publishing to a CalDAV server            base, time, trip, files, edit, ical
    mail      invites by e-mail, replies from a box    base, time, trip, files, edit, ical, caldav
    tui       the Textual app                          all of the above
    cli       the command line                         all of the above and tui (to start it)

Every import counts: at the top, inside a function (a lazy import is still a
dependency) and under ``TYPE_CHECKING``.  Only ``tui`` imports Textual or Rich.
A name with a leading underscore is private to its module: no other module
imports it or reads it as ``module._name`` — ours, the standard library's or a
dependency's.  The checker is run on small made-up trees first, so each rule is
shown to catch what it is for.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

BELOW: dict[str, set[str]] = {"base": set(), "time": {"base"}}
BELOW["trip"] = BELOW["time"] | {"time"}
BELOW["files"] = BELOW["trip"] | {"trip"}
BELOW["edit"] = BELOW["files"] | {"files"}
BELOW["road"] = BELOW["files"] | {"files"}
BELOW["ical"] = BELOW["edit"] | {"edit"}
BELOW["planning"] = BELOW["ical"] | {"ical"}
BELOW["caldav"] = BELOW["ical"] | {"ical"}
BELOW["mail"] = BELOW["caldav"] | {"caldav"}
BELOW["tui"] = {"base", "time", "trip", "files", "edit", "road", "ical", "planning", "caldav", "mail"}
BELOW["cli"] = BELOW["tui"] | {"tui"}
UI_LIBRARIES = ("textual", "rich")


@dataclass
class Module:
    name: str
    path: Path
    package: bool
    imports: set[str] = field(default_factory=set)  # tripplan modules this one imports


def part(module: str) -> str:
    """The part a module belongs to: the folder under ``tripplan``, or ``base`` for the top-level modules."""
    pieces = module.split(".")
    if module == "tripplan.__main__":
        return "cli"  # 'python -m tripplan' is the command line
    return pieces[1] if len(pieces) > 2 or (len(pieces) == 2 and pieces[1] in BELOW) else "base"


def read_modules(src: Path) -> dict[str, Module]:
    found = {}
    for path in sorted((src / "tripplan").rglob("*.py")):
        pieces = list(path.relative_to(src).with_suffix("").parts)
        package = pieces[-1] == "__init__"
        name = ".".join(pieces[:-1] if package else pieces)
        found[name] = Module(name, path, package)
    return found


def check(src: Path) -> list[str]:
    """Every breach of the rules in the tree *src* (a folder holding ``tripplan/``), one line each."""
    modules = read_modules(src)
    breaches: list[str] = []
    for module in modules.values():
        breaches += _check_module(module, modules)
    breaches += [f"import cycle: {' -> '.join(cycle)}" for cycle in _cycles(modules)]
    return breaches


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".") if module.package else module.name.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _check_module(module: Module, modules: dict[str, Module]) -> list[str]:
    depth = len(module.name.split(".")) - (0 if module.package else 1)
    where = str(module.path.relative_to(module.path.parents[depth]))
    breaches: list[str] = []
    tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
    aliases: dict[str, str] = {}  # local name -> the module it is bound to (any package)
    targets: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                targets.append((node.lineno, alias.name))
                if any(p.startswith("_") and not p.startswith("__") for p in alias.name.split(".")):
                    breaches.append(f"{where}:{node.lineno}: imports the private module {alias.name}")
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    aliases[alias.name.split(".")[0]] = alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if any(p.startswith("_") and not p.startswith("__") for p in source.split(".")):
                breaches.append(f"{where}:{node.lineno}: imports from the private module {source}")
            for alias in node.names:
                full = f"{source}.{alias.name}"
                if full in modules or not source.startswith("tripplan"):
                    aliases[alias.asname or alias.name] = full
                if full in modules:
                    targets.append((node.lineno, full))
                    continue
                targets.append((node.lineno, source))
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    breaches.append(f"{where}:{node.lineno}: imports the private name {alias.name} from {source}")
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                and node.attr.startswith("_") and not node.attr.startswith("__")):
            breaches.append(f"{where}:{node.lineno}: uses the private name {aliases[node.value.id]}.{node.attr}")
    mine = part(module.name)
    if mine not in BELOW:
        breaches.append(f"{where}: {mine}/ is no part of the layout (add it to BELOW, with what it may import)")
        return breaches
    for line, target in targets:
        top = target.split(".")[0]
        if top in UI_LIBRARIES and mine != "tui":
            breaches.append(f"{where}:{line}: imports {target}: only tui/ imports {' or '.join(UI_LIBRARIES)}")
        if top != "tripplan":
            continue
        target = _module_of(target, modules)
        if target is None or target == module.name:
            continue
        module.imports.add(target)
        theirs = part(target)
        if theirs != mine and theirs in BELOW and theirs not in BELOW[mine]:
            breaches.append(f"{where}:{line}: {mine} imports {target} ({theirs} is not below {mine})")
    return breaches


def _module_of(target: str, modules: dict[str, Module]) -> str | None:
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def _cycles(modules: dict[str, Module]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for other in sorted(modules[name].imports):
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in on_stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == name:
                    break
            if len(component) > 1:
                found.append(_path_through(sorted(component), modules))

    for name in sorted(modules):
        if name not in index:
            visit(name)
    return found


def _path_through(component: list[str], modules: dict[str, Module]) -> list[str]:
    """A cycle inside *component*, from its first module back to it (breadth-first), for the message."""
    inside = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for other in sorted(modules[name].imports & inside):
            if other == start:
                return [*paths[name], start]
            if other not in paths:
                paths[other] = [*paths[name], other]
                queue.append(other)
    return component


def test_the_source_keeps_the_layout() -> None:
    breaches = check(SRC)
    assert not breaches, "\n".join(breaches)


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in {"tripplan/__init__.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.parent != tmp_path / "tripplan" and not (path.parent / "__init__.py").exists():
            (path.parent / "__init__.py").write_text("")
        path.write_text(text)
    return tmp_path


@pytest.mark.parametrize(("files", "expected"), [
    ({"tripplan/trip/model.py": "import textual.app\n"}, "only tui/ imports textual"),
    ({"tripplan/cli/x.py": "def f():\n    from rich.text import Text\n"}, "only tui/ imports textual or rich"),
    ({"tripplan/files/a.py": "from tripplan.tui import app\n", "tripplan/tui/app.py": ""},
     "files imports tripplan.tui.app"),
    ({"tripplan/trip/a.py": "from tripplan.cli.main import run\n", "tripplan/cli/main.py": ""},
     "trip imports tripplan.cli"),
    ({"tripplan/tui/a.py": "from tripplan.cli.interop import targets\n", "tripplan/cli/interop.py": ""},
     "tui imports tripplan.cli.interop (cli is not below tui)"),
    ({"tripplan/time/a.py": "from tripplan.trip.model import Trip\n", "tripplan/trip/model.py": ""},
     "time imports tripplan.trip.model"),
    ({"tripplan/files/a.py": "from tripplan.files.b import _Decoder\n", "tripplan/files/b.py": ""},
     "imports the private name _Decoder from tripplan.files.b"),
    ({"tripplan/files/a.py": "from tripplan.files import b\nb._SIMPLE_ID\n", "tripplan/files/b.py": ""},
     "uses the private name tripplan.files.b._SIMPLE_ID"),
    ({"tripplan/trip/a.py": "import dateutil.rrule as r\nr._rrulestr\n"},
     "uses the private name dateutil.rrule._rrulestr"),
    ({"tripplan/trip/a.py": "from textwrap import _wrap\n"}, "imports the private name _wrap from textwrap"),
    ({"tripplan/tui/a.py": "from textual._compositor import Compositor\n"}, "private module textual._compositor"),
    ({"tripplan/files/a.py": "from tripplan.files.b import x\n",
      "tripplan/files/b.py": "def f():\n    from tripplan.files.a import y\n"},
     "import cycle: tripplan.files.a -> tripplan.files.b -> tripplan.files.a"),
    ({"tripplan/tui/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tripplan.tui.b import B\n",
      "tripplan/tui/b.py": "from tripplan.tui.c import C\n", "tripplan/tui/c.py": "from tripplan.tui import a\n"},
     "import cycle: tripplan.tui.a -> tripplan.tui.b -> tripplan.tui.c -> tripplan.tui.a"),
    ({"tripplan/edit/a.py": "from ..files.b import _x\n", "tripplan/files/b.py": ""},
     "private name _x from tripplan.files.b"),
    ({"tripplan/share/a.py": "x = 1\n"}, "share/ is no part of the layout"),
])
def test_each_rule_catches_what_it_is_for(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    breaches = check(_tree(tmp_path, files))
    assert any(expected in b for b in breaches), breaches


def test_what_the_rules_allow(tmp_path: Path) -> None:
    allowed = {
        "tripplan/errors.py": "class TripplanError(Exception): ...\n",
        "tripplan/time/zones.py": "from tripplan.errors import TripplanError\n",
        "tripplan/trip/model.py": "from tripplan.time import zones\nzones.day_start\nclass T:\n    def f(self):\n"
                                  "        return self._x\n",
        "tripplan/tui/app.py": "import textual.app\nfrom tripplan.trip.model import T\n",
        "tripplan/cli/main.py": "def run():\n    from tripplan.tui import app\n",
        "tripplan/__main__.py": "from tripplan.cli.main import run\n",
    }
    assert check(_tree(tmp_path, allowed)) == []

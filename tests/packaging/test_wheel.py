"""The wheel carries themes/ and sample_trips/: build it, install it into a fresh venv, list them from there.

Fast on purpose: the wheel is built without build isolation (hatchling is in
the test extra) and installed with ``--no-deps --no-index`` into a venv
without pip; the listing needs only the standard library, so the venv needs
none of tripplan's dependencies.  But it is the real wheel, really installed.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, missing

LIST = """
import json, tripplan, tripplan.files.bundled as b
from tripplan.files.themefile import load_folder
themes, errors = load_folder(b.themes_dir())
print(json.dumps({"package": tripplan.__file__, "themes_dir": str(b.themes_dir()),
                  "themes": sorted(t.name for t in themes), "errors": [e.render() for e in errors],
                  "samples": sorted(p.name for p in b.samples_dir().glob("*.toml"))}))
"""


@pytest.mark.packaging
def test_wheel_ships_themes_and_sample_trips(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:  # a skip outside CI, a failure under CI=true
        missing("hatchling, the build backend", "pip install -e '.[test]'")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(dist), str(ROOT)], check=True, timeout=300, cwd=tmp_path)
    wheel = next(dist.glob("tripplan-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tripplan/themes/high-contrast.toml" in names and "tripplan/tui/tripplan.tcss" in names
    assert "tripplan/py.typed" in names and "tripplan/sample_trips/lisbon-client-visit.toml" in names

    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "--quiet", str(wheel)], check=True, timeout=300, cwd=tmp_path)
    run = subprocess.run([str(python), "-I", "-c", LIST], capture_output=True, text=True, check=True, timeout=60,
                         cwd=tmp_path)
    found = json.loads(run.stdout)
    assert Path(found["package"]).is_relative_to(env)  # the installed wheel, not the checkout
    assert Path(found["themes_dir"]).is_relative_to(env)
    assert found["errors"] == []
    assert {"tripplan-dark", "tripplan-light", "tripplan-high-contrast"} <= set(found["themes"])
    assert found["samples"] == sorted(p.name for p in SAMPLES.glob("*.toml"))

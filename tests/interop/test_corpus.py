"""Every real-world calendar of the corpus imports as the reference reader (icalendar + recurring-ical-events) reads it.

One test per file (tests/data/ics/corpus/ and tests/data/ics/real/). The comparison itself
(tests/interop/corpus.py) runs once for the whole module, in a pool of processes, and each test looks up its
file's result. A file fails when tripplan's import crashes or hangs, when its occurrences differ from the
reference's and the import said nothing about it (``silent``), or when the import refuses a file the reference
reads (``refused``). Differences the import reports (exit code 1 with the loss in its report) and files the
reference cannot read pass. The failure message gives the window, both counts, the first difference and the
import's report.

Run the same comparison by hand, with a line per file: ``python -m tests.interop.corpus [FILES…]``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.interop.corpus import CORPUS_DIRS, FAILING, Result, corpus_files, display_name, run_all

FILES = corpus_files()
CORPUS, REAL = CORPUS_DIRS


def _id(path: Path) -> str:
    """A short test id: the file's path under tests/data/ics/."""
    return str(path.relative_to(CORPUS.parent))


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    """The comparison of every corpus file, run once (4 processes at a time)."""
    return {r.file: r for r in run_all(FILES)}


def test_the_corpus_is_there() -> None:
    """The corpus holds the real-world files this module is about (150 to 300 of them, none over 300 KB)."""
    corpus = corpus_files([CORPUS])
    assert 150 <= len(corpus) <= 300, f"{len(corpus)} files in {CORPUS}"
    big = [display_name(p) for p in corpus if p.stat().st_size > 300_000]
    assert not big, f"files over 300 KB: {big}"


def test_every_corpus_file_names_its_source() -> None:
    """Each corpus file is listed in the corpus README (repository, path and licence), so its origin is known."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([^`]+\.ics)`", readme))
    unlisted = [str(p.relative_to(CORPUS)) for p in corpus_files([CORPUS]) if str(p.relative_to(CORPUS)) not in listed]
    assert not unlisted, f"corpus files missing from {CORPUS / 'README.md'}: {unlisted}"


@pytest.mark.parametrize("path", FILES, ids=[_id(p) for p in FILES])
def test_import_agrees_with_the_reference(path: Path, results: dict[str, Result]) -> None:
    """The import shows the reference's occurrences in the file's window, or says what it left out, and never
    crashes, hangs or refuses a file the reference reads."""
    result = results[display_name(path)]
    if result.klass in FAILING:
        pytest.fail(result.explain(), pytrace=False)

"""Run the bad-input matrix (``cases.py``) through ``timeline summarise``: each case ends as
documented, names the file at fault, prints no traceback and changes no input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.badinput.cases import CASES, is_root, run_case


def _snapshot(folder: Path) -> dict[str, str]:
    """Every input file below ``folder`` (not the output folder) and a hash of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if "out" in path.relative_to(folder).parts[:1] or path.is_symlink() or not path.is_file():
            continue
        try:
            out[str(path)] = hashlib.sha1(path.read_bytes()).hexdigest()
        except PermissionError:
            out[str(path)] = "unreadable"
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_case(case, tmp_path):
    if not case.root_can_read and is_root():
        pytest.skip("file permissions do not stop root")
    result, needle = run_case(case, tmp_path)
    before = _snapshot(tmp_path)
    assert "Traceback" not in result.output
    assert result.outcome == case.outcome, result.output
    if case.outcome == "error":
        assert result.exit_code == 2 and len(result.errors) == 1, result.output
        assert needle in result.errors[0], result.output
        assert not result.wrote  # nothing half-written
    else:
        assert result.exit_code == 0 and not result.errors and result.wrote, result.output
        if needle:
            assert any(needle in w for w in result.warnings), result.output
    assert _snapshot(tmp_path) == before  # no input changed
    leftovers = [p.name for p in (tmp_path / "out").iterdir() if p.name != "briefing.md"]
    assert not [n for n in leftovers if not n.endswith(".png")]  # no temporary files left behind


def test_hostile_html_text_is_inert(tmp_path):
    case = next(c for c in CASES if c.name == "hostile-html")
    result, _ = run_case(case, tmp_path)
    md = (tmp_path / "out" / "briefing.md").read_text(encoding="utf-8")
    assert "barrier failed" in md and "alert" not in md and "injected" not in md and "AAAA" not in md

"""The built wheel carries every data file the package reads, and works installed on its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    (found,) = out.glob("timeline-*.whl")
    return found


def test_wheel_carries_every_data_file_under_the_package(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "timeline"
    wanted = {str(p.relative_to(ROOT)) for p in package.rglob("*")
              if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}
    assert wanted, "the package has data files; none found"
    missing = sorted(w for w in wanted if w not in names)
    assert not missing, f"the wheel lacks {missing}"
    assert any(n.endswith("licenses/LICENSE") for n in names) and any(n.endswith("licenses/NOTICE") for n in names)


@pytest.mark.slow
def test_installed_wheel_summarises_and_evaluates(wheel, tmp_path, example_corpus):
    """Installed with --no-deps in a fresh venv (dependencies seen from this environment), run
    from outside the repository so that only the wheel's code can be imported."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")  # the deps, not the editable install
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, timeout=300)
    where = subprocess.run([str(py), "-c", "import timeline; print(timeline.__file__)"], cwd=tmp_path,
                           check=True, capture_output=True, text=True).stdout
    assert where.startswith(site), where
    env = dict(os.environ, TIMELINE_CACHE=str(tmp_path / "cache"))
    cli = venv / "bin" / "timeline"
    done = subprocess.run([str(cli), "summarise", str(example_corpus), "-o", str(tmp_path / "b.md"), "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "b.md").read_text().startswith("# ")
    dataset = tmp_path / "tls" / "bridge"
    dataset.mkdir(parents=True)
    from timeline.corpus import read_corpus

    docs = read_corpus([example_corpus])
    with open(dataset / "articles.jsonl", "w") as fh:
        for row in docs.itertuples():
            fh.write(json.dumps({"id": row.doc_id, "date": row.published.date().isoformat(), "text": row.text}) + "\n")
    (dataset / "timelines.jsonl").write_text(json.dumps([["2026-03-03", ["The council closes the bridge ."]],
                                                         ["2026-03-11", ["The bridge collapses ."]]]) + "\n")
    done = subprocess.run([str(cli), "evaluate", str(dataset.parent), "-o", str(tmp_path / "eval"), "-q"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "ar1_f1" in json.loads((tmp_path / "eval" / "metrics.json").read_text())["average"]

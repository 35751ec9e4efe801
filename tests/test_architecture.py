"""The import-linter contracts of pyproject.toml hold, and they bite.

(a) `lint-imports` passes on the real tree (function-local imports count too);
(b) on a copy of the tree with a deliberate upward import (the readers importing the flows)
    and a simulator that imports the pipeline, it fails and names both broken contracts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pipelines.settings import PROJECT_ROOT

PACKAGES = ("pipelines", "simulator", "benchmarks")
LAYERS = "The data's path: each layer imports only the layers below it"
OUTSIDE_WORLD = "The simulator is the outside world: it imports nothing of the pipeline"


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` with the contracts of `root/pyproject.toml`, over the packages under `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}  # the copy wins over the installed (editable) project
    cmd = [
        sys.executable,
        "-c",
        "from importlinter.cli import lint_imports_command; lint_imports_command()",
        "--no-cache",
        "--no-logo",
    ]
    return subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_the_real_tree_keeps_every_contract():
    done = _lint_imports(PROJECT_ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_a_cycle_and_a_simulator_importing_the_pipeline_are_caught(tmp_path):
    for pkg in PACKAGES:
        shutil.copytree(PROJECT_ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(PROJECT_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # readers are below the flows: importing them back makes a cycle through the layers
    with open(tmp_path / "pipelines" / "readers" / "__init__.py", "a", encoding="utf-8") as fh:
        fh.write("\nimport pipelines.flows.nightly  # deliberate: breaks the layers\n")
    # the simulator is the outside world: it must not know the pipeline
    with open(tmp_path / "simulator" / "__init__.py", "a", encoding="utf-8") as fh:
        fh.write("\nfrom pipelines.settings import TIME_ZONE  # deliberate: breaks the outside world\n")

    done = _lint_imports(tmp_path)
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert f"{LAYERS} BROKEN" in " ".join(out.split()), out
    assert f"{OUTSIDE_WORLD} BROKEN" in " ".join(out.split()), out
    assert "pipelines.readers -> pipelines.flows.nightly" in out, out
    assert "simulator -> pipelines.settings" in out, out
    assert "2 broken" in out, out

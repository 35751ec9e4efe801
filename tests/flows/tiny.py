"""A tiny inbox (one dossier export of two rows) for the tests of a whole run: it publishes in a
couple of seconds, so the run's failure paths, lock and clean-up can be run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv

ROOT = Path(__file__).resolve().parents[2]


def tiny_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "hoso_2022-03-15.csv", HOSO_HEADER, [hoso_row(1), hoso_row(2)])
    return folder


def motcua(
    *args: str, data: Path, env: dict | None = None, timeout: float = 300, wait: bool = True
) -> subprocess.CompletedProcess | subprocess.Popen:
    """`motcua …` in a real process, on the data folder `data`."""
    # a wide console: rich wraps long messages at 80 columns when not on a terminal
    full_env = {**os.environ, "MOTCUA_DATA_DIR": str(data), "COLUMNS": "250", **(env or {})}
    cmd = [sys.executable, "-c", "from pipelines.cli import app; app()", *args]
    if not wait:
        return subprocess.Popen(cmd, env=full_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return subprocess.run(cmd, env=full_env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)

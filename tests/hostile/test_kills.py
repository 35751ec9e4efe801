"""Issue 18, "Done when" 2: a run SIGKILLed in any phase (land, load, build, the swap, render)
leaves the published database as it was unless publication had happened, leaves nothing
temporary behind once the next run has run, and the next run ends exactly as a clean one.

The run is a real `motcua run --no-prefect` process in its own process group (its parse workers
die with it). It is stopped at a known point by the test-only hook `MOTCUA_TEST_PAUSE_AT=<phase>`
(`pipelines.flows.steps._test_pause`): the run writes `MOTCUA_TEST_PAUSE_FILE` and sleeps there,
and the test kills the whole group with SIGKILL.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.settings import data_paths
from tests.canonical_dump import dump
from tests.flows.tiny import ROOT, motcua, tiny_inbox
from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv

pytestmark = pytest.mark.slow

PHASES = ["land", "load", "build", "publish", "render"]
# the published database is untouched when the kill comes before the swap
BEFORE_PUBLICATION = {"land", "load", "build", "publish"}
KILLS: dict[str, bool] = {}  # phase -> survived (the closing figures)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _second_night(folder: Path) -> Path:
    """The first night's file and two new ones (so a kill while reading lands between files)."""
    inbox = tiny_inbox(folder)
    write_csv(folder / "hoso_2022-03-16.csv", HOSO_HEADER, [hoso_row(3), hoso_row(4)])
    write_csv(folder / "hoso_2022-03-17.csv", HOSO_HEADER, [hoso_row(5, **{"Trạng thái": "10"})])
    return inbox


def _leftovers(root: Path) -> list[str]:
    found = [
        p
        for p in root.rglob("*")
        if p.name.endswith((".tmp", ".old")) or ".building" in p.name or ".building" in p.parent.name
    ]
    return sorted(p.relative_to(root).as_posix() for p in found)


def _run(data: Path, inbox: Path, *extra: str) -> subprocess.CompletedProcess:
    done = motcua("run", "--inbox", str(inbox), "--no-prefect", "--no-render", *extra, data=data)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    base = tmp_path_factory.mktemp("kills")
    first = tiny_inbox(base / "inbox1")
    second = _second_night(base / "inbox2")
    # a data folder with a published database from a first night
    night1 = base / "night1"
    _run(night1, first)
    # the reference: the same two nights, never interrupted, on a fresh data folder
    clean = base / "clean"
    shutil.copytree(night1, clean, symlinks=True)
    _run(clean, second)
    # and a single run over the second inbox on a fresh folder
    fresh = base / "fresh"
    _run(fresh, second)
    ref = dump(str(data_paths(clean).curated_db))
    assert dump(str(data_paths(fresh).curated_db)) == ref
    return night1, second, ref


def _killed_run(data: Path, inbox: Path, phase: str, marker: Path) -> None:
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(data),
        "COLUMNS": "250",
        "MOTCUA_TEST_PAUSE_AT": phase,
        "MOTCUA_TEST_PAUSE_FILE": str(marker),
    }
    cmd = [sys.executable, "-c", "from pipelines.cli import app; app()", "run", "--inbox", str(inbox), "--no-prefect"]
    if phase != "render":
        cmd.append("--no-render")
    proc = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 240
        while not (marker.exists() and marker.read_text("utf-8")):  # created, then written
            if proc.poll() is not None:
                raise AssertionError(f"the run ended before pausing at {phase}: {proc.stderr.read().decode()[-3000:]}")
            assert time.monotonic() < deadline, f"never paused at {phase}"
            time.sleep(0.05)
        assert marker.read_text("utf-8").startswith(phase)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("phase", PHASES)
def test_a_kill_in_any_phase_is_survived(nights, tmp_path, phase):
    night1, inbox, clean_dump = nights
    KILLS[phase] = False
    data = tmp_path / "data"
    shutil.copytree(night1, data, symlinks=True)
    db = data_paths(data).curated_db
    before = _sha(db)

    _killed_run(data, inbox, phase, tmp_path / "paused")
    if phase in BEFORE_PUBLICATION:
        assert _sha(db) == before, f"killed during {phase}: the published database changed"
    else:
        assert _sha(db) != before  # published before rendering
    # what the kill left behind: the half-built database, the half-rendered site
    left = _leftovers(data)
    if phase in ("build", "publish"):
        assert "curated/motcua.duckdb.building" in left, left
    if phase == "render":
        assert "curated/reports.building" in left, left

    # the next run cleans what the kill left and ends exactly as a clean one
    _run(data, inbox)
    assert _leftovers(data) == []
    assert dump(str(db)) == clean_dump
    KILLS[phase] = True


def test_kills_survived_figures():
    """The closing figure (runs after the parametrised kills, in file order)."""
    if not KILLS:
        pytest.skip("the kill tests did not run")
    print(f"\nkills survived: {sum(KILLS.values())}/{len(PHASES)} ({', '.join(p for p in PHASES if KILLS.get(p))})")
    assert sum(KILLS.values()) == len(PHASES) == len(KILLS)

"""Issue 18, break 3: one run at a time per data folder. A second `motcua run` waits up to
MOTCUA_RUN_LOCK_WAIT_S (default 0), then stops with "đang có một lần chạy khác (pid …, từ …)"
without touching the first run's files; with enough wait it runs once the first is done."""

from __future__ import annotations

import subprocess
import sys
import time

from pipelines.settings import data_paths

from .tiny import ROOT, motcua, tiny_inbox

# the first run, as a real process holding the run lock of the data folder exactly as
# pipelines.flows.nightly._pipeline does; it holds it until its stdin closes (or `hold` seconds)
HOLDER = """
import sys, time
from pathlib import Path
from pipelines.flows.nightly import RUN_LOCK
from pipelines.fsutil import run_lock
with run_lock(Path(sys.argv[1]) / RUN_LOCK):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _first_run(data, hold: float) -> subprocess.Popen:
    p = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data), str(hold)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert p.stdout.readline().strip() == "held"
    return p


def test_a_second_run_stops_at_once_naming_the_first_and_touches_nothing(tmp_path):
    data = tmp_path / "data"
    paths = data_paths(data)
    # the first run's work in progress: its database being built, its summary
    paths.curated.mkdir(parents=True)
    building = paths.curated / "motcua.duckdb.building"
    building.write_bytes(b"first run's database, half built")
    (paths.curated / "run_summary.json").write_text('{"run_id": "first"}', encoding="utf-8")
    first = _first_run(data, hold=120)
    try:
        t0 = time.monotonic()
        done = motcua("run", "--inbox", str(tiny_inbox(tmp_path / "inbox")), "--no-prefect", "--no-render", data=data)
        took = time.monotonic() - t0
    finally:
        first.kill()
        first.wait()
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    # the default wait is 0: it stops at once (the process start is most of `took`)
    assert took < 60
    assert f"đang có một lần chạy khác (pid {first.pid}, từ " in out
    assert "IO Error" not in out and "Could not set lock" not in out
    # nothing of the first run was touched, and nothing was landed or written by the second
    assert building.read_bytes() == b"first run's database, half built"
    assert (paths.curated / "run_summary.json").read_text("utf-8") == '{"run_id": "first"}'
    assert not paths.manifest.exists()
    assert not paths.curated_db.exists()


def test_a_second_run_that_may_wait_runs_after_the_first(tmp_path):
    data = tmp_path / "data"
    first = _first_run(data, hold=10)  # releases the lock after 10 s (the process ends)
    try:
        done = motcua(
            "run",
            "--inbox",
            str(tiny_inbox(tmp_path / "inbox")),
            "--no-prefect",
            "--no-render",
            data=data,
            env={"MOTCUA_RUN_LOCK_WAIT_S": "120"},
        )
    finally:
        first.kill()
        first.wait()
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "Đã công bố" in out
    assert data_paths(data).curated_db.exists()

"""Inspectors are never blocked by the nightly publish and never see a half-built database: a long
query started before the swap (os.replace) finishes on its snapshot, the next one sees the new file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipelines.flows import steps
from pipelines.inspect.sandbox import run_sql
from pipelines.settings import PROJECT_ROOT, data_paths

K = 50  # the long query's third factor: 3000 × 3000 × K rows, several seconds on 2 cores
LONG = (
    "SELECT (SELECT run_id FROM run_params) AS run_id, count(*) AS n "
    "FROM big a, big b, range({k}) c WHERE (a.i * 31 + b.i * 17 + c.range) % 97 = 0"
)


def _publish_db(path: Path, run_id: str, rows: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE run_params AS SELECT ? AS run_id", [run_id])
    con.execute(f"CREATE TABLE big AS SELECT range AS i FROM range({rows})")
    con.execute("CHECKPOINT")
    con.close()


def _expected(rows: int, k: int) -> int:
    ra = [0] * 97
    rb = [0] * 97
    for i in range(rows):
        ra[(i * 31) % 97] += 1
        rb[(i * 17) % 97] += 1
    n = 0
    for x in range(97):
        for y in range(97):
            for c in range(k):
                if (x + y + c) % 97 == 0:
                    n += ra[x] * rb[y]
    return n


def _start_inspector(db: Path, sql: str, timeout_s: float = 120) -> subprocess.Popen:
    """An inspector's query in its own process, as `motcua sql -c` would run it (the sandbox,
    then the statement filter, then the query); prints READY once the database is open."""
    code = (
        "import json, sys, time\n"
        "from pipelines.inspect.sandbox import Limits, check_sql, open_sandbox\n"
        f"con = open_sandbox(sys.argv[1], Limits(timeout_s={timeout_s}))\n"
        "con.execute('SELECT 1').fetchall()\n"
        "print('READY', flush=True)\n"
        "t = time.perf_counter()\n"
        "df = con.execute(check_sql(sys.argv[2])[-1]).df()\n"
        "print(json.dumps({'rows': df.astype(str).to_dict('records'), 's': time.perf_counter() - t}))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db), sql],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    assert line.strip() == "READY", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def _result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def test_long_query_survives_a_publish(tmp_path):
    paths = data_paths(tmp_path).ensure()
    _publish_db(paths.curated_db, "v1", 3000)
    proc = _start_inspector(paths.curated_db, LONG.format(k=K))
    time.sleep(0.2)  # the inspector's query is running
    building = paths.curated / "motcua.duckdb.building"
    _publish_db(building, "v2", 2000)  # the nightly run builds aside…
    t0 = time.perf_counter()
    steps.publish(building, paths)  # …and swaps
    publish_s = time.perf_counter() - t0
    assert proc.poll() is None, "the inspector's query ended before the publish: make it longer"
    res = _result(proc)
    assert res["rows"] == [{"run_id": "v1", "n": str(_expected(3000, K))}]  # its own snapshot, complete
    assert publish_s < 1.0  # the publish was not blocked
    # the next query sees the new database
    assert run_sql(paths.curated_db, "SELECT run_id FROM run_params")[0]["run_id"].tolist() == ["v2"]
    assert not building.exists()


def test_interactive_shell_reconnects_after_a_publish(tmp_path):
    import io

    from rich.console import Console

    from pipelines.inspect.cli_impl import interactive

    paths = data_paths(tmp_path).ensure()
    _publish_db(paths.curated_db, "v1", 10)
    building = paths.curated / "motcua.duckdb.building"

    def lines():
        yield "SELECT run_id FROM run_params;"
        _publish_db(building, "v2", 10)
        steps.publish(building, paths)
        yield "SELECT run_id FROM run_params;"

    it = lines()

    def inp(prompt):
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    buf = io.StringIO()
    interactive(paths.curated_db, Console(file=buf, width=120, color_system=None), input_fn=inp)
    out = buf.getvalue()
    assert out.index("v1") < out.index("vừa được công bố lại") < out.index("v2")


@pytest.mark.slow
def test_long_query_while_run_pipeline_publishes(sim_year, tmp_path, monkeypatch):
    """The real nightly flow publishing over the database an inspector is querying: the inspector's
    long query is started just before the flow's publish step, and still running when it swaps."""
    data = tmp_path / "data"
    shutil.copytree(sim_year.data, data, symlinks=False)
    db = data / "curated" / "motcua.duckdb"
    before = run_sql(db, "SELECT run_id, as_of FROM run_params")[0].iloc[0]
    sql = (
        "SELECT (SELECT run_id FROM run_params) AS run_id, count(*) AS n FROM fct_dossier a, fct_dossier b, "
        "range(16) c WHERE hash(a.ma_ho_so, b.ma_ho_so, c.range) % 1000 = 0"
    )
    seen: dict = {}
    real_publish = steps.publish

    def publish_during_a_query(building, paths):
        seen["proc"] = _start_inspector(db, sql)
        time.sleep(0.5)
        seen["running_at_publish"] = seen["proc"].poll() is None
        t0 = time.perf_counter()
        out = real_publish(building, paths)
        seen["publish_s"] = time.perf_counter() - t0
        return out

    monkeypatch.setattr(steps, "publish", publish_during_a_query)
    from pipelines.flows.nightly import run_pipeline

    summary = run_pipeline(None, as_of=date(2022, 11, 30), data_dir=data)
    assert summary["status"] == "published", summary.get("error")
    assert seen["running_at_publish"], "the inspector's query ended before the publish: make it longer"
    assert seen["publish_s"] < 1.0
    res = _result(seen["proc"])
    assert res["rows"][0]["run_id"] == before["run_id"]  # finished on its own snapshot
    assert int(res["rows"][0]["n"]) > 0
    after = run_sql(db, "SELECT run_id, as_of FROM run_params")[0].iloc[0]
    assert after["run_id"] == summary["run_id"] != before["run_id"]
    assert str(after["as_of"])[:10] == "2022-11-30"

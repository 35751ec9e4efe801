"""The national flow with real parts on loopback: a `prefect server` on a free port, the process
pool and the province deployment registered by `motcua national deploy`, two `motcua worker`
processes (one run at a time each), and `motcua national run` over five small provinces:

- 42 Hà Tĩnh (tiny inbox, plan `hatinh-2022` named by its id), 44 Quảng Bình (three resolved
  dossiers, its own plan with P2.1 at 80%), 40 Nghệ An (tiny inbox, its own plan): they publish;
- 46 Thừa Thiên Huế: an inbox that does not exist → its run fails;
- 45 Quảng Trị: its run pauses while building (the test hook MOTCUA_TEST_PAUSE_AT, set for that
  province only through the provinces file's `env`) and the worker running it is killed with
  SIGKILL, the run's process with it (a machine gone) → the run stops sending heartbeats and the
  automation registered by `deploy` marks it Crashed. A new worker then takes the dead one's
  place (the machine restarted), so two workers serve the pool again.

Everything runs once (module fixture, ≈ 2 min on 2 cores); every process is stopped in the
fixture's `finally`, and the last test checks none is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import yaml

from pipelines.flows import local_prefect as lp
from pipelines.settings import PROJECT_ROOT, connect, data_paths
from tests.flows.tiny import motcua, tiny_inbox
from tests.national.test_real_runs import _plan_of, _quang_binh_inbox

PUBLISHED = ("42", "44", "40")
BAD_INBOX, KILLED = "46", "45"
HEARTBEAT_S, MISSING_AFTER_S = 30, 60


def _worker(name: str, env: dict, log: Path) -> subprocess.Popen:
    """`motcua worker` (it execs `prefect worker start --type process`: same pid)."""
    cmd = [sys.executable, "-c", "from pipelines.cli import app; app()", "worker", "--pool", "motcua"]
    with open(log, "ab") as out:
        return subprocess.Popen(
            [*cmd, "--name", name, "--limit", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=PROJECT_ROOT,
        )


def _provinces_file(base: Path, pause_file: Path) -> Path:
    stricter = _plan_of(base, "quangbinh-2022", "44", "Tỉnh Quảng Bình")
    stricter.write_text(stricter.read_text("utf-8").replace("threshold: 0.70", "threshold: 0.80", 1), "utf-8")
    provinces = {
        "store": "store",
        "data_root": "provinces",
        "provinces": [
            # first: it starts at once, and the zombie detection's wait overlaps the other runs
            {
                "code": KILLED,
                "inbox": str(tiny_inbox(base / "inbox45")),
                "plan": str(_plan_of(base, "quangtri-2022", KILLED, "Tỉnh Quảng Trị")),
                "env": {
                    "MOTCUA_TEST_PAUSE_AT": "build",
                    "MOTCUA_TEST_PAUSE_FILE": str(pause_file),
                    "MOTCUA_TEST_PAUSE_S": "600",
                },
            },
            {"code": "42", "inbox": str(tiny_inbox(base / "inbox42")), "plan": "hatinh-2022"},
            {"code": "44", "inbox": str(_quang_binh_inbox(base / "inbox44")), "plan": str(stricter)},
            {
                "code": "40",
                "inbox": str(tiny_inbox(base / "inbox40")),
                "plan": str(_plan_of(base, "nghean-2022", "40", "Tỉnh Nghệ An")),
            },
            {
                "code": BAD_INBOX,
                "inbox": str(base / "khong-co-thu-muc"),
                "plan": str(_plan_of(base, "hue-2022", BAD_INBOX, "Tỉnh Thừa Thiên Huế")),
            },
        ],
    }
    path = base / "provinces.yaml"
    path.write_text(yaml.safe_dump(provinces, allow_unicode=True), encoding="utf-8")
    return path


def _kill_the_machine(flow_pid: int, workers: list[subprocess.Popen]) -> int:
    """SIGKILL the worker running `flow_pid` and that run's process: returns the worker's pid."""
    ancestors = {p.pid for p in psutil.Process(flow_pid).parents()}
    (worker,) = [w for w in workers if w.pid in ancestors]
    os.killpg(worker.pid, signal.SIGKILL)
    run = psutil.Process(flow_pid)
    for proc in [*run.children(recursive=True), run]:
        proc.kill()
    worker.wait(timeout=10)
    return worker.pid


def _final_states(api_url: str) -> dict[str, list[tuple[str, str]]]:
    """Flow name → (flow run name, state name) of every run the server knows."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        names: dict = {}
        states: dict[str, list[tuple[str, str]]] = {}
        for run in client.read_flow_runs():
            if run.flow_id not in names:
                names[run.flow_id] = client.read_flow(run.flow_id).name
            states.setdefault(names[run.flow_id], []).append((run.name, run.state.name if run.state else None))
    return {flow: sorted(runs) for flow, runs in states.items()}


@pytest.fixture(scope="module")
def fanout(tmp_path_factory):
    base = tmp_path_factory.mktemp("fanout")
    pause_file = base / "paused"
    provinces_file = _provinces_file(base, pause_file)
    t0 = time.monotonic()
    server, api_url = lp.start_server(base / "prefect", lp.free_port(), base / "server.log")
    print(f"server up after {time.monotonic() - t0:.0f} s")
    env = lp.prefect_env(base / "prefect", api_url)
    # workers look for new runs every 2 s (Prefect's default: 10 s between a run's end and the next)
    env["PREFECT_WORKER_QUERY_SECONDS"] = "2"
    env.update(MOTCUA_KEY_FILE=str(base / "keys" / "pseudonym.key"), COLUMNS="250")
    env.pop("MOTCUA_DATA_DIR", None)  # the roll-up's folder is the one `motcua(data=…)` gives
    # the killed run is not scheduled again (by default it is, once: its retry would pause at
    # `build` again, its env being the same); the retry itself: tests/flows/test_fanout_outcome.py
    env["MOTCUA_PROVINCE_RETRIES"] = "0"
    workers: list[subprocess.Popen] = []
    national = None
    pids: list[int] = [server.pid]
    try:
        deploy = motcua(
            "national", "deploy", "--limit", "2", "--heartbeat", str(HEARTBEAT_S),
            "--missing-after", str(MISSING_AFTER_S), data=base / "national", env=env, timeout=180,
        )  # fmt: skip
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        workers = [_worker(f"may-{i}", env, base / f"worker{i}.log") for i in (1, 2)]
        pids += [w.pid for w in workers]
        national = motcua(
            "national", "run", str(provinces_file), "--no-render", "--timeout", "6",
            data=base / "national", env=env, wait=False,
        )  # fmt: skip
        deadline = time.monotonic() + 240
        while not pause_file.exists():
            assert national.poll() is None, national.communicate()
            assert time.monotonic() < deadline, "the paused province never started:\n" + lp.tail(base / "worker1.log")
            time.sleep(0.5)
        flow_pid = int(pause_file.read_text("utf-8").split()[1])
        print(f"paused run killed after {time.monotonic() - t0:.0f} s")
        pids.append(flow_pid)
        killed_worker = _kill_the_machine(flow_pid, workers)
        # the machine comes back: a worker again, so the other provinces do not all wait for one
        workers.append(_worker("may-3", env, base / "worker3.log"))
        pids.append(workers[-1].pid)
        out, err = national.communicate(timeout=480)
        (base / "national.out").write_text(out + err, encoding="utf-8")  # for a failing test's reader
        states = _final_states(api_url)
        print(f"national flow done after {time.monotonic() - t0:.0f} s")
    finally:
        if national is not None and national.poll() is None:
            national.kill()
        for proc in [*workers, server]:
            lp.stop(proc)
    yield {
        "base": base,
        "national": data_paths(base / "national"),
        "returncode": national.returncode,
        "out": out + err,
        "killed_worker": killed_worker,
        "pids": pids,
        "states": states,
    }


def _provinces(fanout) -> dict[str, tuple]:
    con = connect(fanout["national"].national_db, read_only=True)
    try:
        rows = con.execute(
            "SELECT province, status, run_state, reason, expected, plan_ids FROM national_provinces"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}


@pytest.mark.slow
def test_the_three_provinces_that_ran_are_published_against_their_own_plans(fanout):
    provinces = _provinces(fanout)
    assert sorted(provinces) == ["40", "42", "44", "45", "46"]  # the five of the file, all expected
    assert all(p[3] for p in provinces.values())
    for code, plan in (("42", "hatinh-2022"), ("44", "quangbinh-2022"), ("40", "nghean-2022")):
        assert provinces[code][:3] == ("da_cong_bo", "Completed", None), (code, fanout["out"])
        assert provinces[code][4] == plan
    # one province failing leaves the exit code at 1 (the nightly cron must see it), not the roll-up
    assert fanout["returncode"] == 1, fanout["out"]


@pytest.mark.slow
def test_the_roll_up_is_the_union_of_the_three_province_warehouses_row_for_row(fanout):
    con = connect()
    try:
        con.execute(f"ATTACH '{fanout['national'].national_db}' AS n (READ_ONLY)")
        for code in PUBLISHED:
            con.execute(f"ATTACH '{data_paths(fanout['base'] / 'provinces' / code).curated_db}' AS p{code} (READ_ONLY)")
        for table, national in (
            ("metric_values", "province_metric_values"),
            ("plan_scorecard", "national_scorecard"),
            ("load_summary", "province_load_summary"),
        ):
            columns = ", ".join(c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE p42.{table})").fetchall())
            union = sorted(
                con.execute(
                    " UNION ALL ".join(
                        f"SELECT '{code}' AS province, {columns} FROM p{code}.{table}" for code in PUBLISHED
                    )
                ).fetchall(),
                key=repr,
            )
            rolled = sorted(con.execute(f"SELECT province, {columns} FROM n.{national}").fetchall(), key=repr)
            assert union and rolled == union, table
        # the plans differ: P2.1 is 70% in Hà Tĩnh's and Nghệ An's plans, 80% in Quảng Bình's
        assert con.execute(
            "SELECT DISTINCT province, threshold FROM n.national_scorecard WHERE target_id = 'P2.1' ORDER BY province"
        ).fetchall() == [("40", 0.7), ("42", 0.7), ("44", 0.8)]
    finally:
        con.close()


@pytest.mark.slow
def test_a_province_whose_run_fails_is_named_with_its_state_and_message(fanout):
    status, run_state, reason, *_ = _provinces(fanout)[BAD_INBOX]
    assert (status, run_state) == ("chua_cong_bo", "Failed")
    # the run's own message (the nightly run's failed step), then what the store says
    assert reason.startswith(
        "lần chạy tinh-46 thất bại (Failed): tỉnh 46: Lỗi, không công bố: bước tiếp nhận tệp (land)"
    )
    assert "khong-co-thu-muc" in reason
    assert reason.endswith("; không có province=46/published.json trong kho dùng chung")


@pytest.mark.slow
def test_a_worker_killed_mid_run_leaves_that_run_crashed_and_named(fanout):
    status, run_state, reason, *_ = _provinces(fanout)[KILLED]
    assert (status, run_state) == ("chua_cong_bo", "Crashed"), fanout["out"]
    assert reason.startswith(
        f"lần chạy tinh-45 đổ vỡ: tiến trình chạy hoặc máy dừng đột ngột (Crashed): "
        f"mất tín hiệu của lần chạy quá {MISSING_AFTER_S} giây"
    )
    # nothing of Quảng Trị reached the store: the run was killed before publishing
    assert not (fanout["base"] / "store" / f"province={KILLED}").exists()
    assert "45" in fanout["out"] and "Crashed" in fanout["out"]


@pytest.mark.slow
def test_the_zombie_detection_touches_only_the_province_runs(fanout):
    # the national flow beats at Prefect's default pace (180 s), slower than the 60 s the
    # automation waits for a province run: it must not be marked Crashed for that
    assert [state for _, state in fanout["states"]["motcua-national"]] == ["Completed"]
    assert fanout["states"]["motcua-province"] == [
        ("tinh-40", "Completed"),
        ("tinh-42", "Completed"),
        ("tinh-44", "Completed"),
        ("tinh-45", "Crashed"),
        ("tinh-46", "Failed"),
    ]


@pytest.mark.slow
def test_no_process_is_left_running(fanout):
    alive = [pid for pid in fanout["pids"] if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]
    assert alive == []

"""The nightly schedule against a real Prefect server: registered at 02:00 Asia/Ho_Chi_Minh, and a
run triggered by hand completes on a tiny inbox. Starts `prefect server start` and a `serve`
process (both in their own process groups, killed in `finally`)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from pipelines.settings import PROJECT_ROOT

SERVER_READY_S = 120
DEPLOYMENT_READY_S = 120
RUN_TIMEOUT_S = 180


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kill_group(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass


def _tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""


@pytest.mark.slow
def test_nightly_cron_registered_and_a_run_completes(tmp_path):
    from pipelines.flows.schedule import FULL_NAME
    from simulator.run import simulate

    inbox_root = tmp_path / "sim"
    simulate(inbox_root, seed=2, scale=0.002, start=date(2022, 1, 1), end=date(2022, 1, 5))
    data_dir = tmp_path / "data"
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "prefect_home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    server = serve = None
    server_log, serve_log = tmp_path / "server.log", tmp_path / "serve.log"
    try:
        with open(server_log, "wb") as out:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "prefect",
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--analytics-off",
                    "--no-ui",
                    "--no-late-runs",
                ],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=tmp_path,
            )
        t0 = time.monotonic()
        deadline = t0 + SERVER_READY_S
        while True:
            assert server.poll() is None, "prefect server exited:\n" + _tail(server_log)
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "prefect server not healthy in time:\n" + _tail(server_log)
            time.sleep(0.5)
        print(f"server healthy after {time.monotonic() - t0:.1f} s")

        serve_env = dict(env, PREFECT_API_URL=api_url)
        code = (
            "from pipelines.flows.schedule import serve_nightly; "
            f"serve_nightly(data_dir={str(data_dir)!r}, inbox={str(inbox_root / 'inbox')!r})"
        )
        with open(serve_log, "wb") as out:
            serve = subprocess.Popen(
                [sys.executable, "-c", code],
                env=serve_env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=PROJECT_ROOT,
            )

        from prefect.client.orchestration import get_client
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            deadline = time.monotonic() + DEPLOYMENT_READY_S
            deployment = None
            with get_client(sync_client=True) as client:
                while deployment is None:
                    assert serve.poll() is None, "serve exited:\n" + _tail(serve_log)
                    try:
                        deployment = client.read_deployment_by_name(FULL_NAME)
                    except Exception:  # not registered yet
                        assert time.monotonic() < deadline, "deployment not registered:\n" + _tail(serve_log)
                        time.sleep(1)
                scheds = [s.schedule for s in deployment.schedules]
                assert len(scheds) == 1
                assert scheds[0].cron == "0 2 * * *"
                assert scheds[0].timezone == "Asia/Ho_Chi_Minh"
                assert deployment.schedules[0].active
                assert deployment.parameters["data_dir"] == str(data_dir.resolve())
            print(f"deployment registered after {time.monotonic() - t0:.1f} s")

            run = run_deployment(FULL_NAME, parameters={"as_of": "2022-01-05"}, timeout=RUN_TIMEOUT_S)
            print(f"run finished after {time.monotonic() - t0:.1f} s: {run.state}")
            assert run.state is not None and run.state.is_completed(), (
                f"{run.state}\n--- serve log ---\n{_tail(serve_log)}"
            )
        summary = json.loads((data_dir / "curated" / "run_summary.json").read_text("utf-8"))
        assert summary["status"] == "published" and summary["as_of"] == "2022-01-05"
        assert (data_dir / "curated" / "motcua.duckdb").exists()
    finally:
        _kill_group(serve)
        _kill_group(server)

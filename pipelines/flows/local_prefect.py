"""A Prefect server and process workers on this machine, as child processes (the national demo,
the fan-out tests): each in a process group of its own, stopped with its children, so nothing
is left running when the caller is done (or fails)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prefect_env(home: Path, api_url: str | None = None) -> dict[str, str]:
    """This environment without the caller's PREFECT_* settings, Prefect quiet and offline, its
    home (database, logs) at `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def _start(cmd: list[str], env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=cwd)


def tail(path: Path, n: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-n:]
    except OSError:
        return ""


def start_server(home: Path, port: int, log: Path, ready_s: float = 180) -> tuple[subprocess.Popen, str]:
    """`prefect server start` on 127.0.0.1:`port`, once it answers `/api/health`; returns the
    process and its API URL. Raises (after stopping it) when it does not come up."""
    api_url = f"http://127.0.0.1:{port}/api"
    cmd = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    proc = _start([*cmd, "--analytics-off", "--no-ui"], prefect_env(home), log, home.parent)
    deadline = time.monotonic() + ready_s
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"máy chủ Prefect đã dừng khi khởi động:\n{tail(log)}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return proc, api_url
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(f"máy chủ Prefect không sẵn sàng sau {ready_s:g} giây:\n{tail(log)}")
        time.sleep(0.5)


def start_worker(
    pool: str, env: dict, log: Path, cwd: Path, name: str | None = None, limit: int | None = 1
) -> subprocess.Popen:
    """`prefect worker start --pool … --type process` (what `motcua worker` runs)."""
    return _start(worker_command(pool, name, limit), env, log, cwd)


def worker_command(pool: str, name: str | None = None, limit: int | None = None, queue: str | None = None) -> list:
    cmd = [sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--type", "process"]
    if name:
        cmd += ["--name", name]
    if limit:
        cmd += ["--limit", str(limit)]
    if queue:
        cmd += ["--work-queue", queue]
    return cmd


def stop(proc: subprocess.Popen | None, grace_s: float = 20) -> None:
    """SIGTERM to the process group, then SIGKILL to whatever is left of it and of the
    process's descendants (a worker starts each flow run in a session of its own)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        descendants = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        descendants = []
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace_s)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    for child in descendants:
        try:
            child.kill()
        except psutil.Error:
            pass

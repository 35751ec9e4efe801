"""`motcua lab` (pipelines/reports/lab.py, pipelines/cli.py): the JupyterLab command it runs, the
message when the `lab` extra is missing, and — when jupyterlab is installed here — a real server
on a free port, fetched over HTTP, then stopped."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.reports import lab as L
from pipelines.settings import NOTEBOOKS_DIR


def test_the_command_it_would_run(tmp_path):
    db = tmp_path / "motcua.duckdb"
    cmd = L.lab_command(db, port=18888, open_browser=False, token="abc")
    # JupyterLab of this interpreter, rooted at notebooks/, on loopback, this port and no other
    assert cmd.argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={NOTEBOOKS_DIR.resolve()}" in cmd.argv
    assert "--ServerApp.ip=127.0.0.1" in cmd.argv and "--ServerApp.port=18888" in cmd.argv
    assert "--ServerApp.port_retries=0" in cmd.argv and "--ServerApp.open_browser=False" in cmd.argv
    assert "--IdentityProvider.token=abc" in cmd.argv
    # the notebooks read MOTCUA_DB (nb.database_path) and open it read-only
    assert cmd.env["MOTCUA_DB"] == str(db.resolve())
    assert cmd.url == "http://127.0.0.1:18888/lab?token=abc"


def test_missing_extra_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(L, "lab_installed", lambda: False)
    res = CliRunner().invoke(app, ["lab", "--db", str(tmp_path / "x.duckdb")])
    assert res.exit_code == 1
    assert "JupyterLab chưa được cài" in res.output and "uv sync --extra lab" in res.output


def test_missing_database_is_explained(monkeypatch, tmp_path):
    monkeypatch.setattr(L, "lab_installed", lambda: True)
    res = CliRunner().invoke(app, ["lab", "--db", str(tmp_path / "khong_co.duckdb")])
    assert res.exit_code == 1 and "Không có cơ sở dữ liệu đã công bố" in res.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop the CLI and its JupyterLab (their own process group, started by this test)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.mark.slow
@pytest.mark.skipif(
    not L.lab_installed(), reason="JupyterLab chưa được cài: python3 -m uv sync --extra lab (CI cài qua nhóm dev)"
)
def test_lab_serves_the_notebooks_over_http(due_soon_db, tmp_path):
    port = _free_port()
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "lab", "--port", str(port), "--no-browser", "--db", str(due_soon_db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # the CLI and its JupyterLab child in one group, stopped together
    )
    try:
        first, url = "", None
        for _ in range(10):  # the CLI prints the URL before JupyterLab's own log
            first += proc.stdout.readline()
            url = re.search(r"http://127\.0\.0\.1:\d+/lab\?token=\w+", first)
            if url:
                break
        assert url, first
        token = url.group(0).split("token=")[1]
        deadline, page = time.monotonic() + 120, None
        while time.monotonic() < deadline:
            try:
                page = httpx.get(url.group(0), timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()
                time.sleep(0.5)
        assert page is not None and page.status_code == 200 and "JupyterLab" in page.text
        # rooted at notebooks/: the unit page's notebook is listed (jupytext opens .py as notebooks)
        listing = httpx.get(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=10).json()
        assert "don_vi.py" in {c["name"] for c in listing["content"]}
        assert httpx.get(f"http://127.0.0.1:{port}/api/contents", timeout=10).status_code == 403  # token required
    finally:
        _stop(proc)
    assert Path(due_soon_db).exists()

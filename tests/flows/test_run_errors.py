"""Issue 18, break 2: a failing step is reported with its own message (not `KeyError:
'files_landed'`), the run summary is written for failed runs too (failed step, message, nothing
published), and `motcua run` exits with status 1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pipelines.flows import steps
from pipelines.flows.nightly import run_pipeline
from pipelines.settings import data_paths

from .tiny import motcua, tiny_inbox


def _written_summary(data, run_id=None) -> dict:
    paths = data_paths(data)
    s = json.loads((paths.curated / "run_summary.json").read_text("utf-8"))
    md = (paths.curated / "run_summary.md").read_text("utf-8")
    hist = json.loads((paths.runs / f"{run_id or s['run_id']}.json").read_text("utf-8"))
    assert hist == s  # the per-run copy is the same summary
    return {**s, "_md": md}


def test_cli_with_a_nonexistent_inbox_says_so_and_exits_1(tmp_path):
    data = tmp_path / "data"
    done = motcua("run", "--inbox", str(tmp_path / "khong_co"), "--no-prefect", "--no-render", data=data)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    # the land step's own message (steps.land), not a KeyError from the summary
    assert "KeyError" not in out and "Không tìm thấy thư mục nhận dữ liệu" in out
    s = _written_summary(data)
    assert s["status"] == "error" and s["failed_step"] == "land"
    assert "Không tìm thấy thư mục nhận dữ liệu" in s["error"] and str(tmp_path / "khong_co") in s["error"]
    assert s["published"] == []  # nothing was published
    assert "Bước thất bại: **land**" in s["_md"] and "không có gì" in s["_md"]
    assert not data_paths(data).curated_db.exists()


class _Refuses(BaseHTTPRequestHandler):
    """An API that refuses every token: 401 with the software's JSON error body."""

    calls = 0

    def do_GET(self):  # noqa: N802
        type(self).calls += 1
        body = json.dumps({"error_code": 401, "message": "Token không hợp lệ"}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def test_an_api_answering_401_fails_the_pull_with_its_message(tmp_path, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refuses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("MOTCUA_API_TOKEN", "sai")
    try:
        s = run_pipeline(None, data_dir=tmp_path / "data", api=url)
    finally:
        server.shutdown()
    assert s["status"] == "error" and s["failed_step"] == "pull"
    # the pull's own error: the endpoint, the status and the server's message, after one attempt
    assert f"{url}/api/v1/donvi" in s["error"] and "401" in s["error"] and "Token không hợp lệ" in s["error"]
    assert _Refuses.calls == 1
    w = _written_summary(tmp_path / "data", s["run_id"])
    assert w["failed_step"] == "pull" and w["error"] == s["error"] and w["published"] == []


def test_a_load_step_raising_is_reported_with_its_message(tmp_path, monkeypatch):
    def broken_parse(paths, progress=None):
        raise OSError(28, "No space left on device", "raw/parsed/hoso/x.parquet")

    monkeypatch.setattr(steps, "parse", broken_parse)
    s = run_pipeline(tiny_inbox(tmp_path / "inbox"), data_dir=tmp_path / "data")
    assert s["status"] == "error" and s["failed_step"] == "load"
    assert "No space left on device" in s["error"] and "đọc tệp" in s["error"]
    # what happened before the failure is still told: the file was landed
    assert s["files_landed"] == 1 and s["published"] == []
    w = _written_summary(tmp_path / "data", s["run_id"])
    assert w["failed_step"] == "load" and "No space left on device" in w["_md"]
    assert not data_paths(tmp_path / "data").curated_db.exists()

"""Issue 18, break 6: a refused token (401/403) fails the pull at once, naming the endpoint; only
network errors, 429 and 5xx are worth another try (by the pull itself, then by Prefect)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from pipelines.flows.nightly import retryable
from pipelines.settings import data_paths
from pipelines.sources.api import ApiPullError, pull_api
from tests.flows.tiny import motcua


def _server(status: int):
    """A loopback API answering every request with `status` and a JSON error body; counts calls."""
    calls = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            calls.append(self.path)
            body = json.dumps({"error_code": status, "message": "Từ chối truy cập"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", calls


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_fails_at_once_naming_the_endpoint(tmp_path, status):
    server, url, calls = _server(status)
    slept = []
    try:
        with pytest.raises(ApiPullError) as ei:
            pull_api(url, "sai", data_paths(tmp_path / "d"), retries=5, sleep=slept.append)
    finally:
        server.shutdown()
    err = ei.value
    # one request, no back-off sleep: asking again cannot make a refused token valid
    assert len(calls) == 1 and slept == []
    assert (err.status, err.attempts, err.retryable) == (status, 1, False)
    assert f"{url}/api/v1/donvi" in str(err) and "mã truy cập bị từ chối" in str(err)
    assert "MOTCUA_API_TOKEN" in str(err) and "Từ chối truy cập" in str(err)


def test_server_errors_are_still_retried(tmp_path):
    server, url, calls = _server(503)
    slept = []
    try:
        with pytest.raises(ApiPullError) as ei:
            pull_api(url, "t", data_paths(tmp_path / "d"), retries=2, backoff=0.001, sleep=slept.append)
    finally:
        server.shutdown()
    # 1 try + 2 retries, each retry after a back-off sleep; and Prefect may try the step again
    assert len(calls) == 3 and len(slept) == 2
    assert ei.value.retryable


def test_which_failures_the_nightly_flow_retries():
    assert not retryable(ApiPullError("donvi", 1, 401, "x"))
    assert not retryable(ApiPullError("donvi", 1, 403, "x"))
    assert not retryable(ApiPullError("donvi", 1, 404, "x"))
    assert retryable(ApiPullError("donvi", 1, 429, "x"))
    assert retryable(ApiPullError("donvi", 1, 502, "x"))
    assert retryable(ApiPullError("donvi", 1, None, "x"))  # no answer at all: the network
    assert retryable(httpx.ConnectError("refused"))
    assert not retryable(FileNotFoundError("inbox"))  # a missing inbox stays missing
    assert not retryable(RuntimeError("Thiếu mã truy cập API"))


def test_the_prefect_flow_does_not_retry_a_401(tmp_path):
    """`motcua run --api` through Prefect: before, the pull task was retried after 60 s."""
    server, url, calls = _server(401)
    try:
        done = motcua(
            "run",
            "--api",
            url,
            "--no-render",
            data=tmp_path / "data",
            env={"MOTCUA_API_TOKEN": "sai", "PREFECT_HOME": str(tmp_path / "prefect")},
        )
    finally:
        server.shutdown()
    out = done.stdout + done.stderr
    assert done.returncode == 1, out[-3000:]
    assert len(calls) == 1, calls  # one request: neither the pull nor Prefect asked again
    assert "401" in out and f"{url}/api/v1/donvi" in out.replace("\n", "")


def test_the_prefect_retry_condition_reads_the_exception_of_the_failed_state():
    from prefect.states import Failed

    from pipelines.flows.nightly import _retry_condition

    # what Prefect's task engine hands the condition: Failed(data=<the exception>)
    assert _retry_condition(None, None, Failed(data=ApiPullError("hoso", 3, 401, "x"))) is False
    assert _retry_condition(None, None, Failed(data=ApiPullError("hoso", 3, 503, "x"))) is True

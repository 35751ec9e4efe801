"""When a province's run on the work pool counts as done (pipelines/flows/fanout.py): published
locally AND to the shared store; anything else is a Failed run with the nightly run's message.
The runs themselves, on a real server and pool, are in tests/national/test_fanout.py."""

from __future__ import annotations

from pipelines.flows.fanout import _published_message


def test_published_locally_and_to_the_store_is_done():
    summary = {"status": "published", "shared": {"status": "published", "province": "42"}}
    assert _published_message("42", summary) is None


def test_a_run_that_did_not_publish_fails_with_its_own_message():
    summary = {
        "status": "failed_checks",
        "status_vi": "Không công bố (kiểm tra không đạt)",
        "error": "Kiểm tra bắt buộc không đạt, không công bố: core_hoso.unique (2 dòng)",
    }
    assert _published_message("44", summary) == (
        "tỉnh 44: Không công bố (kiểm tra không đạt): Kiểm tra bắt buộc không đạt, không công bố: "
        "core_hoso.unique (2 dòng)"
    )


def test_published_locally_but_not_to_the_store_fails_too():
    # the roll-up would read yesterday's publication (or none): the national flow must say so
    summary = {
        "status": "published",
        "shared": {"status": "error", "store": "s3://national/store", "error": "OSError: connection refused"},
    }
    assert _published_message("42", summary) == (
        "tỉnh 42: đã công bố tại tỉnh nhưng không công bố được lên kho dùng chung s3://national/store: "
        "OSError: connection refused"
    )
    # no store set in the run at all: the share step reports `off`
    assert _published_message("42", {"status": "published", "shared": {"status": "off"}}) == (
        "tỉnh 42: đã công bố tại tỉnh nhưng không công bố được lên kho dùng chung: off"
    )


class _Runs:
    """A stand-in for Prefect's client: flow run id → the run as the server would return it."""

    def __init__(self, runs):
        self.runs = runs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read_flow_run(self, run_id):
        return self.runs[run_id]


def test_a_run_not_final_at_the_deadline_is_named_in_the_state_it_is_in(monkeypatch):
    from types import SimpleNamespace

    from prefect.states import Completed, Running

    from pipelines.flows import fanout
    from pipelines.national.rollup import run_reason

    runs = {
        "a": SimpleNamespace(id="a", name="tinh-42", state=Completed()),
        "b": SimpleNamespace(id="b", name="tinh-44", state=Running()),
    }
    monkeypatch.setattr(fanout, "get_client", lambda sync_client: _Runs(runs))
    # a deadline of 1,5 minutes already passed: no waiting, every run read once more
    monkeypatch.setattr(fanout.time, "monotonic", iter([0.0, 1000.0]).__next__)
    outcomes = fanout.wait_for_runs({"42": "a", "44": "b"}, timeout_s=90, poll_s=0)
    assert (outcomes["42"]["type"], outcomes["42"]["message"]) == ("COMPLETED", None)
    assert outcomes["44"] == {
        "type": "RUNNING",
        "state": "Running",
        "message": "chưa kết thúc sau 1,5 phút",
        "flow_run": "tinh-44",
        "flow_run_id": "b",
    }
    assert run_reason(outcomes["44"]) == "lần chạy tinh-44 vẫn đang chạy (Running): chưa kết thúc sau 1,5 phút"
    assert run_reason(outcomes["42"]) is None

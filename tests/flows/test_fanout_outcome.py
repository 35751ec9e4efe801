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


class _Retrying(_Runs):
    """`_Runs` whose runs change state as the server would: each read takes the run's next
    state from its script; `set_flow_run_state` records the call and schedules the run."""

    def __init__(self, scripts):
        from types import SimpleNamespace

        self.scripts = {k: list(v) for k, v in scripts.items()}
        self.set_calls = []
        super().__init__({k: SimpleNamespace(id=k, name=f"tinh-{k}", state=None) for k in scripts})

    def read_flow_run(self, run_id):
        run = self.runs[run_id]
        if self.scripts[run_id]:
            run.state = self.scripts[run_id].pop(0)
        return run

    def set_flow_run_state(self, run_id, state, force=False):
        self.set_calls.append((run_id, state.type.value, state.message, force))
        self.runs[run_id].state = state


def test_a_crashed_run_is_scheduled_again_once_and_a_failed_one_never(monkeypatch):
    from prefect.states import Completed, Crashed, Failed, Running

    from pipelines.flows import fanout
    from pipelines.national.rollup import run_reason

    killed = "mất tín hiệu của lần chạy quá 60 giây: worker hoặc máy chạy đã dừng"
    client = _Retrying(
        {
            # 45: crashes, is scheduled again, a worker takes it, it completes
            "45": [Running(), Crashed(message=killed), Running(), Completed()],
            # 48: crashes twice: the second crash is final (one retry)
            "48": [Crashed(message=killed), Running(), Crashed(message=killed)],
            # 46: fails in its own process (its inbox is missing): never retried
            "46": [Failed(message="tỉnh 46: Lỗi, không công bố")],
        }
    )
    monkeypatch.setattr(fanout, "get_client", lambda sync_client: client)
    monkeypatch.setattr(fanout.time, "sleep", lambda s: None)
    outcomes = fanout.wait_for_runs({c: c for c in ("45", "48", "46")}, timeout_s=3600, poll_s=0, crash_retries=1)

    # one reschedule each for 45 and 48, to Scheduled, forced (a final state is left only by force),
    # saying which attempt and why (48 crashed at its first read: it is rescheduled first)
    assert sorted(client.set_calls) == [
        ("45", "SCHEDULED", f"chạy lại lần 1 sau khi đổ vỡ: {killed}", True),
        ("48", "SCHEDULED", f"chạy lại lần 1 sau khi đổ vỡ: {killed}", True),
    ]
    assert (outcomes["45"]["state"], outcomes["45"]["retried"]) == ("Completed", 1)
    assert run_reason(outcomes["45"]) is None  # completed after its retry: rolled up like the others
    assert (outcomes["48"]["state"], outcomes["48"]["retried"]) == ("Crashed", 1)
    assert run_reason(outcomes["48"]) == (
        f"lần chạy tinh-48 đổ vỡ: tiến trình chạy hoặc máy dừng đột ngột (Crashed): {killed} "
        "(đã chạy lại 1 lần sau khi đổ vỡ)"
    )
    assert outcomes["46"]["state"] == "Failed" and "retried" not in outcomes["46"]


def test_with_no_retries_a_crashed_run_is_final(monkeypatch):
    from prefect.states import Crashed

    from pipelines.flows import fanout

    client = _Retrying({"45": [Crashed(message="mất tín hiệu")]})
    monkeypatch.setattr(fanout, "get_client", lambda sync_client: client)
    outcomes = fanout.wait_for_runs({"45": "45"}, timeout_s=3600, poll_s=0, crash_retries=0)
    assert client.set_calls == []
    assert outcomes["45"]["state"] == "Crashed" and outcomes["45"]["message"] == "mất tín hiệu"


def test_the_retries_setting_defaults_to_one_and_refuses_a_non_number(monkeypatch):
    import pytest

    from pipelines.settings import province_retries_setting

    monkeypatch.delenv("MOTCUA_PROVINCE_RETRIES", raising=False)
    assert province_retries_setting() == 1
    monkeypatch.setenv("MOTCUA_PROVINCE_RETRIES", "0")
    assert province_retries_setting() == 0
    monkeypatch.setenv("MOTCUA_PROVINCE_RETRIES", "một")
    with pytest.raises(ValueError, match="MOTCUA_PROVINCE_RETRIES='một'"):
        province_retries_setting()

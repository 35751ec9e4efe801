"""Every province's nightly run on a Prefect work pool, and the national flow that starts them,
waits for them and rolls up (docs/national.md, "Chạy nhiều tỉnh trên nhiều máy").

- `province_run` (flow `motcua-province`): one province's nightly run — the nightly flow as a
  subflow, with the province's code, data folder, source and plan, publishing to the shared
  store. A run that does not publish (locally and to the store) ends **Failed** with the run's
  own message, so the national flow and Prefect's UI see it failed (the nightly flow itself
  completes with a summary saying `error`: `motcua run` reads that summary).
- `register`: the pool (created when absent, process type, with a concurrency limit), the
  deployment `motcua-province/motcua-province` from local source, and the automation that marks
  a run whose heartbeats stopped (a worker or machine gone) as Crashed.
- `national` (flow `motcua-national`): `run_deployment(..., timeout=0)` per province of the
  provinces file, polls until every run is final (or the deadline) — a run that ends Crashed
  (its worker or machine gone) is scheduled again once (`MOTCUA_PROVINCE_RETRIES`) — then the
  roll-up with the expected provinces and each run's state and message.

Importing this module imports Prefect: only the CLI and the workers (entrypoint) import it.
"""

# No `from __future__ import annotations`: Prefect builds the flows' parameter models from real
# annotations, and a worker loads this module by its entrypoint.
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.deployments import run_deployment
from prefect.states import Failed

from pipelines.flows.nightly import nightly_flow
from pipelines.flows.steps import resolve_plans
from pipelines.national.fanout import read_provinces_file
from pipelines.national.provinces import normalise_code
from pipelines.national.rollup import rollup
from pipelines.national.store import open_store
from pipelines.settings import PROJECT_ROOT, data_paths, province_retries_setting, shared_store, work_pool_setting

PROVINCE_FLOW = "motcua-province"
DEPLOYMENT = "motcua-province"
FULL_NAME = f"{PROVINCE_FLOW}/{DEPLOYMENT}"
ENTRYPOINT = "pipelines/flows/fanout.py:province_run"
ZOMBIE_AUTOMATION = "motcua: lần chạy mất tín hiệu → Crashed"
HEARTBEAT_S = 60  # PREFECT_FLOWS_HEARTBEAT_FREQUENCY of the provinces' runs (Prefect's minimum is 30)
DEFAULT_TIMEOUT_S = 6 * 3600  # how long the national flow waits for the provinces' runs


@contextmanager
def _env(**values: str | None) -> Iterator[None]:
    """Settings of this province's run (MOTCUA_PROVINCE, MOTCUA_PLAN, MOTCUA_SHARED_STORE), put
    back afterwards: the run reads them where a lone `motcua run` reads them (pipelines.settings)."""
    old = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _published_message(code: str, summary: dict) -> str | None:
    """None when the province published locally and to the shared store, else why not."""
    if summary.get("status") != "published":
        return f"tỉnh {code}: {summary.get('status_vi')}: {summary.get('error') or ''}".rstrip(": ")
    shared = summary.get("shared") or {}
    if shared.get("status") != "published":
        where = f" {shared['store']}" if shared.get("store") else ""
        why = shared.get("error") or shared.get("status") or "bước công bố lên kho dùng chung không chạy"
        return f"tỉnh {code}: đã công bố tại tỉnh nhưng không công bố được lên kho dùng chung{where}: {why}"
    return None


@flow(name=PROVINCE_FLOW, flow_run_name="tinh-{province}", log_prints=True)
def province_run(
    province: str,
    data_dir: str,
    plan: str,
    inbox: str | None = None,
    api: str | None = None,
    as_of: date | None = None,
    store: str | None = None,
    render: bool = True,
    full_rebuild: bool = False,
):
    """One province's nightly run, publishing to the shared store `store` (else
    MOTCUA_SHARED_STORE); Failed with the reason when it does not publish."""
    code = normalise_code(province)
    resolve_plans(plan)  # an unknown plan fails here, before anything is landed
    uri = store or shared_store()
    if not uri:
        return Failed(message=f"tỉnh {code}: chưa có kho dùng chung (tham số store hoặc MOTCUA_SHARED_STORE)")
    with _env(MOTCUA_PROVINCE=code, MOTCUA_PLAN=plan, MOTCUA_SHARED_STORE=uri):
        summary = nightly_flow()(
            inbox=inbox, as_of=as_of, data_dir=data_dir, render=render, api=api, full_rebuild=full_rebuild
        )
    problem = _published_message(code, summary)
    if problem:
        return Failed(message=problem)
    return {k: summary.get(k) for k in ("run_id", "status", "as_of", "shared")}


def ensure_pool(pool: str, limit: int | None) -> str:
    """The process work pool `pool`, created when absent; its concurrency limit set to `limit`
    (None: unlimited). Returns "created" or "updated"."""
    from prefect.client.schemas.actions import WorkPoolCreate, WorkPoolUpdate  # noqa: PLC0415 — local: only here
    from prefect.exceptions import ObjectNotFound  # noqa: PLC0415 — local: only here
    from prefect.workers.process import ProcessWorker  # noqa: PLC0415 — local: only here

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            # the process worker's own job template, as `prefect work-pool create --type process` does
            template = ProcessWorker.get_default_base_job_template()
            client.create_work_pool(
                WorkPoolCreate(name=pool, type="process", base_job_template=template, concurrency_limit=limit)
            )
            return "created"
        client.update_work_pool(pool, WorkPoolUpdate(concurrency_limit=limit))
        return "updated"


def ensure_zombie_automation(deployment_id, missing_after_s: int = 3 * HEARTBEAT_S) -> None:
    """Prefect's documented zombie detection (docs.prefect.io, "detect zombie flows"): after a
    heartbeat, a run that sends neither another heartbeat nor a final state within
    `missing_after_s` is marked Crashed — the worker or its machine is gone, nobody else will say
    so. Only the runs of the province deployment (`deployment_id`): other flow runs on the same
    server (the national flow, `motcua serve`) beat at Prefect's default pace, slower than this.
    Replaces an automation of the same name (a new `register` with other figures)."""
    from prefect.automations import Automation  # noqa: PLC0415 — local: only here
    from prefect.client.schemas.objects import StateType  # noqa: PLC0415 — local: only here
    from prefect.events.actions import ChangeFlowRunState  # noqa: PLC0415 — local: only here
    from prefect.events.schemas.automations import EventTrigger, Posture  # noqa: PLC0415 — local: only here
    from prefect.events.schemas.events import ResourceSpecification  # noqa: PLC0415 — local: only here

    within = missing_after_s
    automation = Automation(
        name=ZOMBIE_AUTOMATION,
        description="Đánh dấu Crashed lần chạy không còn gửi nhịp (heartbeat): worker hoặc máy đã dừng",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={
                "prefect.flow-run.heartbeat",
                "prefect.flow-run.Completed",
                "prefect.flow-run.Failed",
                "prefect.flow-run.Cancelled",
                "prefect.flow-run.Crashed",
            },
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            match_related=ResourceSpecification(
                {"prefect.resource.id": f"prefect.deployment.{deployment_id}", "prefect.resource.role": "deployment"}
            ),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=within),
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message=f"mất tín hiệu của lần chạy quá {within} giây: worker hoặc máy chạy đã dừng",
            )
        ],
    )
    with get_client(sync_client=True) as client:
        for old in client.read_automations_by_name(ZOMBIE_AUTOMATION):
            client.delete_automation(old.id)
    automation.create()


def register(
    pool: str | None = None,
    limit: int | None = 2,
    source: str | os.PathLike | None = None,
    heartbeat_s: int = HEARTBEAT_S,
    missing_after_s: int | None = None,
) -> dict:
    """The pool, the province deployment (from local source: the checkout at `source`, by default
    this one, which every worker machine must have at the same path) and the zombie automation
    (a run silent for `missing_after_s`, default three heartbeats, is marked Crashed)."""
    if heartbeat_s < 30:
        raise ValueError(f"nhịp (heartbeat) {heartbeat_s} giây: Prefect cần ít nhất 30 giây")
    missing_after_s = missing_after_s or 3 * heartbeat_s
    if missing_after_s <= heartbeat_s:
        raise ValueError(
            f"{missing_after_s} giây không lớn hơn một nhịp ({heartbeat_s} giây): lần chạy đang sống sẽ bị đánh dấu Crashed"
        )
    pool = pool or work_pool_setting()
    pool_action = ensure_pool(pool, limit)
    deployable = province_run.from_source(source=str(Path(source or PROJECT_ROOT).resolve()), entrypoint=ENTRYPOINT)
    deployment_id = deployable.deploy(
        name=DEPLOYMENT,
        work_pool_name=pool,
        # the heartbeats that let a dead worker's run be marked Crashed (ensure_zombie_automation)
        job_variables={"env": {"PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(heartbeat_s)}},
        tags=["motcua", "province"],
        description="Quy trình hằng đêm của một tỉnh: tiếp nhận → nạp → chỉ số → kiểm tra → công bố → kho dùng chung",
        build=False,
        push=False,
        print_next_steps=False,
        ignore_warnings=True,  # "a process pool: consider .serve": the pool is the point here
    )
    ensure_zombie_automation(deployment_id, missing_after_s)
    return {
        "pool": pool,
        "pool_action": pool_action,
        "limit": limit,
        "deployment": FULL_NAME,
        "id": str(deployment_id),
        "heartbeat_s": heartbeat_s,
        "missing_after_s": missing_after_s,
    }


def _outcome(run) -> dict:
    state = run.state
    return {
        "type": state.type.value if state else None,
        "state": state.name if state else None,
        "message": state.message if state else None,
        "flow_run": run.name,
        "flow_run_id": str(run.id),
    }


def _retry_crashed(client, run, done: int, retries: int) -> bool:
    """Schedule a Crashed run again, on the same flow run (what `prefect flow-run retry` does):
    True when it was, False when its `retries` are spent. Prefect's flow `retries` cannot do
    this: the server retries a run that fails *in its process* (RUNNING → FAILED), never one whose
    process is gone (a worker killed, a machine down, memory exhausted), which is Crashed."""
    from prefect.states import Scheduled  # noqa: PLC0415 — local: only here

    if run.state.type.value != "CRASHED" or done >= retries:
        return False
    message = f"chạy lại lần {done + 1} sau khi đổ vỡ: {run.state.message or run.state.name}"
    client.set_flow_run_state(run.id, Scheduled(message=message), force=True)
    print(f"{run.name}: {message}")
    return True


def wait_for_runs(started: dict, timeout_s: float, poll_s: float, crash_retries: int = 0) -> dict[str, dict]:
    """Poll the flow runs (province → id) until each is final or the deadline passes; a run
    still going at the deadline is reported in the state it is in (Running, Scheduled, …). A run
    that ends Crashed is scheduled again, at most `crash_retries` times (any worker of the pool
    takes it); its outcome then says how many times it was (`retried`)."""
    pending = dict(started)
    outcomes: dict[str, dict] = {}
    retried = dict.fromkeys(started, 0)
    deadline = time.monotonic() + timeout_s
    with get_client(sync_client=True) as client:
        while pending:
            for code, run_id in list(pending.items()):
                run = client.read_flow_run(run_id)
                if run.state and run.state.is_final():
                    if _retry_crashed(client, run, retried[code], crash_retries):
                        retried[code] += 1
                        continue
                    outcomes[code] = _with_retries(_outcome(run), retried[code])
                    del pending[code]
            if not pending:
                break
            if time.monotonic() >= deadline:
                for code, run_id in pending.items():
                    outcomes[code] = _outcome(client.read_flow_run(run_id))
                    outcomes[code]["message"] = f"chưa kết thúc sau {f'{timeout_s / 60:g}'.replace('.', ',')} phút" + (
                        f" ({outcomes[code]['message']})" if outcomes[code]["message"] else ""
                    )
                    outcomes[code] = _with_retries(outcomes[code], retried[code])
                break
            time.sleep(poll_s)
    return outcomes


def _with_retries(outcome: dict, retried: int) -> dict:
    """The outcome of a run scheduled again after crashing: `retried` times, said in its message."""
    if not retried:
        return outcome
    note = f"đã chạy lại {retried} lần sau khi đổ vỡ"
    message = f"{outcome['message']} ({note})" if outcome.get("message") else note
    return {**outcome, "retried": retried, "message": message}


@flow(name="motcua-national", log_prints=True)
def national(
    provinces_file: str,
    data_dir: str | None = None,
    store: str | None = None,
    as_of: date | None = None,
    render: bool = True,
    deployment: str = FULL_NAME,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    poll_s: float = 5.0,
    crash_retries: int | None = None,
) -> dict:
    """Start every province's run on the pool, wait for all (a run that crashes is scheduled
    again `crash_retries` times, default MOTCUA_PROVINCE_RETRIES: 1), roll up with those that
    published; the others are named with their run's state and message (national_provinces)."""
    crash_retries = province_retries_setting() if crash_retries is None else crash_retries
    config = read_provinces_file(provinces_file)
    uri = store or config.store or shared_store()
    if not uri:
        raise ValueError("chưa có kho dùng chung: store trong tệp danh sách tỉnh, --store hoặc MOTCUA_SHARED_STORE")
    open_store(uri)  # a folder store is created once here, not raced by the provinces' runs
    started: dict = {}
    outcomes: dict[str, dict] = {}
    for p in config.provinces:
        try:
            run = run_deployment(
                deployment,
                parameters=p.parameters(uri, as_of, render),
                timeout=0,  # start them all, then wait: the pool runs them side by side
                work_queue_name=p.queue,
                job_variables={"env": p.env} if p.env else None,
                flow_run_name=f"tinh-{p.code}",
            )
            started[p.code] = run.id
        except Exception as exc:  # one province that cannot be started never stops the others
            outcomes[p.code] = {"type": "FAILED", "state": "Failed", "message": f"không tạo được lần chạy: {exc}"}
    outcomes |= wait_for_runs(started, timeout_s, poll_s, crash_retries)
    for code in config.codes:
        o = outcomes[code]
        print(f"tỉnh {code}: {o['state']}" + (f" — {o['message']}" if o.get("message") else ""))
    done = rollup(open_store(uri, create=False), data_paths(data_dir), expected=config.codes, runs=outcomes)
    done["runs"] = outcomes
    return done

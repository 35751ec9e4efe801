"""The nightly flow: pull → land → load → transform → check → publish (→ render, later).

`nightly` is the Prefect flow (what the schedule runs); `run_pipeline` is the same sequence
without Prefect, for tests and benchmarks. Both go through `_pipeline`, so there is one order
of steps. A failing check or any error leaves the published database untouched.
"""

# No `from __future__ import annotations` here: Prefect builds the flow's parameter model from
# real annotations, and string ones break when a served run unpickles the flow.
import os
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipelines.flows import steps
from pipelines.flows.summary import due_soon_summary, headline_scorecard, write_summary
from pipelines.fsutil import RunLocked, run_lock
from pipelines.national.publish import share
from pipelines.settings import Paths, connect, data_paths, shared_store
from pipelines.sources.api import ApiPullError

Call = Callable[..., object]


def _direct(timer: steps.StepTimer) -> Call:
    def call(name, fn, *args, **kwargs):
        return timer.run(name, fn, *args, **kwargs)

    return call


def _render(call: Call, paths: Paths, result, run_id: str, progress) -> dict:
    """Render the reports of the published database; a rendering failure never unpublishes it."""
    from pipelines.reports.render import render_reports  # noqa: PLC0415 — local: +0.9 s, +24 MB (altair, papermill, nbconvert) for run_pipeline's callers that never render (replay, bench, tests)

    def paused(*a):  # after the first page is rendered aside (test-only pause, else a no-op)
        steps._test_pause("render")
        if progress:
            progress(*a)

    try:
        rep = call(
            "render",
            render_reports,
            paths.curated_db,
            paths.reports,
            result.as_of,
            run_id,
            progress=paused,
            checks=result.checks,
        )
        return {
            "index": str(paths.reports / "index.html"),
            "errors": rep.get("errors", []),
            "pages": len(rep.get("reports", [])),
            "seconds": rep.get("seconds"),
            "bieu06": [b.get("xlsx") for b in rep.get("bieu06", [])],
        }
    except Exception as exc:
        return {"index": None, "errors": [f"{type(exc).__name__}: {exc}"]}


STEP_VI = {
    "pull": "kéo dữ liệu API",
    "land": "tiếp nhận tệp",
    "load": "đọc tệp",
    "transform_check": "dựng kho và kiểm tra",
    "publish": "công bố",
    "parquet": "xuất Parquet",
    "share": "công bố lên kho dùng chung",
    "render": "dựng báo cáo",
}


def _tracking(call: Call, summary: dict) -> Call:
    """`call`, remembering which step runs (the one named when the run fails)."""

    def tracked(name, fn, *args, **kwargs):
        summary["step"] = name
        return call(name, fn, *args, **kwargs)

    return tracked


RUN_LOCK = ".run.lock"


def run_lock_wait() -> float:
    """`MOTCUA_RUN_LOCK_WAIT_S`: how long a run waits for another one on the same data folder
    (default 0: it stops at once)."""
    try:
        return float(os.environ.get("MOTCUA_RUN_LOCK_WAIT_S", "0") or 0)
    except ValueError:
        return 0.0


def _pipeline(
    call: Call,
    timer: steps.StepTimer,
    inbox: Path | None,
    as_of: date | None,
    paths: Paths,
    run_id: str,
    *args,
    **kwargs,
) -> dict:
    """One run at a time per data folder: a second one waits (MOTCUA_RUN_LOCK_WAIT_S), then stops
    without touching anything (not even the run summary, which is the first run's)."""
    lock = run_lock(paths.root / RUN_LOCK, run_lock_wait())
    try:
        lock.__enter__()
    except RunLocked as exc:
        return {
            "run_id": run_id,
            "inbox": str(inbox) if inbox else None,
            "status": "locked",
            "status_vi": "Không chạy",
            "error": str(exc),
            "failed_step": None,
            "published": [],
            "files_landed": 0,
            "files_parsed": 0,
            "outputs": {},
        }
    try:
        return _locked_pipeline(call, timer, inbox, as_of, paths, run_id, *args, **kwargs)
    finally:
        lock.__exit__(None, None, None)


def _locked_pipeline(
    call: Call,
    timer: steps.StepTimer,
    inbox: Path | None,
    as_of: date | None,
    paths: Paths,
    run_id: str,
    progress=None,
    render: bool = True,
    api: str | None = None,
    full_rebuild: bool = False,
) -> dict:
    # every key the summary's readers expect exists from the start, so a run failing in any step
    # is still summarised (with the step, its message, and what was published: nothing)
    summary: dict = {
        "run_id": run_id,
        "inbox": str(inbox) if inbox else None,
        "api": api,
        "status": "running",
        "step": None,
        "failed_step": None,
        "error": None,
        "api_pages_landed": 0,
        "files_landed": 0,
        "files_parsed": 0,
        "skipped_entries": [],
        "problem_files": [],
        "file_notes": [],
        "published": [],
    }
    call = _tracking(call, summary)
    try:
        paths.ensure()
        summary["cleaned"] = steps.clean_leftovers(paths)
        pulled = call("pull", steps.pull, api, paths)
        summary["api_pages_landed"] = len(pulled)
        landing = call("land", steps.land, inbox, paths)
        summary["files_landed"] = len(landing["landed"])
        summary["skipped_entries"] = landing["skipped"]
        parsed = call("load", steps.parse, paths, progress)
        summary["files_parsed"] = len(parsed)
        summary["problem_files"] = [
            {
                "original_name": r.get("original_name"),
                "file_id": r.get("file_id"),
                "message": r.get("message"),
                "rows_quarantined": r.get("rows_quarantined"),
            }
            for r in parsed
            if r.get("status") != "loaded" or r.get("rows_quarantined")
        ]
        # loaded files with a warning: formulas read as cached values, a suspected legacy encoding
        summary["file_notes"] = [
            {"original_name": r.get("original_name"), "file_id": r.get("file_id"), "note": note}
            for r in parsed
            for note in r.get("notes") or []
        ]
        result = call("transform_check", steps.build, paths, as_of, run_id, full=full_rebuild)
        summary["build_mode"] = result.mode
        summary["build_mode_reason"] = result.mode_reason
        summary["as_of"] = result.as_of.isoformat() if result.as_of else None
        summary["as_of_vi"] = result.as_of.strftime("%d/%m/%Y") if result.as_of else None
        summary["checks"] = result.checks
        summary["model_timings"] = result.model_timings
        summary["load_summary"] = _load_summary(result.db_path)
        failed = [c for c in result.checks if c["severity"] == "fail" and c.get("failing_rows")]
        if failed:
            summary["status"] = "failed_checks"
            summary["error"] = "Kiểm tra bắt buộc không đạt, không công bố: " + ", ".join(
                f"{c['model']}.{c['name']} ({c['failing_rows']} dòng)" for c in failed
            )
        else:
            summary["scorecard"] = headline_scorecard(result.db_path, result.as_of).to_dict("records")
            summary["due_soon"] = due_soon_summary(result.db_path, result.as_of)
            call("publish", steps.publish, result.db_path, paths)
            summary["published"].append(str(paths.curated_db))
            call("parquet", steps.export_parquet, paths.curated_db, paths.curated / "parquet")
            summary["published"].append(str(paths.curated / "parquet"))
            summary["status"] = "published"
            # to the shared store of the national roll-up, when one is set (docs/national.md);
            # `share` never raises: a failure is reported here and the local publication stays
            if shared_store():
                summary["shared"] = call("share", share, paths)
            if render:
                # the summary of what was published is written now, and again after rendering:
                # a run killed while rendering does not leave the previous run's summary behind
                summary["reports"] = {"index": None, "errors": [], "pending": True}
                _write(summary, timer, paths, run_id)
                summary["reports"] = _render(call, paths, result, run_id, progress)
    except Exception as exc:  # the run must say what went wrong, and leave the published DB as it was
        summary["status"] = "error"
        summary["failed_step"] = summary.get("step")
        where = STEP_VI.get(summary["failed_step"], summary["failed_step"])
        summary["error"] = (
            f"bước {where} ({summary['failed_step']}) thất bại: " if where else ""
        ) + f"{type(exc).__name__}: {exc}"
        summary["traceback"] = traceback.format_exc()
    summary.pop("step", None)
    return _write(summary, timer, paths, run_id)


def _write(summary: dict, timer: steps.StepTimer, paths: Paths, run_id: str) -> dict:
    """Write the run summary (curated/run_summary.{json,md}, runs/<id>.json) as it stands."""
    summary["status_vi"] = {
        "published": "Đã công bố",
        "failed_checks": "Không công bố (kiểm tra không đạt)",
        "error": "Lỗi, không công bố",
    }.get(summary["status"], summary["status"])
    summary["durations"] = dict(timer.durations)
    try:
        written = write_summary({k: v for k, v in summary.items() if k != "step"}, paths, run_id)
        summary["outputs"] = {k: str(v) for k, v in written.items()}
    except Exception as exc:  # e.g. a full disk: the caller still gets the summary and its status
        summary["outputs"] = {}
        summary["summary_error"] = f"không ghi được tóm tắt lần chạy: {type(exc).__name__}: {exc}"
    return summary


def _load_summary(db_path: Path) -> list[dict]:
    con = connect(db_path, read_only=True)
    try:
        return (
            con.execute("SELECT entity, rows_in, rows_loaded, rows_quarantined FROM load_summary ORDER BY entity")
            .df()
            .to_dict("records")
        )
    finally:
        con.close()


def run_pipeline(
    inbox: Path | None = None,
    as_of: date | None = None,
    data_dir: Path | None = None,
    progress=None,
    render: bool = False,
    api: str | None = None,
    full_rebuild: bool = False,
) -> dict:
    """The nightly sequence without Prefect (tests, benchmarks, `motcua run --no-prefect`).

    Reports are rendered only when asked (`render=True`): tests and the replay rarely need them.
    The warehouse is built as an increment of the published one when it can be;
    `full_rebuild=True` rebuilds it whole from every parsed file.
    """
    paths = data_paths(data_dir)
    timer = steps.StepTimer()
    return _pipeline(
        _direct(timer), timer, inbox, as_of, paths, steps.new_run_id(as_of), progress, render, api, full_rebuild
    )


def retryable(exc: BaseException | None) -> bool:
    """Whether a failed pull or land may succeed if tried again a little later: network errors,
    429 and 5xx of the API, a file being copied; not a refused token (401/403), another 4xx, a
    missing token or a missing inbox."""
    if isinstance(exc, ApiPullError):
        return exc.retryable
    if isinstance(exc, FileNotFoundError):
        return False
    return isinstance(exc, OSError) or type(exc).__module__.startswith("httpx")


def _retry_condition(task, task_run, state) -> bool:
    """Prefect's `retry_condition_fn`: the failed state carries the exception."""
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            exc = state.result(raise_on_failure=False)
        except Exception as e:  # noqa: BLE001
            exc = e
    return retryable(exc if isinstance(exc, BaseException) else None)


def nightly_flow():
    """The Prefect flow, built lazily so that importing this module never starts Prefect."""
    from prefect import flow, task  # noqa: PLC0415 — local: Prefect: +1.9 s, +23 MB on import for run_pipeline's callers (replay, bench, tests); the CLI sets its environment (_prefect_env) first
    from prefect.artifacts import create_markdown_artifact  # noqa: PLC0415 — local: Prefect, as above
    from prefect.runtime import flow_run  # noqa: PLC0415 — local: Prefect, as above

    # retries only where they can help: a file still being copied, a network that comes back
    # (never a refused token, a missing inbox: those fail the same way a minute later)
    retrying = {
        "land": dict(retries=2, retry_delay_seconds=10, retry_condition_fn=_retry_condition),
        "pull": dict(retries=1, retry_delay_seconds=60, retry_condition_fn=_retry_condition),
    }
    cache: dict = {}

    def prefect_call(timer):
        def call(name, fn, *args, **kwargs):
            if name not in cache:
                cache[name] = task(fn, name=name, **retrying.get(name, {}))
            t0 = time.perf_counter()
            try:
                return cache[name](*args, **kwargs)
            finally:
                timer.durations[name] = round(time.perf_counter() - t0, 3)

        return call

    def run_name() -> str:
        p = flow_run.parameters
        return f"nightly-asof-{p.get('as_of') or 'moi-nhat'}"

    @flow(name="motcua-nightly", flow_run_name=run_name, log_prints=True)
    def nightly(
        inbox: str | None = None,
        as_of: date | None = None,
        data_dir: str | None = None,
        render: bool = True,
        api: str | None = None,
        full_rebuild: bool = False,
    ) -> dict:
        paths = data_paths(data_dir)
        timer = steps.StepTimer()
        summary = _pipeline(
            prefect_call(timer),
            timer,
            Path(inbox) if inbox else None,
            as_of,
            paths,
            steps.new_run_id(as_of),
            render=render,
            api=api,
            full_rebuild=full_rebuild,
        )
        try:
            create_markdown_artifact(
                key="motcua-run-summary",
                markdown=Path(summary["outputs"]["md"]).read_text("utf-8"),
                description="Tóm tắt lần chạy",
            )
        except Exception:  # an artifact is a convenience; never fail the run for it
            pass
        return summary

    return nightly

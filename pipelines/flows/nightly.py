"""The nightly flow: pull → land → load → transform → check → publish (→ render, later).

`nightly` is the Prefect flow (what the schedule runs); `run_pipeline` is the same sequence
without Prefect, for tests and benchmarks. Both go through `_pipeline`, so there is one order
of steps. A failing check or any error leaves the published database untouched.
"""
# No `from __future__ import annotations` here: Prefect builds the flow's parameter model from
# real annotations, and string ones break when a served run unpickles the flow.
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipelines.flows import steps
from pipelines.flows.summary import headline_scorecard, write_summary
from pipelines.settings import Paths, connect, data_paths

Call = Callable[..., object]


def _direct(timer: steps.StepTimer) -> Call:
    def call(name, fn, *args, **kwargs):
        return timer.run(name, fn, *args, **kwargs)
    return call


def _render(call: Call, paths: Paths, result, run_id: str, progress) -> dict:
    """Render the reports of the published database; a rendering failure never unpublishes it."""
    from pipelines.reports.render import render_reports  # noqa: PLC0415 — local: +0.9 s, +24 MB (altair, papermill, nbconvert) for run_pipeline's callers that never render (replay, bench, tests)

    try:
        rep = call("render", render_reports, paths.curated_db, paths.reports, result.as_of, run_id,
                   progress=progress, checks=result.checks)
        return {"index": str(paths.reports / "index.html"), "errors": rep.get("errors", []),
                "pages": len(rep.get("reports", [])), "seconds": rep.get("seconds"),
                "bieu06": [b.get("xlsx") for b in rep.get("bieu06", [])]}
    except Exception as exc:
        return {"index": None, "errors": [f"{type(exc).__name__}: {exc}"]}


def _pipeline(call: Call, timer: steps.StepTimer, inbox: Path | None, as_of: date | None,
              paths: Paths, run_id: str, progress=None, render: bool = True, api: str | None = None,
              full_rebuild: bool = False) -> dict:
    paths.ensure()
    summary: dict = {"run_id": run_id, "inbox": str(inbox) if inbox else None, "api": api, "status": "running"}
    try:
        pulled = call("pull", steps.pull, api, paths)
        summary["api_pages_landed"] = len(pulled)
        landed = call("land", steps.land, inbox, paths)
        parsed = call("load", steps.parse, paths, progress)
        summary["files_landed"] = len(landed)
        summary["files_parsed"] = len(parsed)
        summary["problem_files"] = [
            {"original_name": r.get("original_name"), "file_id": r.get("file_id"), "message": r.get("message"),
             "rows_quarantined": r.get("rows_quarantined")}
            for r in parsed if r.get("status") != "loaded" or r.get("rows_quarantined")]
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
                f"{c['model']}.{c['name']} ({c['failing_rows']} dòng)" for c in failed)
        else:
            summary["scorecard"] = headline_scorecard(result.db_path, result.as_of).to_dict("records")
            call("publish", steps.publish, result.db_path, paths)
            call("parquet", steps.export_parquet, paths.curated_db, paths.curated / "parquet")
            summary["status"] = "published"
            if render:
                summary["reports"] = _render(call, paths, result, run_id, progress)
    except Exception as exc:  # the run must say what went wrong, and leave the published DB as it was
        summary["status"] = "error"
        summary["error"] = f"{type(exc).__name__}: {exc}"
        summary["traceback"] = traceback.format_exc()
    summary["status_vi"] = {"published": "Đã công bố", "failed_checks": "Không công bố (kiểm tra không đạt)",
                            "error": "Lỗi, không công bố"}.get(summary["status"], summary["status"])
    summary["durations"] = dict(timer.durations)
    summary["outputs"] = {k: str(v) for k, v in write_summary(summary, paths, run_id).items()}
    return summary


def _load_summary(db_path: Path) -> list[dict]:
    con = connect(db_path, read_only=True)
    try:
        return con.execute("SELECT entity, rows_in, rows_loaded, rows_quarantined FROM load_summary ORDER BY entity").df().to_dict("records")
    finally:
        con.close()


def run_pipeline(inbox: Path | None = None, as_of: date | None = None, data_dir: Path | None = None,
                 progress=None, render: bool = False, api: str | None = None, full_rebuild: bool = False) -> dict:
    """The nightly sequence without Prefect (tests, benchmarks, `motcua run --no-prefect`).

    Reports are rendered only when asked (`render=True`): tests and the replay rarely need them.
    The warehouse is built as an increment of the published one when it can be;
    `full_rebuild=True` rebuilds it whole from every parsed file.
    """
    paths = data_paths(data_dir)
    timer = steps.StepTimer()
    return _pipeline(_direct(timer), timer, inbox, as_of, paths, steps.new_run_id(as_of), progress, render, api,
                     full_rebuild)


def nightly_flow():
    """The Prefect flow, built lazily so that importing this module never starts Prefect."""
    from prefect import flow, task  # noqa: PLC0415 — local: Prefect: +1.9 s, +23 MB on import for run_pipeline's callers (replay, bench, tests); the CLI sets its environment (_prefect_env) first
    from prefect.artifacts import create_markdown_artifact  # noqa: PLC0415 — local: Prefect, as above
    from prefect.runtime import flow_run  # noqa: PLC0415 — local: Prefect, as above

    # retries only where they can help: a file still being copied, a network that comes back
    retrying = {"land": dict(retries=2, retry_delay_seconds=10), "pull": dict(retries=1, retry_delay_seconds=60)}
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
    def nightly(inbox: str | None = None, as_of: date | None = None, data_dir: str | None = None,
                render: bool = True, api: str | None = None, full_rebuild: bool = False) -> dict:
        paths = data_paths(data_dir)
        timer = steps.StepTimer()
        summary = _pipeline(prefect_call(timer), timer, Path(inbox) if inbox else None, as_of, paths,
                            steps.new_run_id(as_of), render=render, api=api, full_rebuild=full_rebuild)
        try:
            create_markdown_artifact(key="motcua-run-summary", markdown=Path(summary["outputs"]["md"]).read_text("utf-8"),
                                     description="Tóm tắt lần chạy")
        except Exception:  # an artifact is a convenience; never fail the run for it
            pass
        return summary

    return nightly

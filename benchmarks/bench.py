"""`motcua bench`: how fast the nightly run is at a province's real volume, and how much memory.

Per scale (1 ≈ the simulated province's real year), after simulating the year (outside every other figure;
a simulation folder of the same seed and scale under `data_root` is reused):

1. read floor — every inbox file read once into Arrow by the project's reader, nothing else;
2. full run — `run_pipeline` over the whole year into an empty data folder (land → load →
   transform → check → publish, reports not rendered), then report rendering apart;
3. nightly increment — the year minus its last night loaded first (untimed), then the last
   night's folder delivered and the same run timed; at the smallest scale also `motcua run`
   through Prefect's temporary server vs `--no-prefect` (the difference: Prefect overhead);
4. rebuild — the curated database rebuilt from what is landed (no inbox);
5. peer — plain pandas over the same parsed files for three metrics by agency × month,
   checked equal to `metric_values` and timed against our transform of the same models.

Every figure runs in a child process (`python -m benchmarks.bench _child …`): wall time;
CPU = user + sys of the waited children (`resource.getrusage(RUSAGE_CHILDREN)` before/after);
peak RSS = the largest sum of RSS over the child and all its descendants, polled with psutil
every 50 ms (a process tree's peak; short spikes between two polls can be missed).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

from pipelines.settings import PROJECT_ROOT, connect, data_paths

POLL_S = 0.05
MB = 1024 * 1024

# the models of "our metric step" the peer is compared with (dossier + the three metrics)
PEER_MODELS = (
    "stg_hoso",
    "stg_tientrinh",
    "stg_danhgia",
    "stg_donvi",
    "dim_agency",
    "dim_period",
    "fct_dossier_step",
    "fct_dossier",
    "core_danhgia",
    "on_time_resolution_rate",
    "electronic_circulation_rate",
    "satisfaction_rate",
)

FIGURES = ("simulate", "read_floor", "full_run", "render", "increment", "rebuild", "peer")
# Figures skipped by default from this scale on: the peer holds the whole year in pandas (3.2 GB
# at scale 1, so ~30 GB at scale 10: more than a 24 GB machine), and the read floor and report
# rendering have no goal there (the floor alone would add ~15 min). `skip=()` measures them.
LARGE_SCALE = 5.0
LARGE_SCALE_SKIP = ("read_floor", "peer", "render")
FIGURE_LABELS = {
    "simulate": "simulate (apart)",
    "read_floor": "read floor",
    "full_run": "full run",
    "render": "report rendering (apart)",
    "increment": "nightly increment",
    "rebuild": "rebuild from landed",
    "peer": "peer (pandas)",
    "prefect_run": "motcua run (Prefect)",
    "noprefect_run": "motcua run --no-prefect",
}


# --------------------------------------------------------------------------- child tasks
# Each runs in its own process, returns a JSON-able dict.


def _t_simulate(
    out: str, seed: int, scale: float, start: str = "2022-01-01", end: str = "2022-12-31", province: str | None = None
) -> dict:
    from simulator.run import simulate  # noqa: PLC0415 — local: each figure's child imports only the code it measures; +0.3–0.75 s, +15 MB in every other child

    extra = {"province": province} if province else {}  # the national bench: each province as itself
    info = simulate(
        Path(out), seed=seed, scale=scale, start=date.fromisoformat(start), end=date.fromisoformat(end), **extra
    )
    return {"files": len(info.get("files", [])), "timings_s": info.get("timings_s")}


def _floor_one(path: str) -> tuple[str, str, float, float, int, bool]:
    """One file read with the project's reader (in a pool worker): entity, format, wall, CPU, rows."""
    from pipelines.readers.read import read_file  # noqa: PLC0415 — local: the read floor's subject (+1.9 s, +93 MB with pandas), not imported by the other figures' children

    p = Path(path)
    t0, c0 = time.perf_counter(), time.process_time()
    r = read_file(p)
    return (
        r.entity or "?",
        p.suffix.lower().lstrip("."),
        time.perf_counter() - t0,
        time.process_time() - c0,
        r.table.num_rows if r.table is not None else 0,
        bool(r.error),
    )


def _t_read_floor(inbox: str) -> dict:
    """Every inbox file read once into Arrow, by as many reader processes as the load step uses
    (`parse_workers`), so that full run / floor compares like with like."""
    from pipelines.raw.parse_runs import parse_workers  # noqa: PLC0415 — local: imports the readers (+1.7 s, +92 MB), only for the read floor's child

    files = sorted(str(p) for p in Path(inbox).rglob("*") if p.is_file())
    workers = parse_workers(len(files))
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
            outcomes = list(pool.map(_floor_one, files, chunksize=4))
    else:
        outcomes = [_floor_one(f) for f in files]
    per_entity: dict[str, float] = {}
    per_format: dict[str, float] = {}
    for ent, fmt, _wall, cpu, _rows, _err in outcomes:
        per_entity[ent] = per_entity.get(ent, 0.0) + cpu
        per_format[fmt] = per_format.get(fmt, 0.0) + cpu
    return {
        "files": len(files),
        "workers": workers,
        "rows": sum(o[4] for o in outcomes),
        "errors": sum(o[5] for o in outcomes),
        "cpu_seconds_by_entity": {k: round(v, 2) for k, v in sorted(per_entity.items())},
        "cpu_seconds_by_format": {k: round(v, 2) for k, v in sorted(per_format.items())},
    }


def _t_pipeline(inbox: str | None, data_dir: str, full_rebuild: bool = False) -> dict:
    from pipelines.flows.nightly import run_pipeline  # noqa: PLC0415 — local: the pipeline figure's subject (+0.6 s, +21 MB after the readers: httpx, the warehouse), not the other children's

    s = run_pipeline(Path(inbox) if inbox else None, None, Path(data_dir), render=False, full_rebuild=full_rebuild)
    return {
        "status": s.get("status"),
        "error": s.get("error"),
        "as_of": s.get("as_of"),
        "build_mode": s.get("build_mode"),
        "build_mode_reason": s.get("build_mode_reason"),
        "run_id": s.get("run_id"),
        "files_landed": s.get("files_landed"),
        "files_parsed": s.get("files_parsed"),
        "durations": s.get("durations"),
        "model_timings": {k: round(float(v), 3) for k, v in (s.get("model_timings") or {}).items()},
    }


def _t_render(data_dir: str) -> dict:
    from pipelines.reports.render import render_reports  # noqa: PLC0415 — local: the render figure's subject (+1.0 s, +34 MB: altair, papermill), not the other children's

    paths = data_paths(data_dir)
    con = connect(paths.curated_db, read_only=True)
    try:
        as_of, run_id = con.execute("SELECT as_of, run_id FROM run_params").fetchall()[0]
    finally:
        con.close()
    rep = render_reports(paths.curated_db, paths.reports, as_of, run_id)
    return {"pages": len(rep.get("reports", [])), "errors": len(rep.get("errors", [])), "seconds": rep.get("seconds")}


def _t_peer(data_dir: str, as_of: str, out: str) -> dict:
    t0 = time.perf_counter()
    from benchmarks.peer import peer_metrics  # noqa: PLC0415 — local: its import time is part of the peer figure (import_s)

    t1 = time.perf_counter()
    df = peer_metrics(Path(data_dir), date.fromisoformat(as_of))
    t2 = time.perf_counter()
    df.to_parquet(out, index=False)
    return {"rows": len(df), "import_s": round(t1 - t0, 3), "compute_s": round(t2 - t1, 3)}


TASKS: dict[str, Callable[..., dict]] = {
    "simulate": _t_simulate,
    "read_floor": _t_read_floor,
    "pipeline": _t_pipeline,
    "render": _t_render,
    "peer": _t_peer,
}


def _child_main(argv: list[str]) -> int:
    task, args, out = argv[0], json.loads(argv[1]), Path(argv[2])
    result = TASKS[task](**args)
    out.write_text(json.dumps(result, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


# --------------------------------------------------------------------------- measuring


def _tree_rss(proc) -> int:
    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure_command(
    cmd: list[str], env: dict | None = None, log: Path | None = None, timeout: float | None = None
) -> dict:
    """Run cmd as a child; wall, CPU (user+sys of waited children) and the process tree's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = open(log, "ab") if log else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        proc = psutil.Popen(cmd, cwd=str(PROJECT_ROOT), env=env, stdout=out, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc))
            if timeout and time.perf_counter() - t0 > timeout:
                proc.kill()
            time.sleep(POLL_S)
        wall = time.perf_counter() - t0
        rc = proc.wait()
    finally:
        if log:
            out.close()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    sys_ = after.ru_stime - before.ru_stime
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(user + sys_, 2),
        "user_s": round(user, 2),
        "sys_s": round(sys_, 2),
        "peak_rss_mb": round(peak / MB, 1),
        "returncode": rc,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }


def measure_task(task: str, args: dict, env: dict, workdir: Path, log: Path) -> dict:
    """One child task measured; its returned dict under `result`."""
    out = workdir / f".{task}-{time.time_ns()}.json"
    cmd = [sys.executable, "-m", "benchmarks.bench", "_child", task, json.dumps(args), str(out)]
    fig = measure_command(cmd, env=env, log=log)
    if fig["returncode"] != 0 or not out.exists():
        raise RuntimeError(f"benchmark task {task} failed (exit {fig['returncode']}); see {log}")
    fig["result"] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return fig


def _child_env(data_root: Path) -> dict:
    env = dict(os.environ)
    # synthetic data: a key of its own, never the user's pseudonym key
    env["MOTCUA_KEY_FILE"] = str((data_root / "bench-pseudonym.key").resolve())
    env.setdefault("PYTHONHASHSEED", "0")
    env["PREFECT_HOME"] = str((data_root / "prefect").resolve())
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    return env


def _link_tree(src: Path, dst: Path) -> None:
    """Deliver a night folder without copying bytes (hard links; a copy across file systems)."""

    def link(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, copy_function=link)


def _parse_seconds(data_dir: Path) -> dict:
    """Where the load step's time goes: per-file seconds of the parse index, by entity and format."""
    from pipelines.raw.parse_runs import read_parse_index  # noqa: PLC0415 — local: imports the readers (+1.7 s, +92 MB), kept out of every child (the peer's import_s)

    idx = read_parse_index(data_paths(data_dir))
    by_entity: dict[str, float] = {}
    by_format: dict[str, float] = {}
    slowest = sorted(idx.values(), key=lambda r: -(r.get("seconds") or 0))[:5]
    for r in idx.values():
        s = float(r.get("seconds") or 0)
        by_entity[r.get("entity") or "?"] = by_entity.get(r.get("entity") or "?", 0.0) + s
        by_format[r.get("format") or "?"] = by_format.get(r.get("format") or "?", 0.0) + s
    return {
        "files": len(idx),
        "total_s": round(sum(by_entity.values()), 2),
        "by_entity": {k: round(v, 2) for k, v in sorted(by_entity.items(), key=lambda kv: -kv[1])},
        "by_format": {k: round(v, 2) for k, v in sorted(by_format.items(), key=lambda kv: -kv[1])},
        "slowest": [
            {"name": r.get("original_name"), "rows": r.get("rows_in"), "seconds": r.get("seconds")} for r in slowest
        ],
    }


def _machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "node": platform.node(),
    }


# --------------------------------------------------------------------------- goals


def evaluate_goals(scales: dict[str, dict]) -> list[dict]:
    """The issue's goals, for the scales measured: figure, goal, actual, met."""
    goals: list[dict] = []

    def add(name: str, goal: str, actual, ok: bool | None) -> None:
        goals.append({"goal": name, "target": goal, "actual": actual, "met": ok})

    for s in scales.values():
        scale = s["scale"]
        f = s["figures"]
        r = s["ratios"]
        if scale == 1.0:
            add("full run, scale 1", "≤ 60 s", f["full_run"]["wall_s"], f["full_run"]["wall_s"] <= 60)
            add("full run / read floor, scale 1", "≤ 1.5×", r["full_over_floor"], r["full_over_floor"] <= 1.5)
            add("nightly increment, scale 1", "≤ 10 s", f["increment"]["wall_s"], f["increment"]["wall_s"] <= 10)
            add("peak memory, scale 1", "≤ 2048 MB", s["peak_rss_mb"], s["peak_rss_mb"] <= 2048)
            sim = f["simulate"].get("wall_s")
            add("simulate, scale 1", "≤ 120 s", sim, None if sim is None else sim <= 120)
        if scale == 10.0:
            add("full run, scale 10", "≤ 600 s", f["full_run"]["wall_s"], f["full_run"]["wall_s"] <= 600)
            add("peak memory, scale 10", "≤ 4096 MB", s["peak_rss_mb"], s["peak_rss_mb"] <= 4096)
            sim = f["simulate"].get("wall_s")
            add("simulate, scale 10", "≤ 900 s", sim, None if sim is None else sim <= 900)
        for name, k in (("nightly increment", "peer_over_ours_increment"), ("full build", "peer_over_ours_full_build")):
            add(
                f"peer / ours (metric step, {name}), scale {scale:g}",
                "≥ 10×",
                r[k],
                None if r[k] is None else r[k] >= 10,
            )
    return goals


# --------------------------------------------------------------------------- the benchmark


def _ours(mt: dict[str, float], build_s: float | None) -> dict:
    """Our side of the peer comparison, from a build's model timings: the models doing the
    peer's work (dossier table, steps, evaluations, the three metric models) plus the
    aggregation to agency × month (`metric_facts`, `metric_values_t`, for all 25 metrics)."""
    subset = {k: round(mt[k], 3) for k in PEER_MODELS if k in mt}
    subset_s = round(sum(subset.values()), 3)
    agg_s = round(subset_s + mt.get("metric_facts", 0) + mt.get("metric_values_t", 0), 3)
    return {
        "build_wall_s": build_s,
        "model_timings_total_s": round(sum(mt.values()), 2),
        "subset_models": subset,
        "subset_s": subset_s,
        "subset_with_aggregation_s": agg_s,
        "subset_with_aggregation_and_load_s": round(agg_s + mt.get("_load_raw", 0), 3),
    }


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def run_bench(
    scales: list[float] | None = None,
    data_root: Path = Path("data/bench"),
    seed: int = 42,
    keep: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    start: date = date(2022, 1, 1),
    end: date = date(2022, 12, 31),
    prefect_pair: bool = True,
    skip: tuple[str, ...] | None = None,
) -> dict:
    """Measure every figure at every scale; write `data_root/bench-<timestamp>.json` and `latest.json`.

    `start`/`end` shorten the simulated period (the tests use a month; the goals assume the year);
    `prefect_pair=False` skips the Prefect-overhead measurement (it needs Prefect's temporary server).
    Returns the report (also written as JSON; its path under "json").
    """
    scales = [float(s) for s in (scales or [1.0])]
    data_root = Path(data_root).resolve()
    data_root.mkdir(parents=True, exist_ok=True)
    env = _child_env(data_root)
    log = data_root / "bench.log"
    started = datetime.now(UTC)
    smallest = min(scales)
    report: dict[str, Any] = {
        "started_utc": started.isoformat(timespec="seconds"),
        "seed": seed,
        "machine": _machine(),
        "method": {
            "peak_rss": "psutil: sum of RSS of the child process and all its descendants, "
            f"polled every {int(POLL_S * 1000)} ms; the largest sum",
            "cpu": "resource.getrusage(RUSAGE_CHILDREN) user+sys, after minus before",
            "wall": "time.perf_counter around the child process",
        },
        "scales": {},
    }
    steps = 8
    for scale in scales:
        key = f"{scale:g}"
        step = 0

        def tick(label: str, key: str = key) -> None:
            nonlocal step
            if progress:
                progress(step, steps, f"scale {key}: {label}")
            step += 1

        period = "" if (start, end) == (date(2022, 1, 1), date(2022, 12, 31)) else f"-{start:%Y%m%d}-{end:%Y%m%d}"
        sim_dir = data_root / f"sim-seed{seed}-scale{key}{period}"
        work = data_root / f"work-seed{seed}-scale{key}{period}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        figures: dict[str, dict] = {}

        # 0. simulate (apart; reused when present)
        tick("simulate")
        sidecar = sim_dir / "_bench_simulate.json"
        if (sim_dir / "_simulation.json").exists():
            if sidecar.exists():
                sim = json.loads(sidecar.read_text(encoding="utf-8"))
            else:
                t = json.loads((sim_dir / "_simulation.json").read_text(encoding="utf-8")).get("timings_s", {})
                sim = {
                    "wall_s": round(sum(t.values()), 2) if t else None,
                    "cpu_s": None,
                    "peak_rss_mb": None,
                    "note": "reused folder; wall = the simulator's own generate + export seconds",
                }
            sim["reused"] = True
        else:
            shutil.rmtree(sim_dir, ignore_errors=True)
            sim = measure_task(
                "simulate",
                {"out": str(sim_dir), "seed": seed, "scale": scale, "start": start.isoformat(), "end": end.isoformat()},
                env,
                work,
                log,
            )
            sidecar.write_text(json.dumps(sim, indent=1), encoding="utf-8")
            sim["reused"] = False
        figures["simulate"] = sim
        inbox = sim_dir / "inbox"
        nights = sorted(p for p in inbox.iterdir() if p.is_dir())
        n_files = sum(1 for p in inbox.rglob("*") if p.is_file())
        inbox_mb = round(sum(p.stat().st_size for p in inbox.rglob("*") if p.is_file()) / MB, 1)

        # The full run takes every night but the last; the last night is then the increment
        # delivered on top of the loaded year, and the rebuild runs on that same folder (one
        # copy of the year landed, not two: at scale 10 a second one would not fit on disk).
        prefix_inbox, last_inbox = work / "inbox-year", work / "inbox-last"
        prefix_inbox.mkdir()
        last_inbox.mkdir()
        for n in nights[:-1]:
            _link_tree(n, prefix_inbox / n.name)
        _link_tree(nights[-1], last_inbox / nights[-1].name)

        skipped = set(skip if skip is not None else (LARGE_SCALE_SKIP if scale >= LARGE_SCALE else ()))
        skipped_note = {
            "skipped": True,
            "wall_s": None,
            "cpu_s": None,
            "peak_rss_mb": None,
            "note": f"not measured at scale {key} (see LARGE_SCALE_SKIP in benchmarks/bench.py)",
        }

        # 1. read floor (the full run's files)
        tick("read floor")
        figures["read_floor"] = (
            dict(skipped_note)
            if "read_floor" in skipped
            else measure_task("read_floor", {"inbox": str(prefix_inbox)}, env, work, log)
        )

        # 2. full run, then rendering apart
        tick("full run")
        full_dir = work / "data"
        figures["full_run"] = measure_task(
            "pipeline", {"inbox": str(prefix_inbox), "data_dir": str(full_dir)}, env, work, log
        )
        full = figures["full_run"]["result"]
        if full["status"] != "published":
            raise RuntimeError(f"full run not published: {full.get('error')}")
        figures["full_run"]["nights"] = len(nights) - 1
        figures["full_run"]["parse_seconds"] = _parse_seconds(full_dir)
        tick("report rendering")
        figures["render"] = (
            dict(skipped_note)
            if "render" in skipped
            else measure_task("render", {"data_dir": str(full_dir)}, env, work, log)
        )

        # 3. peer over the full run's landed data, checked against its published database
        tick("peer")
        if "peer" in skipped:
            figures["peer"] = dict(skipped_note, result={"compute_s": None})
            check = {
                "equal": None,
                "rows_compared": 0,
                "mismatches": None,
                "only_peer": None,
                "only_ours": None,
                "note": "peer not run",
            }
        else:
            import pandas as pd  # noqa: PLC0415 — local: +1.8–2.6 s, +81 MB: at the top it would be in every figure's child and void the peer's import_s

            from benchmarks.peer import compare, ours_by_agency_month  # noqa: PLC0415 — local: as pandas above

            peer_out = work / "peer.parquet"
            figures["peer"] = measure_task(
                "peer", {"data_dir": str(full_dir), "as_of": full["as_of"], "out": str(peer_out)}, env, work, log
            )
            check = compare(pd.read_parquet(peer_out), ours_by_agency_month(full_dir / "curated" / "motcua.duckdb"))

        # 4. nightly increment: the last night delivered on top of the loaded year
        tick("nightly increment")
        figures["increment"] = measure_task(
            "pipeline", {"inbox": str(last_inbox), "data_dir": str(full_dir)}, env, work, log
        )
        figures["increment"]["last_night"] = nights[-1].name
        figures["increment"]["last_night_files"] = sum(1 for p in nights[-1].rglob("*") if p.is_file())
        if figures["increment"]["result"]["status"] != "published":
            raise RuntimeError(f"increment not published: {figures['increment']['result'].get('error')}")

        # 5. rebuild from what is landed (forced: the whole warehouse from the parsed files)
        tick("rebuild")
        figures["rebuild"] = measure_task(
            "pipeline", {"inbox": None, "data_dir": str(full_dir), "full_rebuild": True}, env, work, log
        )
        night_dir = full_dir

        # Prefect overhead, once, at the smallest scale: the same CLI run with and without Prefect
        # (no inbox and nothing new: the nightly path on an unchanged folder)
        prefect: dict | None = None
        if prefect_pair and scale == smallest:
            tick("Prefect overhead")
            base = [sys.executable, "-m", "pipelines.cli", "run", "--data-dir", str(night_dir), "--no-render"]
            with_p = measure_command(base + ["--prefect"], env=env, log=log)
            without = measure_command(base + ["--no-prefect"], env=env, log=log)
            prefect = {
                "prefect_run": with_p,
                "noprefect_run": without,
                "overhead_s": round(with_p["wall_s"] - without["wall_s"], 2),
                "note": "`motcua run --no-render` on the loaded folder with nothing new, "
                "Prefect's temporary server vs --no-prefect",
            }
        else:
            step += 1

        mt = full["model_timings"]
        peer_s = figures["peer"]["wall_s"]
        peer_compute = figures["peer"]["result"]["compute_s"]
        ours = {
            "full_build": _ours(mt, full["durations"].get("transform_check")),
            "increment": _ours(
                figures["increment"]["result"]["model_timings"],
                figures["increment"]["result"]["durations"].get("transform_check"),
            ),
        }
        pipeline_peaks = [
            figures[k]["peak_rss_mb"]
            for k in ("full_run", "increment", "rebuild", "render")
            if figures[k].get("peak_rss_mb") is not None
        ]
        ratios = {
            "full_over_floor": _ratio(figures["full_run"]["wall_s"], figures["read_floor"]["wall_s"]),
            "increment_over_full": _ratio(figures["increment"]["wall_s"], figures["full_run"]["wall_s"]),
            # the goal's figure: the peer recomputing the year vs what our nightly run does
            "peer_over_ours_increment": _ratio(peer_compute, ours["increment"]["subset_with_aggregation_s"]),
            "peer_over_ours_full_build": _ratio(peer_compute, ours["full_build"]["subset_with_aggregation_s"]),
            "peer_process_over_ours_increment": _ratio(peer_s, ours["increment"]["subset_with_aggregation_s"]),
            "peer_over_ours_full_build_subset_only": _ratio(peer_compute, ours["full_build"]["subset_s"]),
            "peer_over_ours_full_build_whole": _ratio(peer_compute, ours["full_build"]["build_wall_s"]),
        }
        report["scales"][key] = {
            "scale": scale,
            "inbox": {"nights": len(nights), "files": n_files, "mb": inbox_mb},
            "figures": figures,
            "prefect": prefect,
            "peer_check": check,
            "ours_metric_step": ours,
            "ratios": ratios,
            "peak_rss_mb": max(pipeline_peaks),
            "top_models": dict(sorted(mt.items(), key=lambda kv: -kv[1])[:12]),
            "durations_full": full["durations"],
            "durations_increment": figures["increment"]["result"]["durations"],
            "durations_rebuild": figures["rebuild"]["result"]["durations"],
        }
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
        if progress:
            progress(steps, steps, f"scale {key}: done")
    report["goals"] = evaluate_goals(report["scales"])
    report["finished_utc"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report, ensure_ascii=False, indent=1, default=str)
    out = data_root / f"bench-{stamp}.json"
    out.write_text(text, encoding="utf-8")
    (data_root / "latest.json").write_text(text, encoding="utf-8")
    report["json"] = str(out)
    return report


# --------------------------------------------------------------------------- printing


def _fmt(v, nd=2) -> str:
    return "—" if v is None else f"{v:,.{nd}f}"


def print_report(report: dict, console=None) -> None:
    console = console or Console()
    m = report["machine"]
    console.print(
        f"Machine: {m['cores']} cores, {m['memory_gb']} GB, load average at start "
        f"{m['load_avg']}, at end {m.get('load_avg_end')}; Python {m['python']}"
    )
    for key, s in report["scales"].items():
        t = Table(
            title=f"Scale {key}: {s['inbox']['nights']} nights, {s['inbox']['files']} files, {s['inbox']['mb']} MB"
        )
        for c in ("figure", "wall s", "CPU s", "peak RSS MB", "load avg (1 min)"):
            t.add_column(c, justify="left" if c == "figure" else "right")
        rows = [(k, s["figures"][k]) for k in FIGURES]
        if s.get("prefect"):
            rows += [("prefect_run", s["prefect"]["prefect_run"]), ("noprefect_run", s["prefect"]["noprefect_run"])]
        for k, f in rows:
            label = FIGURE_LABELS[k] + (" (reused)" if k == "simulate" and f.get("reused") else "")
            la = f.get("load_avg")
            t.add_row(
                label,
                _fmt(f.get("wall_s")),
                _fmt(f.get("cpu_s")),
                _fmt(f.get("peak_rss_mb"), 0),
                _fmt(la[0]) if la else "—",
            )
        console.print(t)
        r, o, c = s["ratios"], s["ours_metric_step"], s["peer_check"]
        inc = s["figures"]["increment"]
        console.print(
            f"  full / floor = {_fmt(r['full_over_floor'])}×; increment / full = "
            f"{_fmt(r['increment_over_full'])} (night {inc.get('last_night')}, "
            f"{inc.get('last_night_files')} files, built as {inc['result'].get('build_mode')})"
        )
        peer = s["figures"]["peer"]["result"]["compute_s"]
        for name, k, ratio in (
            ("nightly increment", "increment", "peer_over_ours_increment"),
            ("full build", "full_build", "peer_over_ours_full_build"),
        ):
            console.print(
                f"  peer / ours ({name}) = {_fmt(r[ratio])}× (peer compute {_fmt(peer)} s vs our "
                f"{len(o[k]['subset_models'])} models + aggregation {_fmt(o[k]['subset_with_aggregation_s'], 3)} s;"
                f" whole build {_fmt(o[k]['build_wall_s'])} s)"
            )
        if s.get("prefect"):
            console.print(f"  Prefect overhead: {_fmt(s['prefect']['overhead_s'])} s")
        if c["equal"] is None:
            console.print("  peer check: not run at this scale")
            continue
        colour = "green" if c["equal"] else "red"
        console.print(
            f"  peer check: [{colour}]{'equal' if c['equal'] else 'MISMATCH'}[/{colour}] "
            f"({c['rows_compared']} agency × month × metric rows compared, {c['mismatches']} mismatches, "
            f"{c['only_peer']} only in peer, {c['only_ours']} only in ours)"
        )
    g = Table(title="Goals")
    for c in ("goal", "target", "actual", ""):
        g.add_column(c)
    for row in report["goals"]:
        mark = "—" if row["met"] is None else ("[green]✓[/green]" if row["met"] else "[red]✗[/red]")
        g.add_row(
            row["goal"], row["target"], _fmt(row["actual"]) if isinstance(row["actual"], (int, float)) else "—", mark
        )
    console.print(g)
    if report.get("json"):
        console.print(f"JSON: {report['json']}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_child":
        return _child_main(argv[1:])
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench")
    ap.add_argument("--scale", type=float, action="append")
    ap.add_argument("--data-root", type=Path, default=Path("data/bench"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args(argv)

    def say(done, total, label):
        print(f"[{datetime.now(UTC):%H:%M:%S}] {done}/{total} {label}", flush=True)

    rep = run_bench(a.scale or [1.0], a.data_root, a.seed, a.keep, progress=say)
    print_report(rep)
    return 0


if __name__ == "__main__":
    sys.exit(main())

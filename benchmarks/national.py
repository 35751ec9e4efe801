"""`motcua bench --national`: many provinces through a Prefect server, a process pool and two
workers on this machine, measured; and the projection to the 34 provinces of 2026
(benchmarks/README.md, "National").

Provinces are simulated as themselves (`simulate --province`, as `motcua demo --national`): `large`
provinces at `large_scale` first (they start first: the longest runs are not left for last),
then `provinces` at `scale`. Each province's year is delivered in two nights of the pool:

1. first load — every night but the last (a year's backlog: land, parse, build, publish);
2. increment — the last night on top (what every ordinary night costs).

Measured: the wall of each province's run (the Prefect server's start and end of the flow run),
the peak RSS of each worker (the worker, the run's process and its reader processes: psutil,
sum over the process tree, polled every 0,25 s), the national flow's own process (waiting, then
the roll-up) and the roll-up alone (`motcua national rollup` in a child process, after).

The projection fits wall = a + b × dossiers per phase (a: a run's fixed cost — process start,
Prefect, the build's fixed models; b: seconds per dossier of the province's year), sizes the 34
provinces from their population at Hà Tĩnh's volume per inhabitant, and finds the fewest
workers whose longest-first schedule of every province's run, plus the roll-up, fits the
nightly window.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import yaml

from benchmarks.bench import MB, _child_env, _link_tree, _machine, _tree_rss, measure_command, measure_task
from pipelines.flows import local_prefect
from pipelines.flows.national_demo import demo_codes, simulated_plan, simulated_province
from pipelines.settings import PROJECT_ROOT, connect, data_paths

RESULTS_DIR = PROJECT_ROOT / "benchmarks" / "results"
POOL = "motcua-bench"
SAMPLE_S = 0.25
CLI = [sys.executable, "-c", "from pipelines.cli import app; app()"]

# Hà Tĩnh's simulated year at scale 1 (benchmarks/README.md) and its population: the volume per
# inhabitant every province of the projection is assumed to have
HATINH_DOSSIERS_PER_YEAR = 850_000
HATINH_POPULATION = 1_323_700

# The 34 provinces and cities from 1 July 2025 (Nghị quyết 202/2025/QH15), population in persons
# as compiled by tinbds.com, "Danh sách 34 tỉnh thành mới theo dân số"
# (https://tinbds.com/danh-sach-tinh-thanh/dan-so, read 03/12/2026), itself from the figures of
# the merger's proposals (Quyết định 759/QĐ-TTg, 2025). Sum 111 453 810, 10 % above the GSO's
# 101,1 million for 2024 (the compilation mixes registered and resident counts): volumes are on
# the safe side.
POPULATION_2025 = {
    "TP Hồ Chí Minh": 14_002_598,
    "Hà Nội": 8_587_100,
    "An Giang": 4_952_238,
    "Hải Phòng": 4_664_124,
    "Đồng Nai": 4_491_408,
    "Ninh Bình": 4_412_264,
    "Đồng Tháp": 4_370_046,
    "Vĩnh Long": 4_257_581,
    "Cần Thơ": 4_199_824,
    "Phú Thọ": 4_022_638,
    "Lâm Đồng": 3_872_999,
    "Thanh Hóa": 3_739_500,
    "Bắc Ninh": 3_619_433,
    "Gia Lai": 3_583_693,
    "Hưng Yên": 3_567_943,
    "Nghệ An": 3_442_000,
    "Đắk Lắk": 3_346_853,
    "Tây Ninh": 3_254_170,
    "Đà Nẵng": 3_065_628,
    "Cà Mau": 2_606_672,
    "Khánh Hòa": 2_243_554,
    "Quảng Ngãi": 2_161_755,
    "Quảng Trị": 1_870_845,
    "Tuyên Quang": 1_865_270,
    "Thái Nguyên": 1_799_489,
    "Lào Cai": 1_778_785,
    "Quảng Ninh": 1_381_200,
    "Hà Tĩnh": 1_323_700,
    "Sơn La": 1_313_300,
    "Huế": 1_166_500,
    "Lạng Sơn": 807_300,
    "Điện Biên": 646_200,
    "Cao Bằng": 547_900,
    "Lai Châu": 489_300,
}
WINDOW_S = 5.5 * 3600  # 00:30 → 06:00: the exports of the day are in by 00:30, the reports due at 06:00


# --------------------------------------------------------------------------- the projection


def fit_line(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Least squares wall = a + b × x over (x, wall) points. With one distinct x the fixed cost
    cannot be told apart: a = 0, b = mean wall / x (every second counted as proportional)."""
    xs = {x for x, _ in points}
    if not points or not all(x > 0 for x in xs):
        raise ValueError("cần ít nhất một điểm đo với số hồ sơ > 0")
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    if len(xs) == 1:
        return 0.0, my / mx
    b = sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x, _ in points)
    return my - b * mx, b


def lpt_makespan(durations: list[float], workers: int) -> float:
    """The end of a longest-first schedule of `durations` on `workers` (each run to the worker
    free first: what a pool of workers taking the next run does, runs started longest first)."""
    loads = [0.0] * workers
    for d in sorted(durations, reverse=True):
        i = loads.index(min(loads))
        loads[i] += d
    return max(loads)


def workers_needed(durations: list[float], window_s: float, rollup_s: float) -> int | None:
    """The fewest workers whose schedule of `durations` plus the roll-up fits `window_s`; None
    when one run alone does not fit (more workers cannot help: that province must be faster)."""
    if not durations:
        return 0
    if max(durations) + rollup_s > window_s:
        return None
    n = max(1, math.ceil(sum(durations) / (window_s - rollup_s)))
    while lpt_makespan(durations, n) + rollup_s > window_s:
        n += 1
    return n


def province_volumes(population: dict[str, int] = POPULATION_2025) -> dict[str, float]:
    """Dossiers a year per province at Hà Tĩnh's volume per inhabitant."""
    per_capita = HATINH_DOSSIERS_PER_YEAR / HATINH_POPULATION
    return {name: pop * per_capita for name, pop in population.items()}


def project(
    fits: dict[str, tuple[float, float]],
    rollup_s: float,
    window_s: float = WINDOW_S,
    population: dict[str, int] = POPULATION_2025,
) -> dict:
    """For each phase fitted (`first_load`, `increment`): each province's run in seconds, the total,
    the longest, and the workers needed to finish in the window."""
    volumes = province_volumes(population)
    out: dict[str, Any] = {
        "window_s": window_s,
        "rollup_s": rollup_s,
        "dossiers_per_inhabitant": round(HATINH_DOSSIERS_PER_YEAR / HATINH_POPULATION, 4),
        "dossiers_per_year_total": round(sum(volumes.values())),
    }
    for phase, (a, b) in fits.items():
        runs = {name: a + b * v for name, v in volumes.items()}
        longest = max(runs, key=runs.get)
        out[phase] = {
            "a_s": round(a, 2),
            "b_s_per_1000_dossiers": round(b * 1000, 4),
            "total_s": round(sum(runs.values()), 1),
            "longest": longest,
            "longest_s": round(runs[longest], 1),
            "workers": workers_needed(list(runs.values()), window_s, rollup_s),
        }
    return out


# --------------------------------------------------------------------------- measuring


class _Sampler:
    """Peak RSS of each worker's process tree, polled in a thread until stopped."""

    def __init__(self, procs: dict[str, int]):
        self.procs = {name: psutil.Process(pid) for name, pid in procs.items()}
        self.peaks = dict.fromkeys(procs, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, proc in self.procs.items():
                self.peaks[name] = max(self.peaks[name], _tree_rss(proc))
            self._stop.wait(SAMPLE_S)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        return False

    def peaks_mb(self) -> dict[str, float]:
        return {k: round(v / MB, 1) for k, v in self.peaks.items()}


def _province_runs(api_url: str, seen: set) -> list[dict]:
    """The province runs the server knows that are not in `seen` (added to it): name, state, wall."""
    from prefect.client.orchestration import get_client  # noqa: PLC0415 — local: Prefect only here
    from prefect.settings import PREFECT_API_URL, temporary_settings  # noqa: PLC0415 — local: as above

    out = []
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        for run in client.read_flow_runs():
            if run.id in seen or not (run.name or "").startswith("tinh-"):
                continue
            seen.add(run.id)
            wall = (run.end_time - run.start_time).total_seconds() if run.start_time and run.end_time else None
            out.append({"code": run.name.removeprefix("tinh-"), "state": run.state.name, "wall_s": wall})
    return out


def _province_size(data_dir: Path) -> dict:
    """Dossiers (fct_dossier rows), rows loaded and files read of a province's data folder."""
    paths = data_paths(data_dir)
    con = connect(paths.curated_db, read_only=True)
    try:
        dossiers = con.execute("SELECT count(*) FROM fct_dossier").fetchone()[0]
    finally:
        con.close()
    rows = files = 0
    with open(paths.raw / "parse_index.jsonl", encoding="utf-8") as fh:
        for line in fh:
            e = json.loads(line)
            rows += e.get("rows_loaded") or 0
            files += 1
    return {"dossiers": dossiers, "rows": rows, "files": files}


def _deliver(sim_inbox: Path, inbox: Path, last: bool) -> int:
    """Hard-link every night but the last (or the last alone) of a simulation into `inbox`."""
    nights = sorted(p for p in sim_inbox.iterdir() if p.is_dir())
    chosen = nights[-1:] if last else nights[:-1]
    inbox.mkdir(parents=True, exist_ok=True)
    for night in chosen:
        _link_tree(night, inbox / night.name)
    return sum(1 for n in chosen for p in n.rglob("*") if p.is_file())


def _phase(name: str, provinces_file: Path, env: dict, workers: dict, work: Path, api_url: str, seen: set) -> dict:
    """One night of the national flow (`motcua national run`), measured."""
    with _Sampler(workers) as sampler:
        cmd = [*CLI, "national", "run", str(provinces_file), "--no-render"]
        fig = measure_command(cmd, env=env, log=work / "logs" / f"national-{name}.log")
    return {"national": fig, "workers_peak_rss_mb": sampler.peaks_mb(), "runs": _province_runs(api_url, seen)}


def run_national_bench(
    root: Path,
    provinces: int = 6,
    scale: float = 0.2,
    large: int = 2,
    large_scale: float = 1.0,
    seed: int = 42,
    echo: Callable[[str], None] = print,
    results_dir: Path = RESULTS_DIR,
) -> dict:
    """Simulate, start the server and two workers, run the two nights, roll up alone; write the
    report to `results_dir/national-<UTC stamp>.json` and return it."""
    root = Path(root).resolve()
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    work = root / f"national-{stamp}"
    (work / "logs").mkdir(parents=True)
    env = _child_env(root)
    plan = [(c, large_scale) for c in demo_codes(large + provinces)[:large]]
    plan += [(c, scale) for c in demo_codes(large + provinces)[large:]]
    entries, sims = [], {}
    for i, (code, s) in enumerate(plan):
        sim = root / "national-sim" / f"{code}-seed{seed + i}-scale{s:g}"
        province = simulated_province(sim)
        if province is None or province.get("code") != code:  # none yet, or an older relabelled one
            echo(f"Mô phỏng tỉnh {code} (quy mô {s:g}) …")
            shutil.rmtree(sim, ignore_errors=True)
            args = {"out": str(sim), "seed": seed + i, "scale": s, "province": code}
            measure_task("simulate", args, env, root, root / "bench.log")
            province = simulated_province(sim)
        sims[code] = sim
        inbox = work / "inbox" / code
        _deliver(sim / "inbox", inbox, last=False)
        entries.append({"code": code, "inbox": str(inbox), "plan": simulated_plan(sim, province)})
    provinces_file = work / "provinces.yaml"
    provinces_file.write_text(
        yaml.safe_dump({"store": "store", "data_root": "provinces", "provinces": entries}, allow_unicode=True),
        encoding="utf-8",
    )
    home = work / "prefect"
    server, workers = None, []
    old_env = {k: os.environ.get(k) for k in ("PREFECT_API_URL", "PREFECT_HOME")}
    report: dict[str, Any] = {
        "started_utc": started.isoformat(timespec="seconds"),
        "machine": _machine(),
        "provinces": {c: {"scale": s} for c, s in plan},
        "seed": seed,
    }
    try:
        server, api_url = local_prefect.start_server(home, local_prefect.free_port(), work / "logs" / "server.log")
        wenv = local_prefect.prefect_env(home, api_url) | {
            "MOTCUA_KEY_FILE": env["MOTCUA_KEY_FILE"],
            "PREFECT_WORKER_QUERY_SECONDS": "2",
        }
        os.environ.update({k: wenv[k] for k in ("PREFECT_API_URL", "PREFECT_HOME")})
        from pipelines.flows.fanout import register  # noqa: PLC0415 — local: imports Prefect, once PREFECT_API_URL is this server's

        register(POOL, limit=2)
        for i in (1, 2):
            log = work / "logs" / f"worker{i}.log"
            workers.append(local_prefect.start_worker(POOL, wenv, log, PROJECT_ROOT, name=f"bench-{i}", limit=1))
        pids = {f"worker{i + 1}": w.pid for i, w in enumerate(workers)}
        nenv = wenv | {"MOTCUA_DATA_DIR": str(work / "national"), "MOTCUA_WORK_POOL": POOL, "COLUMNS": "200"}
        seen: set = set()
        echo(f"Đêm 1 (nạp lần đầu): {len(plan)} tỉnh, hai worker …")
        report["first_load"] = _phase("first_load", provinces_file, nenv, pids, work, api_url, seen)
        for code in sims:
            _deliver(sims[code] / "inbox", work / "inbox" / code, last=True)
        echo("Đêm 2 (một đêm mới) …")
        report["increment"] = _phase("increment", provinces_file, nenv, pids, work, api_url, seen)
    finally:
        for proc in [*workers, server]:
            local_prefect.stop(proc)
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    for code in sims:
        report["provinces"][code] |= _province_size(work / "provinces" / code)
    echo("Tổng hợp toàn quốc riêng (đo bộ nhớ) …")
    renv = env | {"MOTCUA_DATA_DIR": str(work / "rollup-alone")}
    report["rollup"] = measure_command(
        [*CLI, "national", "rollup", "--store", str(work / "store")], env=renv, log=work / "logs" / "rollup.log"
    )
    report["fits"], report["throughput"] = _fits(report)
    report["projection"] = project(report["fits"], rollup_s=report["rollup"]["wall_s"])
    report["finished_utc"] = datetime.now(UTC).isoformat(timespec="seconds")
    report["machine"]["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"national-{stamp}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    report["json"] = str(out)
    return report


def _fits(report: dict) -> tuple[dict, dict]:
    """(a, b) of wall = a + b × dossiers per phase over the completed runs; and each run's
    throughput (dossiers of the province's year per second of its run)."""
    fits, throughput = {}, {}
    for phase in ("first_load", "increment"):
        points = []
        for r in report[phase]["runs"]:
            size = report["provinces"][r["code"]]
            if r["state"] == "Completed" and r["wall_s"]:
                points.append((size["dossiers"], r["wall_s"]))
                throughput.setdefault(phase, {})[r["code"]] = round(size["dossiers"] / r["wall_s"], 1)
        if points:
            fits[phase] = fit_line(points)
    return fits, throughput


# --------------------------------------------------------------------------- printing


def _n(v, nd=1) -> str:
    if v is None:
        return "—"
    s = f"{v:,.{nd}f}"
    return s.replace(",", " ").replace(".", ",")


def print_national(report: dict, console=None) -> None:
    from rich.console import Console  # noqa: PLC0415 — local: only when printing
    from rich.table import Table  # noqa: PLC0415 — local: as above

    console = console or Console()
    t = Table(title="Từng tỉnh: thời gian chạy trên pool (giây)")
    for col in ("tỉnh", "quy mô", "hồ sơ", "dòng", "nạp lần đầu", "hồ sơ/s", "một đêm mới"):
        t.add_column(col, justify="right")
    walls = {p: {r["code"]: r for r in report[p]["runs"]} for p in ("first_load", "increment")}
    for code, p in report["provinces"].items():
        first, inc = walls["first_load"].get(code, {}), walls["increment"].get(code, {})
        t.add_row(
            code,
            _n(p["scale"], 2),
            _n(p.get("dossiers"), 0),
            _n(p.get("rows"), 0),
            f"{_n(first.get('wall_s'))} {'' if first.get('state') == 'Completed' else first.get('state')}",
            _n(report["throughput"].get("first_load", {}).get(code)),
            f"{_n(inc.get('wall_s'))} {'' if inc.get('state') == 'Completed' else inc.get('state')}",
        )
    console.print(t)
    m = Table(title="Bộ nhớ đỉnh (MB) và thời gian cả đêm (giây)")
    for col in ("", "nạp lần đầu", "một đêm mới"):
        m.add_column(col, justify="right")
    for w in report["first_load"]["workers_peak_rss_mb"]:
        m.add_row(w, *(_n(report[p]["workers_peak_rss_mb"][w], 0) for p in ("first_load", "increment")))
    m.add_row(
        "luồng toàn quốc (chờ + tổng hợp)",
        *(_n(report[p]["national"]["peak_rss_mb"], 0) for p in ("first_load", "increment")),
    )
    m.add_row("cả đêm (wall)", *(_n(report[p]["national"]["wall_s"]) for p in ("first_load", "increment")))
    console.print(m)
    r = report["rollup"]
    console.print(f"Tổng hợp toàn quốc riêng: {_n(r['wall_s'])} s, đỉnh {_n(r['peak_rss_mb'], 0)} MB")
    pr = report["projection"]
    for phase, label in (("first_load", "nạp lần đầu một năm"), ("increment", "một đêm thường")):
        if phase in pr:
            x = pr[phase]
            need = (
                f"[bold]{x['workers']}[/bold] worker cho 00:30–06:00"
                if x["workers"] is not None
                else "[bold]không worker nào đủ[/bold]: riêng tỉnh lâu nhất đã quá 00:30–06:00"
            )
            console.print(
                f"34 tỉnh, {label}: {_n(x['total_s'] / 3600, 2)} giờ-worker, lâu nhất {x['longest']} "
                f"{_n(x['longest_s'])} s → {need}"
            )
    console.print(f"JSON: {report.get('json')}")

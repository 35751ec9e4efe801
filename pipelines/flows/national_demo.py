"""`motcua demo --national N`: N small provinces through a local Prefect server, a process pool
and two workers, end to end (docs/national.md, "Chạy nhiều tỉnh trên nhiều máy").

Each province is simulated as itself (`motcua simulate --province CODE`, with its own seed:
the CLI passes `simulate`, the pipeline never imports the simulator): its own districts,
communes and agencies, and the plan the simulation delivers with its exports — Hà Tĩnh's own
`hatinh-2022`, for another province the "minh họa" copy the simulator writes under its
`plans/` (`_simulation.json` names it). Every process started here is stopped before
returning, whatever happens.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from pipelines.flows import local_prefect
from pipelines.national.provinces import province_names
from pipelines.settings import PROJECT_ROOT

# Hà Tĩnh first (the simulator's own), then its neighbours along the coast, then the others
FIRST_CODES = ["42", "40", "44", "45", "46", "38", "48", "49", "51", "52"]
POOL = "motcua-demo"
DATA_ROOT = "provinces"  # each province's data folder: national-demo/provinces/<code> (fanout's default)
STORE = "store"  # the demo's shared store: national-demo/store
HA_TINH, HA_TINH_PLAN = "42", "hatinh-2022"  # the simulator's default province and its real plan


def demo_codes(n: int) -> list[str]:
    others = [c for c in sorted(province_names()) if c not in FIRST_CODES]
    codes = (FIRST_CODES + others)[:n]
    if len(codes) < n:
        raise ValueError(f"chỉ có {len(codes)} tỉnh trong danh mục, không mô phỏng được {n}")
    return codes


def simulated_province(sim: Path) -> dict | None:
    """`province` of the simulation in `sim` (`_simulation.json`: code, name, plan), None when
    there is none or it predates simulated provinces (the provinces were then relabelled)."""
    path = sim / "_simulation.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("province")


def simulated_plan(sim: Path, province: dict) -> str:
    """The plan a simulation delivered: its plan file under `sim`, or, for Hà Tĩnh, the id of its
    own plan in `plans/`. Never another province's plan: a province without one is refused."""
    if province.get("plan"):
        return str(sim / province["plan"])
    if province["code"] == HA_TINH:
        return HA_TINH_PLAN
    raise ValueError(f"{sim}: tỉnh {province['code']} không có kế hoạch trong _simulation.json")


def simulate_once(sim: Path, code: str, seed: int, simulate: Callable[[Path, int, str], None], echo) -> dict:
    """Province `code`'s simulation in `sim`, made unless already there. A folder from another
    simulation (an older relabelled one) is replaced whole: no stale night may remain."""
    province = simulated_province(sim)
    if province is None or province.get("code") != code:
        shutil.rmtree(sim, ignore_errors=True)
        echo(f"Mô phỏng tỉnh {code} (hạt giống {seed}) vào {sim} …")
        simulate(sim, seed, code)
        province = simulated_province(sim)
    if province is None or province.get("code") != code:
        raise RuntimeError(f"mô phỏng tỉnh {code} không ghi {sim / '_simulation.json'} của tỉnh đó")
    return province


def fresh_start(demo: Path) -> None:
    """Every demo runs its provinces from nothing: the provinces' data folders and the store of an
    earlier demo (another N, scale or seed, or provinces relabelled) are removed, so that no run
    lands another simulation's files and the roll-up finds no province of another demo. The
    simulations (`sim/`, named by province, seed and scale) are kept: they are what is slow."""
    for folder in (demo / DATA_ROOT, demo / STORE):
        shutil.rmtree(folder, ignore_errors=True)


def national_demo(
    root: Path,
    n: int,
    scale: float,
    seed: int,
    simulate: Callable[[Path, int, str], None],
    echo: Callable[[str], None] = print,
) -> dict:
    """Simulate, start a server and two workers, register, run the national flow; returns its
    result (`national` of pipelines/flows/fanout.py). The roll-up lands in `root/national/`.
    `simulate(out, seed, code)` writes province `code`'s simulation into `out`."""
    demo = root / "national-demo"
    fresh_start(demo)
    provinces = []
    for i, code in enumerate(demo_codes(n)):
        sim = demo / "sim" / f"{code}-seed{seed + i}-scale{scale:g}"
        province = simulate_once(sim, code, seed + i, simulate, echo)
        provinces.append({"code": code, "inbox": str(sim / "inbox"), "plan": simulated_plan(sim, province)})
    provinces_file = demo / "provinces.yaml"
    provinces_file.write_text(
        yaml.safe_dump({"store": STORE, "data_root": DATA_ROOT, "provinces": provinces}, allow_unicode=True),
        encoding="utf-8",
    )
    home = demo / "prefect"
    server = None
    workers: list = []
    try:
        server, api_url = local_prefect.start_server(home, local_prefect.free_port(), demo / "logs" / "server.log")
        echo(f"Máy chủ Prefect: {api_url}")
        env = local_prefect.prefect_env(home, api_url)
        os.environ.update({k: env[k] for k in ("PREFECT_API_URL", "PREFECT_HOME")})
        from pipelines.flows.fanout import national, register  # noqa: PLC0415 — local: imports Prefect, only once PREFECT_API_URL is this server's

        done = register(POOL, limit=2)
        echo(f"Work pool {done['pool']} (tối đa 2 lần chạy cùng lúc), deployment {done['deployment']}")
        for i in (1, 2):
            log = demo / "logs" / f"worker{i}.log"
            workers.append(local_prefect.start_worker(POOL, env, log, PROJECT_ROOT, name=f"demo-worker-{i}", limit=1))
        echo("Hai worker đã chạy; chạy quy trình toàn quốc …")
        return national(str(provinces_file), data_dir=str(root), render=False, poll_s=2)
    finally:
        for proc in [*workers, server]:
            local_prefect.stop(proc)

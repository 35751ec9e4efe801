"""`motcua demo --national N`: N small provinces through a local Prefect server, a process pool
and two workers, end to end (docs/national.md, "Chạy nhiều tỉnh trên nhiều máy").

The provinces are the simulator's one province relabelled: each is simulated with its own seed
(the CLI passes `simulate`: the pipeline never imports the simulator) and gets a copy of
`plans/hatinh-2022.yaml` with its own plan id, name and GSO code; agency ids stay the
simulator's. Every process started here is stopped before returning, whatever happens.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import yaml

from pipelines.flows import local_prefect
from pipelines.national.provinces import province_names
from pipelines.settings import PLANS_DIR, PROJECT_ROOT

# Hà Tĩnh first (the simulator's own), then its neighbours along the coast, then the others
FIRST_CODES = ["42", "40", "44", "45", "46", "38", "48", "49", "51", "52"]
POOL = "motcua-demo"


def demo_codes(n: int) -> list[str]:
    others = [c for c in sorted(province_names()) if c not in FIRST_CODES]
    codes = (FIRST_CODES + others)[:n]
    if len(codes) < n:
        raise ValueError(f"chỉ có {len(codes)} tỉnh trong danh mục, không mô phỏng được {n}")
    return codes


def relabelled_plan(code: str, out_dir: Path) -> Path:
    """plans/hatinh-2022.yaml as province `code`'s plan: `demo-<code>-2022`, its name and code."""
    name = province_names()[code]
    text = (PLANS_DIR / "hatinh-2022.yaml").read_text(encoding="utf-8")
    text = text.replace("id: hatinh-2022", f"id: demo-{code}-2022", 1)
    text = text.replace('{ name: Tỉnh Hà Tĩnh, gso_code: "42"', f'{{ name: {name}, gso_code: "{code}"', 1)
    path = out_dir / f"demo-{code}-2022.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def national_demo(
    root: Path,
    n: int,
    scale: float,
    seed: int,
    simulate: Callable[[Path, int], None],
    echo: Callable[[str], None] = print,
) -> dict:
    """Simulate, start a server and two workers, register, run the national flow; returns its
    result (`national` of pipelines/flows/fanout.py). The roll-up lands in `root/national/`."""
    demo = root / "national-demo"
    provinces = []
    for i, code in enumerate(demo_codes(n)):
        sim = demo / "sim" / f"{code}-seed{seed + i}-scale{scale:g}"
        if not (sim / "_simulation.json").exists():
            echo(f"Mô phỏng tỉnh {code} (hạt giống {seed + i}, quy mô {scale:g}) vào {sim} …")
            simulate(sim, seed + i)
        provinces.append(
            {"code": code, "inbox": str(sim / "inbox"), "plan": str(relabelled_plan(code, demo / "plans"))}
        )
    provinces_file = demo / "provinces.yaml"
    provinces_file.write_text(
        yaml.safe_dump({"store": "store", "data_root": "provinces", "provinces": provinces}, allow_unicode=True),
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

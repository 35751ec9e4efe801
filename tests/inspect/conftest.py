"""A small simulated year run through the nightly flow, shared by the slow inspection tests.

`simulate(out, seed=3, scale=0.003)` then `run_pipeline(out/'inbox', data_dir=…)` takes several
minutes (mostly reading ~1,500 export files). To iterate, point MOTCUA_INSPECT_SIM_DIR at a folder
holding `out/` (the simulation) and `data/` (a finished run over it, same seed and scale): the
fixture then reuses it read-only (tests that publish work on a copy).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.sql.worlds.index766_portal import example_ac_portal  # noqa: F401  (the QĐ 766 page and inspections)

SEED, SCALE = 3, 0.003


@dataclass
class SimYear:
    out: Path  # simulate() output (inbox/ + _simulation.json)
    data: Path  # MOTCUA_DATA_DIR of the run
    summary: dict
    world: object = None  # the SimulatedWorld the exports were written from (personal values)

    @property
    def inbox(self) -> Path:
        return self.out / "inbox"

    @property
    def db(self) -> Path:
        return self.data / "curated" / "motcua.duckdb"


@pytest.fixture(scope="session")
def sim_year(tmp_path_factory) -> SimYear:
    reuse = os.environ.get("MOTCUA_INSPECT_SIM_DIR")
    if reuse:
        base = Path(reuse)
        assert (base / "data" / "curated" / "motcua.duckdb").exists(), base
        from simulator.generate import generate_world

        return SimYear(
            base / "out", base / "data", {"status": "published", "reused": True}, generate_world(seed=SEED, scale=SCALE)
        )
    from pipelines.flows.nightly import run_pipeline
    from simulator.generate import generate_world
    from simulator.run import simulate

    base = tmp_path_factory.mktemp("sim_year")
    world = generate_world(seed=SEED, scale=SCALE)
    simulate(base / "out", seed=SEED, scale=SCALE, world=world)
    summary = run_pipeline(base / "out" / "inbox", data_dir=base / "data")
    assert summary["status"] == "published", summary.get("error")
    return SimYear(base / "out", base / "data", summary, world)

"""Three provinces simulated as themselves (`motcua simulate --province`), each run on its own
data folder with the plan its simulation delivered (Hà Tĩnh: the project's own `hatinh-2022`):
each warehouse holds only its own province's units, and the national roll-up is the union of
the three, row for row, each against its own plan."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.flows import steps
from pipelines.flows.nightly import run_pipeline
from pipelines.national.rollup import rollup
from pipelines.national.store import open_store
from pipelines.settings import PLANS_DIR, connect, data_paths

# a fortnight at a tiny scale: a few hundred dossiers a province
TINY = dict(scale=0.002, start=dt.date(2022, 3, 1), end=dt.date(2022, 3, 14), formats="csv")
# code → (the last group of its unit ids, its name, its plan)
PROVINCES = {
    "42": ("H27", "Hà Tĩnh", "hatinh-2022"),
    "44": ("S44", "Quảng Bình", "quangbinh-2022-minh-hoa"),
    "45": ("S45", "Quảng Trị", "quangtri-2022-minh-hoa"),
}


@pytest.fixture(scope="module")
def simulated(tmp_path_factory):
    """The three provinces simulated with the same seed: code → (folder, its _simulation.json)."""
    from simulator.run import simulate  # the outside world: only the tests and the CLI start it

    base = tmp_path_factory.mktemp("sim")
    return {code: (base / code, simulate(base / code, seed=21, province=code, **TINY)) for code in PROVINCES}


@pytest.fixture
def runs(tmp_path, simulated, folder_store, monkeypatch):
    """Each province's nightly run with its own plan, publishing to the folder store."""
    monkeypatch.setenv("MOTCUA_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    monkeypatch.setenv("MOTCUA_SHARED_STORE", folder_store)
    folders = {}
    for code, (sim, info) in simulated.items():
        own = info["province"]["plan"]
        plan = sim / own if own else PLANS_DIR / "hatinh-2022.yaml"  # Hà Tĩnh's is the project's
        monkeypatch.setattr(steps, "default_plan_paths", lambda plan=plan: [plan])
        folders[code] = tmp_path / f"data{code}"
        summary = run_pipeline(sim / "inbox", data_dir=folders[code])
        assert summary["status"] == "published", summary.get("error")
        assert summary["shared"]["province"] == code
    return folders


def _rows(con, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


@pytest.mark.slow
def test_each_warehouse_holds_its_own_units_and_the_roll_up_is_their_union(tmp_path, runs, folder_store):
    national = data_paths(tmp_path / "national")
    rollup(open_store(folder_store), national, expected=list(PROVINCES))

    con = connect()
    try:
        for code, folder in runs.items():
            con.execute(f"ATTACH '{data_paths(folder).curated_db}' AS p{code} (READ_ONLY)")
        con.execute(f"ATTACH '{national.national_db}' AS n (READ_ONLY)")

        for code, (suffix, short, plan_id) in PROVINCES.items():
            # 1. the warehouse's units are the province's own: every id ends with its group (so
            # none with another's); its UBND carries its name; its plan is its own
            units = con.execute(f"SELECT ma_don_vi, ten_don_vi FROM p{code}.dim_agency").fetchall()
            assert units and all(u.endswith(f".{suffix}") for u, _ in units)
            assert (f"000.00.00.{suffix}", f"UBND tỉnh {short}") in units
            assert con.execute(f"SELECT plan_id, gso_code FROM p{code}.plan_info").fetchall() == [(plan_id, code)]
            # the dossiers are received by its units only
            assert con.execute(
                f"SELECT count(*) FROM p{code}.fct_dossier WHERE NOT ma_don_vi LIKE '%.{suffix}'"
            ).fetchone() == (0,)

        # 2. the roll-up is the union of the three warehouses, row for row, each on its own plan
        for table, rolled_up in (
            ("plan_scorecard", "national_scorecard"),
            ("metric_values", "province_metric_values"),
            ("load_summary", "province_load_summary"),
        ):
            union = _rows(
                con, " UNION ALL ".join(f"SELECT * FROM (SELECT '{c}' AS province, * FROM p{c}.{table})" for c in runs)
            )
            columns = ", ".join(c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE p44.{table})").fetchall())
            assert union and _rows(con, f"SELECT province, {columns} FROM n.{rolled_up}") == union, table
        assert _rows(con, "SELECT DISTINCT province, plan_id FROM n.national_scorecard") == [
            (code, plan_id) for code, (_, _, plan_id) in PROVINCES.items()
        ]
    finally:
        con.close()

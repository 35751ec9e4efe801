"""The nightly flow end to end on a small simulated year: publish, conserve rows, stay idempotent,
keep the published database when anything fails, quarantine every injected fault."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipelines.flows import steps
from pipelines.flows.nightly import run_pipeline
from pipelines.settings import connect, data_paths

SCALE = 0.01
# two months keep the suite short (a few hundred files) while covering Tết and a quarter's end
START, END = date(2022, 1, 1), date(2022, 2, 28)


@pytest.fixture(scope="session")
def sim_clean(tmp_path_factory) -> Path:
    from simulator.run import simulate

    out = tmp_path_factory.mktemp("sim_clean")
    simulate(out, seed=7, scale=SCALE, start=START, end=END)
    return out


@pytest.fixture(scope="session")
def sim_faults(tmp_path_factory) -> Path:
    from simulator.run import simulate

    out = tmp_path_factory.mktemp("sim_faults")
    simulate(out, seed=11, scale=SCALE, start=START, end=END, faults=True)
    return out


@pytest.fixture(scope="session")
def first_run(sim_clean, tmp_path_factory):
    data = tmp_path_factory.mktemp("data_clean")
    summary = run_pipeline(sim_clean / "inbox", data_dir=data)
    return data, summary


def canonical_dump(db: Path, skip=("run_params", "load_summary")) -> dict[str, str]:
    """A hash per table of its rows in a fixed order: equal dumps = equal tables."""
    con = connect(db, read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        out = {}
        for t in tables:
            if t in skip:
                continue
            out[t] = con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(CAST(r AS VARCHAR), chr(10) ORDER BY CAST(r AS VARCHAR)), '')) "
                f'FROM (SELECT x AS r FROM "{t}" x)'
            ).fetchone()
        return out
    finally:
        con.close()


def input_rows(sim: Path) -> int:
    """Data rows the simulator wrote, each distinct file once (a file re-delivered lands once)."""
    info = json.loads((sim / "_simulation.json").read_text("utf-8"))
    seen, total = set(), 0
    for f in info["files"]:
        if f.get("fault"):
            continue
        p = sim / f["file"]
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        # with the rows nested in a JSON dossier file (QĐ 766 files, documents, fees)
        total += int(f["rows"]) + sum(f.get("nested_rows", {}).values())
    return total


def test_run_publishes_and_every_row_is_loaded_or_quarantined(first_run, sim_clean):
    data, s = first_run
    assert s["status"] == "published", s.get("error")
    paths = data_paths(data)
    assert paths.curated_db.exists()
    assert not (paths.curated / "motcua.duckdb.building").exists()
    ls = pd.DataFrame(s["load_summary"])
    assert (ls["rows_in"] == ls["rows_loaded"] + ls["rows_quarantined"]).all()
    assert ls["rows_in"].sum() == input_rows(sim_clean)
    # a clean year has nothing to quarantine but the orphans it may hold (none are simulated)
    assert ls["rows_quarantined"].sum() == 0, ls
    for name in ("run_summary.json", "run_summary.md"):
        assert (paths.curated / name).exists()
    assert (paths.curated / "parquet" / "metric_values.parquet").exists()


def test_published_views_follow_the_contract(first_run):
    data, _ = first_run
    con = connect(data_paths(data).curated_db, read_only=True)
    try:
        mv = con.execute("SELECT * FROM metric_values LIMIT 0").df().columns.tolist()
        # the contract's columns first, in order; added columns after (metrics.md, "Required
        # columns": ly_do_khong_co_du_lieu)
        assert mv[:10] == [
            "metric_id",
            "period",
            "period_start",
            "period_end",
            "level",
            "ma_don_vi",
            "group_key",
            "numerator",
            "denominator",
            "value",
        ]
        sc = con.execute("SELECT * FROM plan_scorecard LIMIT 0").df().columns.tolist()
        assert sc[:10] == [
            "target_id",
            "period",
            "level",
            "ma_don_vi",
            "group_key",
            "numerator",
            "denominator",
            "value",
            "threshold",
            "status",
        ]
        ls = con.execute("SELECT * FROM load_summary LIMIT 0").df().columns.tolist()
        assert ls[:5] == ["run_id", "entity", "rows_in", "rows_loaded", "rows_quarantined"]
        # nothing personal reaches the curated database
        cols = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns").fetchall()}
        assert not cols & {"chu_ho_so", "so_giay_to", "so_dien_thoai", "email", "dia_chi", "trich_yeu"}
    finally:
        con.close()


def test_same_night_twice_changes_nothing(first_run, sim_clean):
    data, s1 = first_run
    before = canonical_dump(data_paths(data).curated_db)
    s2 = run_pipeline(sim_clean / "inbox", data_dir=data, as_of=None)
    assert s2["status"] == "published", s2.get("error")
    assert s2["files_landed"] == 0 and s2["files_parsed"] == 0
    assert canonical_dump(data_paths(data).curated_db) == before


def test_a_crash_leaves_the_published_database_as_it_was(first_run, sim_clean, monkeypatch):
    data, _ = first_run
    db = data_paths(data).curated_db
    digest = hashlib.sha256(db.read_bytes()).hexdigest()

    def boom(*a, **k):
        raise RuntimeError("simulated crash in the middle of the build")

    monkeypatch.setattr(steps, "build", boom)
    s = run_pipeline(sim_clean / "inbox", data_dir=data)
    assert s["status"] == "error" and "simulated crash" in s["error"]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert json.loads((data_paths(data).curated / "run_summary.json").read_text("utf-8"))["status"] == "error"


def test_a_failing_check_is_not_published(first_run, sim_clean, monkeypatch):
    data, _ = first_run
    db = data_paths(data).curated_db
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    real_build = steps.build

    def build_with_failed_check(*a, **k):
        result = real_build(*a, **k)
        result.checks.append(
            {"model": "fct_dossier", "name": "injected", "severity": "fail", "description": "test", "failing_rows": 3}
        )
        return result

    monkeypatch.setattr(steps, "build", build_with_failed_check)
    s = run_pipeline(sim_clean / "inbox", data_dir=data)
    assert s["status"] == "failed_checks" and "injected" in s["error"]
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_every_injected_fault_is_quarantined_with_its_reason(sim_faults, tmp_path):
    s = run_pipeline(sim_faults / "inbox", data_dir=tmp_path)
    assert s["status"] == "published", s.get("error")
    ls = pd.DataFrame(s["load_summary"])
    assert (ls["rows_in"] == ls["rows_loaded"] + ls["rows_quarantined"]).all()
    # files without injected faults are read whole; faulty ones add their readable rows on top
    assert ls["rows_in"].sum() >= input_rows(sim_faults)
    info = json.loads((sim_faults / "_simulation.json").read_text("utf-8"))
    faults = info["faults"]
    assert faults, "the simulator injected no fault"
    paths = data_paths(tmp_path)
    q = _quarantine(paths)
    names = set(q["file_name"].dropna())
    for f in faults:
        name = Path(f["file"]).name
        if f["kind"] == "unknown_agency":
            continue  # not a bad row by contract: it loads, and a warning check names it
        if f["kind"] in ("orphan_evaluation", "orphan_payment"):
            continue  # checked below through the load summary
        assert name in names, f"fault not quarantined: {f}"
        if f.get("row") is not None and f["kind"] not in ("truncated_xlsx", "unknown_entity"):
            rows = q[(q["file_name"] == name)]["row"].dropna().astype(int).tolist()
            assert int(f["row"]) in rows, f"row of fault not quarantined: {f}"
    orphans = [f for f in faults if f["kind"] in ("orphan_evaluation", "orphan_payment")]
    if orphans:
        assert ls.loc[ls["entity"].isin(["danhgia", "thanhtoan"]), "rows_quarantined"].sum() >= len(orphans)
    warned = {c["name"] for c in s["checks"] if c.get("failing_rows") and c["severity"] == "warn"}
    if any(f["kind"] == "unknown_agency" for f in faults):
        assert any("agency" in w or "don_vi" in w for w in warned), warned


def _quarantine(paths) -> pd.DataFrame:
    files = sorted(paths.quarantine.glob("*.parquet"))
    if not files:
        return pd.DataFrame(columns=["file_name", "row", "column", "reason"])
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)


def test_the_cli_runs_the_nightly_flow_through_prefect(sim_clean, tmp_path):
    """`motcua run` as a person or the schedule calls it: a real process, Prefect's ephemeral mode."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MOTCUA_DATA_DIR": str(tmp_path / "data"), "PREFECT_HOME": str(tmp_path / "prefect")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from pipelines.cli import app; app()",
            "run",
            "--inbox",
            str(sim_clean / "inbox"),
            "--no-render",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Đã công bố" in done.stdout
    assert "Bảng chỉ tiêu kế hoạch" in done.stdout and "P2.4c" in done.stdout
    assert (tmp_path / "data" / "curated" / "motcua.duckdb").exists()

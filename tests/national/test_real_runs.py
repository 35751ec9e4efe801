"""Real parts end to end: two provinces run the nightly flow on their own data folder and plan,
publish to a folder store (the run's own step) and to a real S3 API (moto's server); the two
roll-ups are the same, and they are the union of the two province warehouses, row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.flows import steps
from pipelines.flows.nightly import run_pipeline
from pipelines.national.publish import share
from pipelines.national.rollup import rollup
from pipelines.national.store import open_store
from pipelines.settings import PLANS_DIR, connect, data_paths
from tests.flows.tiny import tiny_inbox
from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv

RESOLVED = "Ngày kết thúc xử lý"


def _quang_binh_inbox(folder: Path) -> Path:
    """Three dossiers due 25/03/2022, all resolved (status 10): 20/03 and 24/03 on time, 30/03
    late; updated 31/03 (the run's as-of date: the newest update)."""
    folder.mkdir(parents=True, exist_ok=True)
    done = {"Trạng thái": "10", "Ngày cập nhật": "20220331100000"}
    rows = [
        hoso_row(101, **done, **{RESOLVED: "20/03/2022"}),
        hoso_row(102, **done, **{RESOLVED: "24/03/2022"}),
        hoso_row(103, **done, **{RESOLVED: "30/03/2022"}),
    ]
    write_csv(folder / "hoso_2022-03-31.csv", [*HOSO_HEADER, RESOLVED], rows)
    return folder


def _plan_of(tmp_path: Path, plan_id: str, code: str, name: str) -> Path:
    """The 2022 plan as another province's: its own id and GSO code (the province of its runs)."""
    text = (PLANS_DIR / "hatinh-2022.yaml").read_text(encoding="utf-8")
    text = text.replace("id: hatinh-2022", f"id: {plan_id}", 1)
    text = text.replace('{ name: Tỉnh Hà Tĩnh, gso_code: "42"', f'{{ name: {name}, gso_code: "{code}"', 1)
    path = tmp_path / "plans" / f"{plan_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_provinces(tmp_path, folder_store, monkeypatch):
    """Hà Tĩnh (42, its own plan) and Quảng Bình (44, a plan of its own), each run once on its
    own data folder with MOTCUA_SHARED_STORE = the folder store; returns code → data folder."""
    monkeypatch.setenv("MOTCUA_KEY_FILE", str(tmp_path / "keys" / "pseudonym.key"))
    monkeypatch.setenv("MOTCUA_SHARED_STORE", folder_store)
    provinces = {
        "42": (_plan_of(tmp_path, "hatinh-2022", "42", "Tỉnh Hà Tĩnh"), tiny_inbox(tmp_path / "inbox42")),
        "44": (_plan_of(tmp_path, "quangbinh-2022", "44", "Tỉnh Quảng Bình"), _quang_binh_inbox(tmp_path / "inbox44")),
    }
    folders = {}
    for code, (plan, inbox) in provinces.items():
        monkeypatch.setattr(steps, "default_plan_paths", lambda plan=plan: [plan])
        folders[code] = tmp_path / f"data{code}"
        summary = run_pipeline(inbox, data_dir=folders[code])
        assert summary["status"] == "published", summary.get("error")
        assert summary["shared"]["status"] == "published" and summary["shared"]["province"] == code
        assert f"đã công bố tỉnh {code}" in (folders[code] / "curated" / "run_summary.md").read_text("utf-8")
    return folders


def _rows(con, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall(), key=repr)


@pytest.mark.slow
def test_folder_and_s3_roll_ups_are_equal_and_the_union_of_the_provinces(
    tmp_path, two_provinces, folder_store, s3_store
):
    for code, folder in two_provinces.items():
        done = share(data_paths(folder), store_uri=s3_store)
        assert (done["status"], done["province"]) == ("published", code)
    from_folder = data_paths(tmp_path / "national-folder")
    from_s3 = data_paths(tmp_path / "national-s3")
    rollup(open_store(folder_store), from_folder, expected=["42", "44"])
    rollup(open_store(s3_store), from_s3, expected=["42", "44"])

    con = connect()
    try:
        con.execute(f"ATTACH '{from_folder.national_db}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{from_s3.national_db}' AS b (READ_ONLY)")
        for code, folder in two_provinces.items():
            con.execute(f"ATTACH '{data_paths(folder).curated_db}' AS p{code} (READ_ONLY)")

        # 1. the two stores give the same roll-up (what differs is only when and where it was published)
        for table in (
            "national_scorecard",
            "national_metric_values",
            "national_metric_ranking",
            "national_metric",
            "province_metric_values",
            "province_load_summary",
            "province_plan_info",
            "national_provinces EXCLUDE (publication_id, published_at)",
        ):
            name, _, exclude = table.partition(" ")
            a = _rows(con, f"SELECT * {exclude} FROM a.{name}")
            b = _rows(con, f"SELECT * {exclude} FROM b.{name}")
            assert a == b, name
            assert a, name  # not equal because both are empty

        # 2. the roll-up is the union of the province warehouses, row for row
        for table, national in (
            ("metric_values", "province_metric_values"),
            ("plan_scorecard", "national_scorecard"),
            ("load_summary", "province_load_summary"),
        ):
            union = _rows(
                con,
                " UNION ALL ".join(
                    f"SELECT * FROM (SELECT '{code}' AS province, * FROM p{code}.{table})" for code in two_provinces
                ),
            )
            columns = ", ".join(c for (c,) in con.execute(f"SELECT column_name FROM (DESCRIBE p42.{table})").fetchall())
            assert _rows(con, f"SELECT province, {columns} FROM a.{national}") == union, table

        # 3. each province against its own plan
        assert _rows(con, "SELECT DISTINCT province, plan_id FROM a.national_scorecard") == [
            ("42", "hatinh-2022"),
            ("44", "quangbinh-2022"),
        ]

        # 4. the country's on-time rate of March from the real warehouses: Hà Tĩnh's export has
        # no "Ngày kết thúc xử lý" column, so its rate has no value (docs/metrics.md, "Required
        # columns": NULL numerator and denominator, never 0 of 0); Quảng Bình 2 of 3 on time →
        # the country sums the provinces that have the figure: 2 / 3
        assert con.execute(
            "SELECT province, numerator, denominator FROM a.national_metric_values WHERE metric_id = "
            "'on_time_resolution_rate' AND period = '2022-03' AND level = 'toan_tinh' ORDER BY province NULLS FIRST"
        ).fetchall() == [(None, 2.0, 3.0), ("42", None, None), ("44", 2.0, 3.0)]
    finally:
        con.close()

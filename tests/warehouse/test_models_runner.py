"""The model runner: discovery, topological order, comments, checks, generated models; the build API."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse import models as wm
from pipelines.warehouse.build import build_database
from tests.warehouse.helpers import AGENCIES, build_result_from_records, hoso, records_to_table


def _model(root: Path, layer: str, name: str, query: str, meta: str = "", checks: str = "") -> None:
    d = root / layer / name
    d.mkdir(parents=True)
    (d / "query.sql").write_text(textwrap.dedent(query), encoding="utf-8")
    (d / "metadata.yaml").write_text(textwrap.dedent(meta or f"name: {name}\n"), encoding="utf-8")
    if checks:
        (d / "checks.sql").write_text(textwrap.dedent(checks), encoding="utf-8")


@pytest.fixture
def toy_sql(tmp_path):
    root = tmp_path / "sql"
    # declared out of layer order on purpose: core/b depends on metrics/m? no — a scorecard reads b
    _model(root, "staging", "a", "SELECT 1 AS x", "name: a\ndepends_on: []\n")
    _model(
        root,
        "core",
        "b",
        "SELECT x + 1 AS y FROM a",
        textwrap.dedent("""\
        name: b
        friendly_name_vi: Bảng B
        description_vi: Mô tả bảng B
        depends_on: [a, run_params]
        columns:
          y: Cột y (x cộng 1)
        """),
        textwrap.dedent("""\
        -- check: y_is_two severity=fail
        -- y phải bằng 2
        SELECT * FROM b WHERE y <> 2

        -- check: always_warns severity=warn
        -- luôn có một dòng
        SELECT 'x' AS ly_do
        """),
    )
    # depends on b without declaring it: inferred from the query
    _model(
        root,
        "core",
        "c_view",
        "SELECT y * 10 AS z FROM b -- from a comment: zzz_not_a_model",
        "name: c_view\nmaterialized: view\n",
    )
    _model(
        root,
        "metrics",
        "m1",
        "SELECT 'm1' AS metric_id, '2022' AS period, 'tinh' AS level, "
        "'X' AS ma_don_vi, NULL AS group_key, 'u1' AS unit_id, 1 AS num, 1 AS den FROM b",
        "name: m1\nkind: metric\nmetric_id: m1\nunit: ratio\nfriendly_name_vi: Chỉ số một\n",
    )
    _model(
        root,
        "metrics",
        "m2",
        "SELECT 'm2' AS metric_id, '2022' AS period, 'u9' AS unit_id, "
        "3 AS num, NULL AS den, NULL AS level, NULL AS ma_don_vi, NULL AS group_key",
        "name: m2\nkind: metric\nmetric_id: m2\nunit: count\n",
    )
    d = root / "core" / "facts"
    d.mkdir(parents=True)
    (d / "metadata.yaml").write_text("name: facts\ngenerated: metric_union\n", encoding="utf-8")
    _model(root, "scorecard", "s", "SELECT count(*) AS n FROM facts", "name: s\n")
    (root / "core" / "_ignored").mkdir()
    return root


def test_discover_and_topological_order(toy_sql):
    models = wm.discover(toy_sql)
    names = [m.name for m in wm.order(models)]
    assert set(names) == {"a", "b", "c_view", "m1", "m2", "facts", "s"}
    pos = {n: i for i, n in enumerate(names)}
    assert pos["a"] < pos["b"] < pos["c_view"]
    assert pos["b"] < pos["m1"] < pos["facts"] < pos["s"] and pos["m2"] < pos["facts"]
    by = {m.name: m for m in models}
    assert "b" in by["c_view"].depends_on  # inferred from the query
    assert "run_params" in by["b"].depends_on  # a fixed table: kept, ignored by the order
    assert set(by["facts"].depends_on) == {"m1", "m2"}


def test_cycle_is_reported(tmp_path):
    root = tmp_path / "sql"
    _model(root, "core", "p", "SELECT * FROM q", "name: p\n")
    _model(root, "core", "q", "SELECT * FROM p", "name: q\n")
    with pytest.raises(wm.ModelError, match="cycle"):
        wm.order(wm.discover(root))


def test_run_models_comments_checks_and_union(toy_sql):
    con = connect()
    con.execute("CREATE TABLE run_params AS SELECT DATE '2022-06-30' AS as_of, NULL AS plan_id, 't' AS run_id")
    models = wm.order(wm.discover(toy_sql))
    timings = wm.run_models(con, models=models)
    assert set(timings) == {m.name for m in models}
    assert con.execute("SELECT z FROM c_view").fetchone()[0] == 20
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'c_view'").fetchone()[0] == 1
    # comments (Vietnamese) on the table and its column
    tc = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'b'").fetchone()[0]
    assert tc.startswith("Bảng B — Mô tả bảng B")
    cc = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'b' AND column_name = 'y'").fetchone()[0]
    assert cc == "Cột y (x cộng 1)"
    # the generated union: both metrics, typed fact columns
    rows = con.execute("SELECT metric_id, unit_id, num, den FROM facts ORDER BY metric_id").fetchall()
    assert rows == [("m1", "u1", 1.0, 1.0), ("m2", "u9", 3.0, None)]
    types = dict(
        con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'facts'").fetchall()
    )
    assert types["num"] == "DOUBLE" and types["period"] == "VARCHAR"
    assert con.execute("SELECT n FROM s").fetchone()[0] == 2
    # checks parsed with severity and description, run with a sample
    res = {c["name"]: c for c in wm.run_checks(con, models=models)}
    assert res["y_is_two"]["severity"] == "fail" and res["y_is_two"]["failing_rows"] == 0
    assert res["y_is_two"]["description"] == "y phải bằng 2" and res["y_is_two"]["model"] == "b"
    assert res["always_warns"]["severity"] == "warn" and res["always_warns"]["failing_rows"] == 1
    assert res["always_warns"]["sample"] == [{"ly_do": "x"}]
    assert not any(wm.is_failure(c) for c in res.values())


def test_parse_checks_blocks():
    text = textwrap.dedent("""\
        -- check: one severity=fail
        -- mô tả một
        SELECT 1 WHERE false;

        -- check: two severity=warn
        -- mô tả
        -- hai dòng
        SELECT 2
        FROM range(3)
        """)
    checks = wm.parse_checks(text, "m")
    assert [(c.name, c.severity, c.description) for c in checks] == [
        ("one", "fail", "mô tả một"),
        ("two", "warn", "mô tả hai dòng"),
    ]
    assert checks[0].sql == "SELECT 1 WHERE false"
    assert checks[1].sql.splitlines() == ["SELECT 2", "FROM range(3)"]


def test_failing_check_and_broken_check_fail_the_build(toy_sql):
    (toy_sql / "core" / "b" / "checks.sql").write_text(
        "-- check: y_is_three severity=fail\n-- y phải bằng 3\nSELECT * FROM b WHERE y <> 3\n\n"
        "-- check: broken severity=fail\n-- lỗi cú pháp\nSELECT * FROM no_such_table\n",
        encoding="utf-8",
    )
    con = connect()
    con.execute("CREATE TABLE run_params AS SELECT DATE '2022-06-30' AS as_of")
    models = wm.order(wm.discover(toy_sql))
    wm.run_models(con, models=models)
    res = {c["name"]: c for c in wm.run_checks(con, models=models)}
    assert res["y_is_three"]["failing_rows"] == 1 and wm.is_failure(res["y_is_three"])
    assert res["broken"]["error"] and wm.is_failure(res["broken"])


def test_model_error_names_the_model(tmp_path):
    root = tmp_path / "sql"
    _model(root, "core", "bad", "SELECT * FROM nowhere", "name: bad\n")
    con = connect()
    with pytest.raises(wm.ModelError, match="model bad"):
        wm.run_models(con, root)


def test_real_sql_dir_discovers_and_orders():
    models = wm.order(wm.discover(SQL_DIR))
    names = [m.name for m in models]
    for n in (
        "stg_hoso",
        "dim_calendar",
        "dim_period",
        "dim_agency",
        "fct_dossier",
        "metric_facts",
        "metric_values_t",
        "metric_values",
        "dim_metric",
        "on_time_resolution_rate",
    ):
        assert n in names
    pos = {n: i for i, n in enumerate(names)}
    assert (
        pos["stg_hoso"]
        < pos["fct_dossier"]
        < pos["on_time_resolution_rate"]
        < pos["metric_facts"]
        < pos["metric_values"]
    )
    mine = {
        "on_time_resolution_rate",
        "electronic_circulation_rate",
        "result_digitization_rate",
        "online_dossier_rate",
        "postal_dossier_share",
        "apology_coverage_rate",
    }
    assert mine <= {m.name for m in wm.metric_models(models)}


# ----------------------------------------------------------------------------- build API


def test_build_database_inputs_as_of_and_cleanup(tmp_path):
    # hoso as a parquet file (Path), tientrinh as a DataFrame with a missing column, donvi as arrow;
    # no _landed_seq in the DataFrame → 0
    hoso_tbl = records_to_table("hoso", [hoso("A", "2022-03-01 08:00", ngay_cap_nhat="2022-04-02 09:00")])
    import pyarrow.parquet as pq

    pq.write_table(hoso_tbl, tmp_path / "h.parquet")
    steps = pd.DataFrame(
        [
            {
                "ma_ho_so": "A",
                "buoc": 1,
                "hanh_dong": "tiep_nhan",
                "thoi_diem": pd.Timestamp("2022-04-05 10:00"),
                "extra_col": "ignored",
            }
        ]
    )
    ls = pd.DataFrame([{"run_id": "r1", "entity": "hoso", "rows_in": 2, "rows_loaded": 1, "rows_quarantined": 1}])
    res = build_database(
        tmp_path / "out" / "w.duckdb",
        {"hoso": tmp_path / "h.parquet", "tientrinh": steps, "donvi": records_to_table("donvi", AGENCIES)},
        None,
        [],
        run_id="r1",
        load_summary=ls,
    )
    # as-of = newest of hoso.ngay_cap_nhat (02/04) and tientrinh.thoi_diem (05/04)
    assert res.as_of == date(2022, 4, 5)
    assert res.failed_checks == []
    assert "fct_dossier" in res.model_timings
    con = connect(res.db_path, read_only=True)
    assert con.execute("SELECT as_of, run_id FROM run_params").fetchone() == (date(2022, 4, 5), "r1")
    assert (
        con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'raw\\_%' ESCAPE '\\'").fetchone()[0]
        == 0
    )
    assert con.execute("SELECT * FROM load_summary").fetchall() == [("r1", "hoso", 2, 1, 1)]
    assert con.execute("SELECT _landed_seq FROM stg_tientrinh").fetchone()[0] == 0
    assert con.execute("SELECT level FROM fct_dossier").fetchone()[0] == "tinh"
    con.close()
    # a second build on the same path starts from a fresh file
    res2 = build_database(tmp_path / "out" / "w.duckdb", {}, date(2022, 1, 31), [], run_id="r2")
    con = connect(res2.db_path, read_only=True)
    assert con.execute("SELECT count(*) FROM fct_dossier").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM load_summary").fetchone()[0] == 0
    assert con.execute("SELECT as_of FROM run_params").fetchone()[0] == date(2022, 1, 31)
    con.close()


def test_real_checks_listed_and_pass_on_clean_data(tmp_path):
    res = build_result_from_records(tmp_path, {"hoso": [hoso("A")], "donvi": AGENCIES}, date(2022, 6, 30))
    assert res.failed_checks == []
    names = {c["name"] for c in res.checks}
    assert {
        "dossier_key_unique",
        "unknown_agency",
        "dossier_dates_in_order",
        "resolved_status_without_end_date",
    } <= names


def test_view_over_raw_fails_the_build(tmp_path):
    # raw_* tables are dropped before publishing: a view reading them would be broken
    root = tmp_path / "sql"
    _model(root, "staging", "stg_view", "SELECT ma_ho_so FROM raw_hoso", "name: stg_view\nmaterialized: view\n")
    res = build_database(tmp_path / "v.duckdb", {}, date(2022, 6, 30), [], sql_dir=root)
    bad = [c["name"] for c in res.failed_checks]
    assert bad == ["published_views_bind"]


def test_landing_order_from_the_manifest_breaks_ties(tmp_path):
    """Two parquet files hold the same dossier with the same ngay_cap_nhat: the file landed later
    (by the manifest's landed_seq, not by the order of the paths) wins."""
    import datetime as dt

    import pandas as pd

    from pipelines.settings import connect
    from pipelines.warehouse.build import build_database

    base = {
        "ma_ho_so": "H1",
        "ma_don_vi": "000.00.12.H27",
        "ngay_tiep_nhan": dt.datetime(2022, 3, 1, 8),
        "ngay_cap_nhat": dt.datetime(2022, 3, 2, 9),
        "trang_thai": 4,
        "_row": 1,
    }
    a = tmp_path / "a.parquet"
    b = tmp_path / "b.parquet"
    pd.DataFrame([{**base, "kenh": 1, "_file_id": "fa"}]).to_parquet(a)
    pd.DataFrame([{**base, "kenh": 2, "_file_id": "fb"}]).to_parquet(b)
    db = tmp_path / "w.duckdb"
    build_database(db, {"hoso": [b, a]}, dt.date(2022, 3, 31), [], landed_seq={"fa": 2, "fb": 1})
    con = connect(db, read_only=True)
    assert con.execute("SELECT kenh FROM fct_dossier").fetchone()[0] == 1  # fa landed later
    con.close()


def test_folder_must_be_named_after_the_model(tmp_path):
    root = tmp_path / "sql"
    _model(root, "staging", "hoso", "SELECT 1 AS x", "name: stg_hoso\n")
    with pytest.raises(wm.ModelError, match=r"sql/staging/stg_hoso/"):
        wm.discover(root)


def test_real_sql_dir_folders_are_model_names():
    for m in wm.discover(SQL_DIR):
        if m.kind != "macro":
            assert m.path.name == m.name, m.path


def test_macros_folder_runs_after_the_models_it_reads(tmp_path):
    root = tmp_path / "sql"
    _model(root, "core", "cal", "SELECT 10 AS base", "name: cal\n")
    _model(root, "metrics", "uses", "SELECT plus_base(1) AS v, twice(2) AS w", "name: uses\n")
    (root / "macros").mkdir()
    (root / "macros" / "base.sql").write_text(
        "-- reads cal: created once cal is built\n"
        "CREATE OR REPLACE MACRO plus_base(x) AS (SELECT x + base FROM cal);\n",
        encoding="utf-8",
    )
    (root / "macros" / "pure.sql").write_text("CREATE OR REPLACE MACRO twice(x) AS x * 2;\n", encoding="utf-8")
    models = wm.order(wm.discover(root))
    names = [m.name for m in models]
    assert names.index("cal") < names.index("macros/base") < names.index("uses")
    assert names.index("macros/pure") < names.index("uses")
    by = {m.name: m for m in models}
    assert {"macros/base", "macros/pure"} <= set(by["uses"].depends_on)
    db = tmp_path / "w.duckdb"
    con = connect(db)
    wm.run_models(con, models=models)
    assert con.execute("SELECT v, w FROM uses").fetchone() == (11, 4)
    con.close()
    con = connect(db)  # persistent: the published file has them
    assert con.execute("SELECT plus_base(2), twice(3)").fetchone() == (12, 6)
    con.close()


def test_macros_beside_a_model_are_refused(tmp_path):
    root = tmp_path / "sql"
    _model(root, "core", "cal", "SELECT 1 AS d", "name: cal\n")
    (root / "core" / "cal" / "macros.sql").write_text("CREATE MACRO m(x) AS x;\n", encoding="utf-8")
    with pytest.raises(wm.ModelError, match="macros live in"):
        wm.discover(root)

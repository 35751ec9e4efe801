"""The shared aggregator metric_facts → metric_values (docs/metrics.md output contract, sql/README.md).

A toy metric is added to a copy of sql/ so that the aggregator sees hand-made facts: units that
appear several times, facts without level or agency, a count metric and a grouped metric.
"""

from __future__ import annotations

import shutil
import textwrap
from datetime import date

import pytest

from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse.build import build_database
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, XA, metric_value, records_to_table

UNKNOWN = "999.99.99.H27"


def _metric(root, name, unit, query, grouped=False):
    d = root / "metrics" / name
    d.mkdir(parents=True)
    (d / "query.sql").write_text(textwrap.dedent(query), encoding="utf-8")
    (d / "metadata.yaml").write_text(
        f"name: {name}\nkind: metric\nmetric_id: {name}\nunit: {unit}\ngrouped: {str(grouped).lower()}\n"
        f"friendly_name_vi: Chỉ số thử {name}\nmaterialized: view\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("agg")
    root = tmp / "sql"
    shutil.copytree(SQL_DIR, root)
    # zz_ratio, period 2022-03:
    #   u1 at TINH (tinh) num 1 and again at HUYEN (huyen) num 0 — e.g. a procedure at two levels
    #   u2 at TINH num 0;  u3 with level NULL at an unknown agency, num 1;  u4 no agency, level xa, num 1
    #   u5 listed twice at TINH with num 0 and num 1 → counts once with max(num) = 1
    #   → toan_tinh: u1 1/1, u2 0/1, u3 1/1, u4 1/1, u5 1/1 → 4/5
    #   → tinh: u1 1, u2 0, u5 1 → 2/3;  huyen: u1 0 → 0/1;  xa: u4 1 → 1/1;  tw: 0/0 → NULL
    #   → agency TINH 2/3, HUYEN 0/1; no row for UNKNOWN (not in DONVI) nor for u4 (no agency)
    _metric(
        root,
        "zz_ratio",
        "ratio",
        f"""\
        SELECT * FROM (VALUES
          ('zz_ratio', '2022-03', 'tinh', '{TINH}', NULL, 'u1', 1.0, 1.0),
          ('zz_ratio', '2022-03', 'huyen', '{HUYEN}', NULL, 'u1', 0.0, 1.0),
          ('zz_ratio', '2022-03', 'tinh', '{TINH}', NULL, 'u2', 0.0, 1.0),
          ('zz_ratio', '2022-03', NULL, '{UNKNOWN}', NULL, 'u3', 1.0, 1.0),
          ('zz_ratio', '2022-03', 'xa', NULL, NULL, 'u4', 1.0, 1.0),
          ('zz_ratio', '2022-03', 'tinh', '{TINH}', NULL, 'u5', 0.0, 1.0),
          ('zz_ratio', '2022-03', 'tinh', '{TINH}', NULL, 'u5', 1.0, 1.0)
        ) AS t(metric_id, period, level, ma_don_vi, group_key, unit_id, num, den)
        """,
    )
    # zz_count (count metric, per code): value = numerator, denominator NULL
    _metric(
        root,
        "zz_count",
        "count",
        f"""\
        SELECT * FROM (VALUES
          ('zz_count', '2022', 'tinh', '{TINH}', 'kiem_tra', 'a', 2.0, CAST(NULL AS DOUBLE)),
          ('zz_count', '2022', 'xa', '{XA}', 'kiem_tra', 'b', 3.0, NULL),
          ('zz_count', '2022', 'xa', '{XA}', 'truyen_thong', 'c', 1.0, NULL)
        ) AS t(metric_id, period, level, ma_don_vi, group_key, unit_id, num, den)
        """,
        grouped=True,
    )
    raw = {"donvi": records_to_table("donvi", AGENCIES)}
    res = build_database(tmp / "agg.duckdb", raw, date(2022, 6, 15), [], sql_dir=root)
    assert res.failed_checks == [], res.failed_checks
    c = connect(res.db_path, read_only=True)
    yield c
    c.close()


def test_unit_counted_once_and_rollups(con):
    assert metric_value(con, "zz_ratio", "2022-03") == (4.0, 5.0, 0.8)
    assert metric_value(con, "zz_ratio", "2022-03", "tinh") == (2.0, 3.0, pytest.approx(2 / 3))
    assert metric_value(con, "zz_ratio", "2022-03", "huyen") == (0.0, 1.0, 0.0)
    assert metric_value(con, "zz_ratio", "2022-03", "xa") == (1.0, 1.0, 1.0)
    assert metric_value(con, "zz_ratio", "2022-03", "tw") == (0.0, 0.0, None)


def test_agency_rows(con):
    assert metric_value(con, "zz_ratio", "2022-03", "tinh", TINH) == (2.0, 3.0, pytest.approx(2 / 3))
    assert metric_value(con, "zz_ratio", "2022-03", "huyen", HUYEN) == (0.0, 1.0, 0.0)
    n = con.execute(
        "SELECT count(*) FROM metric_values WHERE metric_id = 'zz_ratio' AND ma_don_vi IS NOT NULL"
    ).fetchone()[0]
    assert n == 2  # TINH and HUYEN only: no row for the unknown agency, none for the fact without agency


def test_ratio_rows_for_every_started_period(con):
    # a ratio metric without facts in a period still has its toan_tinh and level rows, 0/0 → NULL
    assert metric_value(con, "zz_ratio", "2022-05") == (0.0, 0.0, None)
    periods = {
        r[0] for r in con.execute("SELECT DISTINCT period FROM metric_values WHERE metric_id = 'zz_ratio'").fetchall()
    }
    assert periods == {r[0] for r in con.execute("SELECT period FROM dim_period").fetchall()}
    row = con.execute(
        "SELECT period_start, period_end FROM metric_values WHERE metric_id = 'zz_ratio' "
        "AND period = '2022-Q1' AND level = 'toan_tinh'"
    ).fetchone()
    assert row == (date(2022, 1, 1), date(2022, 3, 31))


def test_count_metric_by_group(con):
    assert metric_value(con, "zz_count", "2022", group_key="kiem_tra") == (5.0, None, 5.0)
    assert metric_value(con, "zz_count", "2022", group_key="truyen_thong") == (1.0, None, 1.0)
    assert metric_value(con, "zz_count", "2022", "xa", XA, "kiem_tra") == (3.0, None, 3.0)
    # grouped metrics get no filler rows
    assert metric_value(con, "zz_count", "2022-03") is None


def test_dim_metric_and_view(con):
    row = con.execute("SELECT unit, grouped, ten_chi_so FROM dim_metric WHERE metric_id = 'zz_count'").fetchone()
    assert row == ("count", True, "Chỉ số thử zz_count")
    # metric_values is a view with the contract's columns, in order, then the reason a value is
    # missing for want of data (metrics.md, "Required columns"; added, never renamed)
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'metric_values'").fetchone()[0] == 1
    cols = [r[0] for r in con.execute("DESCRIBE metric_values").fetchall()]
    assert cols == [
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
        "ly_do_khong_co_du_lieu",
    ]
    # comments in Vietnamese reach the published tables
    c = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'fct_dossier'").fetchone()[0]
    assert c.startswith("Hồ sơ TTHC")

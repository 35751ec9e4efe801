"""Small hand-made "curated databases" (the tables a province publishes from), so that the
publication and the roll-up arithmetic are tested on figures worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipelines.settings import connect


def curated_db(
    path: Path,
    gso_code: str | None,
    metric_rows: list[tuple],
    as_of: date = date(2022, 6, 30),
    plan_id: str = "plan-2022",
    run_id: str = "run-1",
) -> Path:
    """A hand-made published database: `metric_rows` are (metric_id, period, level, ma_don_vi,
    numerator, denominator) of metric_values (group_key empty, value = num/den when den > 0;
    den None = a count, value = num); one scorecard row per metric row of toan_tinh."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = connect(path)
    try:
        con.execute(
            "CREATE TABLE run_params AS SELECT ?::DATE AS as_of, ? AS plan_id, ? AS run_id", [as_of, plan_id, run_id]
        )
        con.execute(
            "CREATE TABLE plan_info AS SELECT ? AS plan_id, 'Kế hoạch' AS title, '1/QĐ-UBND' AS decision, "
            "DATE '2022-02-28' AS signed, 'Tỉnh X' AS province_name, ? AS gso_code, NULL AS agency_id, "
            "2022 AS year, '/home/someone/plans/x.yaml' AS source_file, 0 AS sort_order",
            [plan_id, gso_code],
        )
        con.execute(
            "CREATE TABLE metric_values (metric_id VARCHAR, period VARCHAR, period_start DATE, period_end DATE, "
            "level VARCHAR, ma_don_vi VARCHAR, group_key VARCHAR, numerator DOUBLE, denominator DOUBLE, value DOUBLE)"
        )
        for metric_id, period, level, ma_don_vi, num, den in metric_rows:
            start, end = (
                (date(2022, 1, 1), date(2022, 12, 31)) if period == "2022" else (date(2022, 1, 1), date(2022, 3, 31))
            )
            value = num if den is None else (num / den if den > 0 else None)
            con.execute(
                "INSERT INTO metric_values VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
                [metric_id, period, start, end, level, ma_don_vi, num, den, value],
            )
        con.execute(
            "CREATE TABLE plan_scorecard AS SELECT metric_id AS target_id, period, level, ma_don_vi, group_key, "
            "numerator, denominator, value, 0.5 AS threshold, "
            "CASE WHEN value >= 0.5 THEN 'dat' WHEN value IS NULL THEN 'khong_co_du_lieu' ELSE 'chua_dat' END AS status, "
            "? AS plan_id, 'ratio' AS kind, metric_id FROM metric_values WHERE level = 'toan_tinh'",
            [plan_id],
        )
        con.execute(
            "CREATE TABLE load_summary AS SELECT ? AS run_id, 'hoso' AS entity, 10 AS rows_in, 9 AS rows_loaded, "
            "1 AS rows_quarantined",
            [run_id],
        )
    finally:
        con.close()
    return path

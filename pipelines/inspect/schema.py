"""`motcua sql --schema [TABLE]`: the published tables and views with their Vietnamese comments.

    describe_objects(db_path) -> DataFrame(ten, loai, so_cot, do_nhay_cam, mo_ta)
    describe_columns(db_path, table) -> DataFrame(cot, kieu, mo_ta)
    sensitivity_map() -> {object name: sensitivity}
    undocumented(con_or_path) -> DataFrame(ten, loai, cot) of tables/views/columns with no comment

Comments come from the database itself (the model runner applies COMMENT ON from each model's
metadata.yaml). The sensitivity class (`cong_khai` = may be published, `noi_bo` = internal, for
the inspection team and analysts) comes from the models' metadata.yaml (`sensitivity`), plus the
tables the build writes itself in Python: their `TableDoc` next to where they are created
(`pipelines.warehouse.table_docs.BUILT_TABLES`, `pipelines.warehouse.plan.PLAN_TABLES`,
`pipelines.warehouse.index766.TABLE_DOCS`).
"""

from __future__ import annotations

import os
from functools import lru_cache

import pandas as pd
import yaml

from pipelines.inspect.sandbox import InspectError, Limits, query_df
from pipelines.settings import SQL_DIR
from pipelines.warehouse.index766 import TABLE_DOCS as INDEX766_TABLES
from pipelines.warehouse.plan import PLAN_TABLES
from pipelines.warehouse.table_docs import BUILT_TABLES

SENSITIVITY_VI = {"cong_khai": "công khai", "noi_bo": "nội bộ", None: "chưa phân loại"}

_OBJECTS_SQL = """
SELECT table_name AS ten, 'bảng' AS loai, column_count AS so_cot, comment AS mo_ta
FROM duckdb_tables() WHERE NOT internal AND NOT temporary AND schema_name = 'main'
  AND database_name = current_database()
UNION ALL
SELECT v.view_name, 'view', (SELECT count(*) FROM duckdb_columns() c WHERE c.table_name = v.view_name
                               AND c.schema_name = 'main' AND c.database_name = v.database_name), v.comment
FROM duckdb_views() AS v WHERE NOT v.internal AND NOT v.temporary AND v.schema_name = 'main'
  AND v.database_name = current_database()
ORDER BY ten
"""

_COLUMNS_SQL = """
SELECT column_name AS cot, data_type AS kieu, comment AS mo_ta
FROM duckdb_columns() WHERE table_name = $ten AND schema_name = 'main' AND database_name = current_database()
ORDER BY column_index
"""


@lru_cache(maxsize=1)
def _model_sensitivity() -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in SQL_DIR.glob("*/*/metadata.yaml"):
        if meta.parent.parent.name == "inspections":
            continue
        try:
            md = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        name = str(md.get("name") or meta.parent.name)
        if md.get("sensitivity"):
            out[name] = str(md["sensitivity"])
    return out


def _built_sensitivity() -> dict[str, str]:
    """Tables the build writes in Python (not SQL models): the class declared where they are built."""
    return {name: doc.sensitivity for name, doc in {**BUILT_TABLES, **PLAN_TABLES, **INDEX766_TABLES}.items()}


def sensitivity_map() -> dict[str, str]:
    return {**_built_sensitivity(), **_model_sensitivity()}


def describe_objects(db_path: str | os.PathLike, limits: Limits | None = None) -> pd.DataFrame:
    df = query_df(db_path, _OBJECTS_SQL, limits=limits)
    sens = sensitivity_map()
    df.insert(3, "do_nhay_cam", [sens.get(n) or "chua_phan_loai" for n in df["ten"]])
    return df


def describe_columns(db_path: str | os.PathLike, table: str, limits: Limits | None = None) -> pd.DataFrame:
    df = query_df(db_path, _COLUMNS_SQL, {"ten": table}, limits=limits)
    if df.empty:
        objs = describe_objects(db_path, limits)
        close = [t for t in objs["ten"] if table.lower() in t.lower()]
        raise InspectError(
            f"Không có bảng hoặc view tên {table!r}."
            + (f" Gần giống: {', '.join(close[:10])}" if close else " Xem danh sách bằng `motcua sql --schema`."),
            kind="loi",
        )
    return df


def object_comment(db_path: str | os.PathLike, table: str, limits: Limits | None = None) -> tuple[str | None, str]:
    objs = describe_objects(db_path, limits)
    row = objs[objs["ten"] == table]
    if row.empty:
        return None, "chua_phan_loai"
    return row.iloc[0]["mo_ta"], row.iloc[0]["do_nhay_cam"]


def undocumented(con) -> pd.DataFrame:
    """Tables/views (ten, loai, cot=None) and columns (ten, loai, cot) of `main` with no comment.

    `con` is an open DuckDB connection (tests) — not the inspectors' door.
    """
    sql = """
    SELECT table_name AS ten, 'bảng' AS loai, NULL::VARCHAR AS cot FROM duckdb_tables()
      WHERE NOT internal AND NOT temporary AND schema_name = 'main' AND database_name = current_database()
        AND (comment IS NULL OR trim(comment) = '')
    UNION ALL
    SELECT view_name, 'view', NULL FROM duckdb_views()
      WHERE NOT internal AND NOT temporary AND schema_name = 'main' AND database_name = current_database()
        AND (comment IS NULL OR trim(comment) = '')
    UNION ALL
    SELECT c.table_name, 'cột', c.column_name FROM duckdb_columns() AS c
      WHERE NOT c.internal AND c.schema_name = 'main' AND c.database_name = current_database() AND (c.comment IS NULL OR trim(c.comment) = '')
    ORDER BY 1, 3 NULLS FIRST
    """
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return pd.DataFrame(cur.fetchall(), columns=cols)

"""Hand-made warehouse tests: build a DuckDB file from a few Python records.

    con = build_from_records(tmp_path, {"hoso": [hoso(...), ...], "donvi": AGENCIES}, as_of=date(2022, 6, 30))
    assert metric_value(con, "on_time_resolution_rate", "2022-03") == (1.0, 2.0, 0.5)

Records use the parsed-contract column names (docs/parsed-contract.md). Values may be Python
datetimes/dates/ints/bools/str; for TIMESTAMP/DATE columns a string `"2022-03-01 08:00"` or
`"2022-03-01"` is accepted too. Rows without lineage get `_file_id = "test-<entity>"`,
`_row` = position + 1 and `_landed_seq` = position + 1 (so later rows landed later).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.contract import ENTITIES
from pipelines.settings import connect
from pipelines.warehouse.build import BuildResult, build_database

_ARROW = {
    "VARCHAR": pa.string(),
    "SMALLINT": pa.int16(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(),
    "TIMESTAMP": pa.timestamp("us"),
    "DATE": pa.date32(),
    "VARCHAR[]": pa.list_(pa.string()),
}
_LINEAGE = {"_file_id": pa.string(), "_row": pa.int32(), "_landed_seq": pa.int64()}


def _coerce(value: Any, sqltype: str) -> Any:
    if value is None:
        return None
    if sqltype == "TIMESTAMP":
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            return datetime.fromisoformat(value)
    if sqltype == "DATE":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
    if sqltype == "BOOLEAN" and isinstance(value, (int, str)):
        return bool(int(value))
    if sqltype == "VARCHAR[]" and isinstance(value, str):
        return [value]
    return value


def records_to_table(entity: str, records: list[dict[str, Any]]) -> pa.Table:
    """An arrow table with the contract's columns (missing → NULL) + lineage defaults."""
    cols = ENTITIES[entity]
    unknown = {k for r in records for k in r} - set(cols) - set(_LINEAGE)
    if unknown:
        raise KeyError(f"{entity}: unknown columns {sorted(unknown)}")
    data: dict[str, list] = {c: [] for c in [*cols, *_LINEAGE]}
    for i, r in enumerate(records):
        for c, t in cols.items():
            data[c].append(_coerce(r.get(c), t))
        data["_file_id"].append(r.get("_file_id", f"test-{entity}"))
        data["_row"].append(r.get("_row", i + 1))
        data["_landed_seq"].append(r.get("_landed_seq", i + 1))
    schema = pa.schema([(c, _ARROW[t]) for c, t in cols.items()] + list(_LINEAGE.items()))
    return pa.table(data, schema=schema)


def build_result_from_records(
    tmp_path: Path,
    records: dict[str, list[dict[str, Any]]],
    as_of: date | None = None,
    plan_paths=None,
    name: str = "test.duckdb",
    load_summary=None,
) -> BuildResult:
    raw = {e: records_to_table(e, rows) for e, rows in records.items()}
    return build_database(
        Path(tmp_path) / name, raw, as_of, list(plan_paths or []), run_id="test", load_summary=load_summary
    )


def build_from_records(
    tmp_path: Path,
    records: dict[str, list[dict[str, Any]]],
    as_of: date | None = None,
    plan_paths=None,
    name: str = "test.duckdb",
) -> duckdb.DuckDBPyConnection:
    """Build and return a read-only connection on the built file (checks: `last_checks`)."""
    global last_result
    last_result = build_result_from_records(tmp_path, records, as_of, plan_paths, name)
    return connect(last_result.db_path, read_only=True)


last_result: BuildResult | None = None  # the BuildResult of the last build_from_records call


# ----------------------------------------------------------------------------- record makers


def agency(ma_don_vi: str, level: str, ten: str | None = None, **kw) -> dict[str, Any]:
    return {"ma_don_vi": ma_don_vi, "cap": level, "ten_don_vi": ten or f"Đơn vị {ma_don_vi}", **kw}


# tinh, huyen, xa, tw — the default agencies of hand-made tests
TINH, HUYEN, XA, TW = "000.00.12.H27", "000.00.30.H27", "001.30.01.H27", "000.00.90.H27"
AGENCIES = [
    agency(TINH, "tinh", "Sở Tư pháp"),
    agency(HUYEN, "huyen", "UBND huyện Cẩm Xuyên"),
    agency(XA, "xa", "UBND xã Cẩm Bình"),
    agency(TW, "tw", "Công an tỉnh"),
]


def hoso(
    ma_ho_so: str, ngay_tiep_nhan: Any = "2022-03-10 08:00", trang_thai: int = 4, ma_don_vi: str = TINH, **kw
) -> dict[str, Any]:
    """A dossier version with sensible defaults (received 10/03/2022 at the tinh agency)."""
    rec = {
        "ma_ho_so": ma_ho_so,
        "ma_don_vi": ma_don_vi,
        "ma_tthc": "1.001193",
        "muc_do": 2,
        "kenh": 1,
        "ngay_tiep_nhan": ngay_tiep_nhan,
        "ngay_nop": ngay_tiep_nhan,
        "trang_thai": trang_thai,
        # filled like a full export: metrics that require these columns (metrics.md, "Required
        # columns") have no value when they are mostly empty
        "hinh_thuc_tra": 0,
        "da_so_hoa_ket_qua": False,
        "ngay_cap_nhat": kw.pop("ngay_cap_nhat", ngay_tiep_nhan),
    }
    rec.update(kw)
    return rec


def step(ma_ho_so: str, buoc: int, hanh_dong: str, thoi_diem: Any, **kw) -> dict[str, Any]:
    """A TIENTRINH step; transfers: step(x, 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=B)."""
    return {
        "ma_ho_so": ma_ho_so,
        "buoc": buoc,
        "hanh_dong": hanh_dong,
        "thoi_diem": thoi_diem,
        "noi_dung": hanh_dong,
        **kw,
    }


# ----------------------------------------------------------------------------- readers


def metric_value(
    con,
    metric_id: str,
    period: str,
    level: str = "toan_tinh",
    ma_don_vi: str | None = None,
    group_key: str | None = None,
):
    """(numerator, denominator, value) of one metric_values row, or None when there is none."""
    rows = con.execute(
        "SELECT numerator, denominator, value FROM metric_values WHERE metric_id = ? AND period = ? "
        "AND level = ? AND ma_don_vi IS NOT DISTINCT FROM ? AND group_key IS NOT DISTINCT FROM ?",
        [metric_id, period, level, ma_don_vi, group_key],
    ).fetchall()
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def facts(con, metric_id: str, period: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM metric_facts WHERE metric_id = ?"
    params: list[Any] = [metric_id]
    if period is not None:
        sql += " AND period = ?"
        params.append(period)
    cur = con.execute(sql + " ORDER BY period, unit_id", params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def rows(con, sql: str, params=None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def check(result_or_none, name: str) -> dict[str, Any]:
    """The result of the check `name` of a BuildResult (default: the last build_from_records)."""
    res = result_or_none or last_result
    found = [c for c in res.checks if c["name"] == name]
    assert found, f"no check {name}: {[c['name'] for c in res.checks]}"
    return found[0]

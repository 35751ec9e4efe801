"""metrics.md, "Required columns: no value without its data": the declarations and the column
record of the files (file_columns). The metric rules themselves are pinned in each metric's test
(test_electronic_circulation_rate, test_result_digitization_rate, test_online_dossier_rate,
test_public_posting_rate)."""

from __future__ import annotations

import json
import re
from datetime import date

import pyarrow.parquet as pq
import yaml

from pipelines.contract import ENTITIES
from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse.build import COLUMNS_KEY, NAME_KEY, build_database
from tests.warehouse.helpers import AGENCIES, hoso, records_to_table


def _declared() -> dict[str, list[str]]:
    out = {}
    for meta in sorted(SQL_DIR.glob("metrics/*/metadata.yaml")):
        md = yaml.safe_load(meta.read_text(encoding="utf-8"))
        out[md["metric_id"]] = md.get("required_columns") or []
    return out


def test_every_metric_declares_parsed_columns():
    # every metric names at least one column, each an <entity>.<parsed column> of the contract
    declared = _declared()
    assert len(declared) == 25
    for metric, cols in declared.items():
        assert cols, metric
        for ref in cols:
            entity, _, column = ref.partition(".")
            assert column in ENTITIES[entity], (metric, ref)


def test_every_required_column_is_measured_by_column_coverage():
    # column_coverage counts the filled cells of a fixed list of columns per entity
    # ({'column_name': '<col>', 'filled': count(...)} inside the CTE <entity>_counts): a
    # declared column missing from that list would never be found missing.
    sql = (SQL_DIR / "core" / "column_coverage" / "query.sql").read_text(encoding="utf-8")
    ctes = dict(re.findall(r"\n(\w+)_counts AS \((.*?)\n\),", sql, flags=re.S))
    for metric, cols in _declared().items():
        for ref in cols:
            entity, _, column = ref.partition(".")
            assert f"'column_name': '{column}'" in ctes.get(entity, ""), (metric, ref)


def test_file_columns_from_parquet_footers(tmp_path):
    # Three parsed files of hoso: A's footer says it carried everything but kenh (and names
    # the original file); B was parsed before the footer existed (no key): every column counts
    # as carried; C's footer lists every column. file_columns: kenh not carried by A only.
    everything = list(ENTITIES["hoso"])
    files = [
        ("fileA", "A1", [c for c in everything if c != "kenh"], "hoso_a.xlsx"),
        ("fileB", "B1", None, None),
        ("fileC", "C1", everything, "c.csv"),
    ]
    for fid, dossier, cols, name in files:
        part = records_to_table("hoso", [{**hoso(dossier), "_file_id": fid}])
        if cols is not None:
            part = part.replace_schema_metadata({COLUMNS_KEY: json.dumps(cols), NAME_KEY: name})
        pq.write_table(part, tmp_path / f"{fid}.parquet")
    raw = {"donvi": records_to_table("donvi", AGENCIES), "hoso": [tmp_path / f"file{x}.parquet" for x in "ABC"]}
    res = build_database(tmp_path / "w.duckdb", raw, date(2022, 3, 31), [])
    con = connect(res.db_path, read_only=True)
    try:
        got = con.execute(
            "SELECT file_id, ten_tep, carried FROM file_columns WHERE entity = 'hoso' AND column_name = 'kenh' ORDER BY file_id"
        ).fetchall()
        assert got == [("fileA", "hoso_a.xlsx", False), ("fileB", "fileB", True), ("fileC", "c.csv", True)]
        # A's dossier: kenh_nop empty (the file has no such column); B's and C's: 1 (hoso() sets kenh 1)
        assert con.execute("SELECT ma_ho_so, kenh_nop FROM fct_dossier ORDER BY 1").fetchall() == [
            ("A1", None),
            ("B1", 1),
            ("C1", 1),
        ]
        # 1 of the 3 dossiers of March lacks kenh: 33.3% > 20% -> online_dossier_rate has no
        # value for March (muc_do 2 keeps them out of its denominator, but the records concerned
        # are the dossiers received in the period), the reason naming A's original name
        reason = con.execute(
            "SELECT ly_do_khong_co_du_lieu FROM metric_values WHERE metric_id = 'online_dossier_rate' "
            "AND period = '2022-03' AND level = 'toan_tinh'"
        ).fetchone()[0]
        assert reason == (
            "Cột Kênh thực hiện vắng hoặc trống ở 33,3% bản ghi (quá 20%) (tệp: hoso_a.xlsx): "
            "chưa tính được tỷ lệ hồ sơ trực tuyến"
        )
    finally:
        con.close()

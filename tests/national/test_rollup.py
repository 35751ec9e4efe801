"""The national roll-up on hand-made provinces (docs/national.md, "The roll-up")."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.national import publish as publish_module
from pipelines.national import rollup as rollup_module
from pipelines.national.catalogue import Metric, metric_catalogue
from pipelines.national.publish import publish_province
from pipelines.national.rollup import rollup
from pipelines.national.store import open_store
from pipelines.settings import connect, data_paths

from .helpers import curated_db

OT = "on_time_resolution_rate"
BY_GROUP = "satisfaction_rate_by_field_group"  # reads the plan's field groups: each province's own


def _publish(tmp_path, store, code, rows, as_of=date(2022, 6, 30)):
    return publish_province(curated_db(tmp_path / f"p{code}" / "motcua.duckdb", code, rows, as_of=as_of), store)


def _query(db, sql, params=None):
    con = connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture
def three_provinces(tmp_path, folder_store):
    store = open_store(folder_store)
    # Hà Tĩnh (42): 3 of 4 resolved dossiers on time province-wide; one agency 2 of 2;
    # a field-group satisfaction row 5 of 5
    _publish(
        tmp_path,
        store,
        "42",
        [
            (OT, "2022", "toan_tinh", None, 3.0, 4.0),
            (OT, "2022", "tinh", "000.00.12.H27", 2.0, 2.0),
            (BY_GROUP, "2022", "toan_tinh", None, 5.0, 5.0),
        ],
    )
    # Quảng Bình (44): 1 of 6, as of 15 days earlier
    _publish(tmp_path, store, "44", [(OT, "2022", "toan_tinh", None, 1.0, 6.0)], as_of=date(2022, 6, 15))
    # Nghệ An (40): no resolved dossier yet (0 of 0)
    _publish(tmp_path, store, "40", [(OT, "2022", "toan_tinh", None, 0.0, 0.0)])
    return store


def test_the_country_row_is_the_sum_of_numerators_over_the_sum_of_denominators(tmp_path, three_provinces):
    paths = data_paths(tmp_path / "national-data")
    rollup(three_provinces, paths, expected=[])

    country = _query(
        paths.national_db,
        "SELECT numerator, denominator, value FROM national_metric_values "
        "WHERE province IS NULL AND metric_id = ? AND period = '2022' AND level = 'toan_tinh'",
        [OT],
    )
    # (3 + 1 + 0) / (4 + 6 + 0) = 4 / 10 = 0.4 — not the mean of the ratios, (0,75 + 0,1667) / 2 ≈ 0,458,
    # and the agency row of Hà Tĩnh (2 of 2) is not added again (it is inside Hà Tĩnh's 3 of 4)
    assert country == [(4.0, 10.0, 0.4)]
    # the provinces' own rows are there too, untouched
    assert _query(
        paths.national_db,
        "SELECT province, ma_don_vi, numerator, denominator FROM national_metric_values "
        "WHERE province IS NOT NULL AND metric_id = ? ORDER BY province, ma_don_vi NULLS FIRST",
        [OT],
    ) == [("40", None, 0.0, 0.0), ("42", None, 3.0, 4.0), ("42", "000.00.12.H27", 2.0, 2.0), ("44", None, 1.0, 6.0)]


def test_a_plan_shaped_metric_stays_per_province(tmp_path, three_provinces):
    paths = data_paths(tmp_path / "national-data")
    rollup(three_provinces, paths, expected=[])
    # Hà Tĩnh's field groups are its plan's: its row is kept as published, but there is no
    # country value and the metric is not among the common ones
    assert _query(paths.national_db, "SELECT count(*) FROM province_metric_values WHERE metric_id = ?", [BY_GROUP]) == [
        (1,)
    ]
    assert _query(paths.national_db, "SELECT count(*) FROM national_metric_values WHERE metric_id = ?", [BY_GROUP]) == [
        (0,)
    ]
    ((common, reason),) = _query(
        paths.national_db, "SELECT common, reason FROM national_metric WHERE metric_id = ?", [BY_GROUP]
    )
    assert not common and "kế hoạch từng tỉnh" in reason


def test_the_ranking_orders_provinces_by_value_with_their_numerators(tmp_path, three_provinces):
    paths = data_paths(tmp_path / "national-data")
    rollup(three_provinces, paths, expected=[])
    rows = _query(
        paths.national_db,
        "SELECT province, name, rank, provinces_ranked, numerator, denominator FROM national_metric_ranking "
        "WHERE metric_id = ? AND period = '2022' AND level = 'toan_tinh' ORDER BY rank NULLS LAST, province",
        [OT],
    )
    # 3/4 = 0,75 first, 1/6 ≈ 0,167 second; Nghệ An's 0/0 has no value: listed, not ranked
    assert rows == [
        ("42", "Tỉnh Hà Tĩnh", 1, 2, 3.0, 4.0),
        ("44", "Tỉnh Quảng Bình", 2, 2, 1.0, 6.0),
        ("40", "Tỉnh Nghệ An", None, 2, 0.0, 0.0),
    ]


def test_counts_are_summed(tmp_path, folder_store, monkeypatch):
    # no count metric of today's catalogue is common (the only one reads the plan's activity
    # codes), so one is added to the catalogue both sides see
    def with_a_count():
        return {**metric_catalogue(), "x_count": Metric("x_count", "count", False, "f" * 64)}

    monkeypatch.setattr(publish_module, "metric_catalogue", with_a_count)
    monkeypatch.setattr(rollup_module, "metric_catalogue", with_a_count)
    store = open_store(folder_store)
    _publish(tmp_path, store, "42", [("x_count", "2022", "toan_tinh", None, 7.0, None)])
    _publish(tmp_path, store, "44", [("x_count", "2022", "toan_tinh", None, 5.0, None)])
    paths = data_paths(tmp_path / "national-data")
    rollup(store, paths, expected=[])
    # 7 + 5 = 12, no denominator, value = the count
    assert _query(
        paths.national_db,
        "SELECT numerator, denominator, value FROM national_metric_values WHERE province IS NULL AND metric_id = 'x_count'",
    ) == [(12.0, None, 12.0)]


def test_a_metric_whose_sql_differs_in_a_province_is_not_summed(tmp_path, three_provinces):
    # Quảng Bình runs another version of the on-time rule (its manifest's fingerprint differs)
    manifest = json.loads(three_provinces.read_bytes("province=44/published.json"))
    manifest["metric_definitions"][OT] = "0" * 64
    three_provinces.write_bytes("province=44/published.json", json.dumps(manifest).encode())
    paths = data_paths(tmp_path / "national-data")
    rollup(three_provinces, paths, expected=[])

    assert _query(paths.national_db, "SELECT common, reason FROM national_metric WHERE metric_id = ?", [OT]) == [
        (False, "định nghĩa (SQL) khác ở tỉnh 44")
    ]
    assert _query(paths.national_db, "SELECT count(*) FROM national_metric_values WHERE metric_id = ?", [OT]) == [(0,)]
    assert _query(paths.national_db, "SELECT count(*) FROM national_scorecard WHERE target_id = ?", [OT]) == [(3,)]


def test_missing_torn_and_broken_provinces_are_named_and_left_out(tmp_path, three_provinces):
    store = three_provinces
    # Thanh Hóa (38): data files written, the manifest never (a publish killed before its commit)
    _publish(tmp_path, store, "38", [(OT, "2022", "toan_tinh", None, 100.0, 100.0)])
    store.fs.delete_file(store.path("province=38/published.json"))
    # Quảng Trị (45): published, then one of its files changed under the manifest
    m45 = _publish(tmp_path, store, "45", [(OT, "2022", "toan_tinh", None, 50.0, 100.0)])
    store.write_bytes(f"province=45/{m45['files']['metric_values']['path']}", b"not the published bytes")
    paths = data_paths(tmp_path / "national-data")

    rollup(store, paths, expected=["40", "42", "44", "46"])

    provinces = _query(
        paths.national_db,
        "SELECT province, name, status, expected, as_of, days_behind, reason FROM national_provinces ORDER BY province",
    )
    assert [p[:6] for p in provinces] == [
        ("38", "Tỉnh Thanh Hóa", "chua_cong_bo", False, None, None),
        ("40", "Tỉnh Nghệ An", "da_cong_bo", True, date(2022, 6, 30), 0),
        ("42", "Tỉnh Hà Tĩnh", "da_cong_bo", True, date(2022, 6, 30), 0),
        # freshness: 15 days behind the newest as-of date
        ("44", "Tỉnh Quảng Bình", "da_cong_bo", True, date(2022, 6, 15), 15),
        ("45", "Tỉnh Quảng Trị", "loi", False, None, None),
        # Thừa Thiên Huế is expected and has published nothing
        ("46", "Tỉnh Thừa Thiên Huế", "chua_cong_bo", True, None, None),
    ]
    reasons = {p[0]: p[6] for p in provinces}
    assert "không có published.json: lần công bố dở dang" in reasons["38"]
    assert "không khớp sha256" in reasons["45"]
    assert reasons["46"] == "không có province=46/published.json trong kho dùng chung"
    # neither 38's 100/100 nor 45's 50/100 reaches the country: still (3 + 1 + 0) / (4 + 6 + 0)
    assert _query(
        paths.national_db,
        "SELECT numerator, denominator FROM national_metric_values WHERE province IS NULL AND metric_id = ? "
        "AND period = '2022' AND level = 'toan_tinh'",
        [OT],
    ) == [(4.0, 10.0)]
    assert _query(paths.national_db, "SELECT DISTINCT province FROM province_metric_values ORDER BY 1") == [
        ("40",),
        ("42",),
        ("44",),
    ]
    assert _query(
        paths.national_db, "SELECT provinces_published, provinces_missing, provinces_in_error FROM national_run"
    ) == [(3, 2, 1)]


def test_an_empty_store_gives_an_empty_roll_up_naming_the_expected(tmp_path, folder_store):
    paths = data_paths(tmp_path / "national-data")
    done = rollup(open_store(folder_store), paths, expected=["42"])
    assert done["provinces"] == [
        {
            "province": "42",
            "name": "Tỉnh Hà Tĩnh",
            "status": "chua_cong_bo",
            "reason": done["provinces"][0]["reason"],
            "as_of": None,
        }
    ]
    for view in ("national_scorecard", "national_metric_values", "national_metric_ranking"):
        assert _query(paths.national_db, f"SELECT count(*) FROM {view}") == [(0,)]
    assert sorted(p.name for p in (paths.national / "parquet").iterdir()) == [
        "national_metric_ranking.parquet",
        "national_metric_values.parquet",
        "national_provinces.parquet",
        "national_scorecard.parquet",
    ]


def test_the_national_database_is_swapped_in_whole(tmp_path, three_provinces):
    paths = data_paths(tmp_path / "national-data")
    rollup(three_provinces, paths, expected=[])
    # a reader holding the old file keeps its snapshot; a leftover `.building` from a killed
    # roll-up is replaced, not appended to
    paths.national_db.with_name("national.duckdb.building").write_bytes(b"half a database")
    old = connect(paths.national_db, read_only=True)
    try:
        rollup(three_provinces, paths, expected=["46"])
        assert old.execute("SELECT count(*) FROM national_provinces").fetchone() == (3,)
    finally:
        old.close()
    assert _query(paths.national_db, "SELECT count(*) FROM national_provinces") == [(4,)]
    assert not paths.national_db.with_name("national.duckdb.building").exists()


def test_a_file_holding_another_provinces_rows_is_refused(tmp_path, three_provinces):
    store = three_provinces
    # Quảng Bình's metric_values rewritten as Nghệ An's, manifest updated to match (hash, rows):
    # the files are intact, but they are not Quảng Bình's
    manifest = json.loads(store.read_bytes("province=44/published.json"))
    entry = manifest["files"]["metric_values"]
    table = pq.read_table(io.BytesIO(store.read_bytes(f"province=44/{entry['path']}")))
    table = table.set_column(0, "province", pa.array(["40"] * table.num_rows, pa.string()))
    sink = io.BytesIO()
    pq.write_table(table, sink)
    store.write_bytes(f"province=44/{entry['path']}", sink.getvalue())
    entry["sha256"] = hashlib.sha256(sink.getvalue()).hexdigest()
    store.write_bytes("province=44/published.json", json.dumps(manifest).encode())
    paths = data_paths(tmp_path / "national-data")

    rollup(store, paths, expected=[])

    ((status, reason),) = _query(
        paths.national_db, "SELECT status, reason FROM national_provinces WHERE province = '44'"
    )
    assert status == "loi" and "có dòng không mang mã tỉnh 44" in reason
    # the country is then Hà Tĩnh and Nghệ An only: (3 + 0) / (4 + 0)
    assert _query(
        paths.national_db,
        "SELECT numerator, denominator FROM national_metric_values WHERE province IS NULL AND metric_id = ? "
        "AND period = '2022' AND level = 'toan_tinh'",
        [OT],
    ) == [(3.0, 4.0)]


def test_every_table_and_view_is_documented(tmp_path, three_provinces):
    paths = data_paths(tmp_path / "national-data")
    rollup(three_provinces, paths, expected=[])
    objects = _query(
        paths.national_db,
        "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = 'national' "
        "UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE database_name = 'national' AND NOT internal",
    )
    assert len(objects) == 11
    assert [name for name, comment in objects if not comment] == []
    # the columns a reader needs first: whose row it is
    assert _query(
        paths.national_db,
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'national_metric_values' AND column_name = 'province'",
    ) == [("Mã tỉnh (Tổng cục Thống kê); trống ở dòng toàn quốc",)]


def test_a_manifest_pointing_outside_its_folder_or_at_unreadable_bytes_is_refused(tmp_path, three_provinces):
    store = three_provinces
    # Quảng Bình's manifest names Hà Tĩnh's file (hash and rows match it): not its own folder
    m44 = json.loads(store.read_bytes("province=44/published.json"))
    m42 = json.loads(store.read_bytes("province=42/published.json"))
    m44["files"]["metric_values"] = {**m42["files"]["metric_values"]}
    m44["files"]["metric_values"]["path"] = "../province=42/" + m42["files"]["metric_values"]["path"]
    store.write_bytes("province=44/published.json", json.dumps(m44).encode())
    # Nghệ An published bytes that are not Parquet, with their true hash: unreadable, not a crash
    m40 = json.loads(store.read_bytes("province=40/published.json"))
    garbage = b"PAR1 but not really"
    store.write_bytes(f"province=40/{m40['files']['plan_scorecard']['path']}", garbage)
    m40["files"]["plan_scorecard"]["sha256"] = hashlib.sha256(garbage).hexdigest()
    store.write_bytes("province=40/published.json", json.dumps(m40).encode())
    paths = data_paths(tmp_path / "national-data")

    rollup(store, paths, expected=[])

    reasons = dict(_query(paths.national_db, "SELECT province, reason FROM national_provinces WHERE status = 'loi'"))
    assert set(reasons) == {"40", "44"}
    assert reasons["44"] == "published.json không ghi tệp metric_values trong province=44/run=…/"
    assert reasons["40"].startswith("không đọc được lần công bố trong province=40/: ArrowInvalid")
    # Hà Tĩnh alone makes the country: 3 of 4
    assert _query(
        paths.national_db,
        "SELECT numerator, denominator FROM national_metric_values WHERE province IS NULL AND metric_id = ? "
        "AND period = '2022' AND level = 'toan_tinh'",
        [OT],
    ) == [(3.0, 4.0)]

"""A province whose exports carry none of the QĐ 766 additions (docs/index-766.md §4.2, §6): the
indicators that need them are `thieu_du_lieu` with no points (never full), the others are computed,
and groups and totals report `points` empty beside `points_computed` / `max_computed`.

Built from tables without the new columns (file_columns: absent, not empty): HOSO without
ma_co_quan_thuc_hien, ngay_dong_bo_dvcqg, tai_khoan_vneid, noi_nop, ma_csdl; TIENTRINH without
ngay_dong_bo_dvcqg; TTHC without the 14 new catalogue columns; no TAILIEUNOP, GIAYTOKETQUA, LEPHI,
TTHC_DONVI."""

from __future__ import annotations

import pytest
from pytest import approx

from pipelines.settings import connect
from pipelines.warehouse.build import build_database
from tests.sql.index766.helpers import indicator
from tests.sql.records import tthc
from tests.sql.worlds.index766 import AGENCIES, D, X, commune_x
from tests.warehouse.helpers import records_to_table, rows

NEW = {
    "hoso": ["ma_co_quan_thuc_hien", "ngay_dong_bo_dvcqg", "tai_khoan_vneid", "noi_nop", "ma_csdl"],
    "tientrinh": ["ngay_dong_bo_dvcqg"],
    "tthc": [
        "co_ket_qua_giay_to", "du_dieu_kien_toan_trinh", "doi_tuong_thuc_hien", "loai_cong_bo",
        "trang_thai_cong_khai", "ngay_cong_khai_csdlqg", "ma_don_vi_chu_tri", "co_ten", "co_trinh_tu",
        "co_cach_thuc", "co_thanh_phan_ho_so", "co_thoi_han", "co_doi_tuong", "co_co_quan_thuc_hien",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def old_exports(tmp_path_factory):
    dossiers, steps = commune_x()
    catalogue = [
        # on time: wd_sub(10/03, 5) = 03/03 ≥ 01/03; late: 07/03 > 03/03
        tthc("2022-03-15", "P1", cap=["xa"], ngay_qd_cong_bo="2022-03-01", ngay_hieu_luc_can_cu="2022-03-10"),
        tthc("2022-03-15", "P2", cap=["xa"], ngay_qd_cong_bo="2022-03-07", ngay_hieu_luc_can_cu="2022-03-10"),
    ]
    folder = tmp_path_factory.mktemp("old_exports")
    raw = {}
    for entity, recs in {"donvi": AGENCIES, "hoso": dossiers, "tientrinh": steps, "tthc": catalogue}.items():
        table = records_to_table(entity, [{**r, "_file_id": f"old-{entity}"} for r in recs])
        raw[entity] = table.drop_columns([c for c in NEW.get(entity, []) if c in table.column_names])
    result = build_database(folder / "old.duckdb", raw, D, [])
    assert result.failed_checks == [], result.failed_checks
    return connect(result.db_path, read_only=True)


def test_new_inputs_missing_leave_their_indicators_without_points(old_exports):
    # 1.2, 1.3 need trang_thai_cong_khai, ngay_cong_khai_csdlqg, the seven component flags: absent
    for ind in ("1.2", "1.3"):
        row = indicator(old_exports, ind, "2022-03", "toan_tinh")
        assert (row["status"], row["points"], row["points_lost"]) == ("thieu_du_lieu", None, None)
    gaps = rows(
        old_exports,
        "SELECT * FROM metric_data_gaps WHERE metric_id = 'qd766_1_3' AND period = '2022-03' AND level = 'toan_tinh'",
    )
    assert "tthc.trang_thai_cong_khai" in gaps[0]["cot_thieu"]


def test_what_the_old_exports_allow_is_computed(old_exports):
    # 2.1 as in example A (39/45); 1.4 through da_dong_bo_dvcqg, a state as of D: 38/40, flag as_of_D;
    # 1.1 over the old catalogue columns: 1/2 → 3 points (province)
    x21 = indicator(old_exports, "2.1", "2022-03", "xa", X)
    assert (x21["numerator"], x21["denominator"], x21["points"]) == (39, 45, approx(20 * 39 / 45))
    x14 = indicator(old_exports, "1.4", "2022-03", "xa", X)
    assert (x14["numerator"], x14["denominator"], x14["status"]) == (38, 40, "tinh_diem")
    assert "as_of_D" in x14["flags"]
    p11 = indicator(old_exports, "1.1", "2022-03", "toan_tinh")
    assert (p11["numerator"], p11["denominator"], p11["points"]) == (1, 2, approx(3.0))
    # a dossier from a file without ma_co_quan_thuc_hien counts for its receiving unit
    assert rows(old_exports, "SELECT DISTINCT attribution_source FROM dossier_766") == [
        {"attribution_source": "don_vi_tiep_nhan"}
    ]


def test_group_and_total_report_what_was_computed(old_exports):
    # G1 at toan_tinh: 1.1 (3.0 of 6) and 1.4 (6 × 38/40 = 5.7 of 6) computed, 1.2 and 1.3 not:
    # points empty, points_computed 8.7, max_computed 12
    g1 = rows(
        old_exports, "SELECT * FROM index766_group WHERE period = '2022-03' AND level = 'toan_tinh' AND group_id = 'G1'"
    )[0]
    assert (g1["points"], g1["points_computed"], g1["max_computed"]) == (None, approx(8.7), 12)
    total = rows(old_exports, "SELECT * FROM index766_total WHERE period = '2022-03' AND level = 'toan_tinh'")[0]
    missing = rows(
        old_exports,
        "SELECT sum(max_points) AS m FROM index766_indicator WHERE period = '2022-03' AND level = 'toan_tinh' AND points IS NULL",
    )[0]["m"]
    assert total["points"] is None and total["rating_label"] is None
    assert total["max_computed"] == approx(100 - missing) and missing >= 6  # at least 1.2 (4) + 1.3 (2)

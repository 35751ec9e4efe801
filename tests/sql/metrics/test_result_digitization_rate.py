"""result_digitization_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from datetime import date

import tests.warehouse.helpers as H
from tests.sql.records import HATINH_PLAN, scorecard
from tests.sql.worlds.dossiers import UNKNOWN
from tests.warehouse.helpers import AGENCIES, HUYEN, build_from_records, hoso


def test_unknown_agency_only_in_toan_tinh(received):
    con, res = received
    assert con.execute("SELECT level FROM fct_dossier WHERE ma_ho_so = 'R8'").fetchone()[0] is None
    assert con.execute("SELECT count(*) FROM dim_agency WHERE ma_don_vi = ?", [UNKNOWN]).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM metric_values WHERE ma_don_vi = ?", [UNKNOWN]).fetchone()[0] == 0
    # digitisation April by level sums to 5 (R8 in no level), toan_tinh 6
    lv = con.execute(
        "SELECT sum(denominator) FROM metric_values WHERE metric_id = 'result_digitization_rate' "
        "AND period = '2022-04' AND level <> 'toan_tinh' AND ma_don_vi IS NULL"
    ).fetchone()[0]
    assert lv == 5.0
    c = H.check(res, "unknown_agency")
    assert c["severity"] == "warn" and c["sample"] == [{"ma_don_vi": UNKNOWN, "so_ho_so": 1}]
    assert res.failed_checks == []


# ---------------------------------------------------------------- required columns (issue 13)
# result_digitization_rate needs hoso.da_so_hoa_ket_qua ("Kết quả số hóa"), which has no
# source rule for an empty cell (exports.md): an empty cell is missing data, and more than 20%
# of the records concerned missing leaves the metric without a value (metrics.md, "Required
# columns"). Records concerned: the dossiers received in the period, per unit and level.


def _digitization_world(tmp_path, huyen_flags):
    """7 dossiers at the tinh agency (2 digitised, 5 not) and one dossier per flag of
    `huyen_flags` at the huyen agency, all received 10/03/2022."""
    tinh = [hoso(f"T{i}", da_so_hoa_ket_qua=i < 2) for i in range(7)]
    huyen = [hoso(f"H{i}", ma_don_vi=HUYEN, da_so_hoa_ket_qua=f) for i, f in enumerate(huyen_flags)]
    return build_from_records(tmp_path, {"donvi": AGENCIES, "hoso": tinh + huyen}, as_of=date(2022, 3, 31))


def _row(con, level="toan_tinh", ma_don_vi=None):
    return con.execute(
        "SELECT numerator, denominator, ly_do_khong_co_du_lieu FROM metric_values "
        "WHERE metric_id = 'result_digitization_rate' AND period = '2022-03' AND level = ? "
        "AND ma_don_vi IS NOT DISTINCT FROM ?",
        [level, ma_don_vi],
    ).fetchone()


def test_thirty_percent_empty_has_no_value(tmp_path):
    # huyen: 3 dossiers, 1 digitised, 2 empty. Province-wide 2/10 = 20% empty: not more than
    # 20% -> a value: digitised T0, T1, H0 = 3 of 10 (the 2 empty cells are not "= 1").
    # The huyen level and its agency: 2/3 = 66.7% empty > 20% -> no value, the reason names
    # the column and its share. (30%: see the next world.)
    con = _digitization_world(tmp_path, [True, None, None])
    try:
        assert _row(con) == (3.0, 10.0, None)
        reason = (
            "Cột Kết quả số hóa vắng hoặc trống ở 66,7% bản ghi (quá 20%) (tệp: test-hoso): "
            "chưa tính được tỷ lệ số hóa kết quả giải quyết TTHC"
        )
        assert _row(con, "huyen") == (None, None, reason)
        assert _row(con, "huyen", HUYEN) == (None, None, reason)
        assert _row(con, "tinh") == (2.0, 7.0, None)
    finally:
        con.close()


def test_thirty_and_ten_percent_empty(tmp_path):
    # 10 dossiers in all. World A: huyen 3 dossiers all empty -> province-wide 3/10 = 30% empty
    # > 20% -> no value, "30,0%". World B (the tinh agency alone, 10 dossiers, 1 empty): 10%
    # <= 20% -> a value, 2/10 (the empty cell is not "= 1").
    con = _digitization_world(tmp_path / "a", [None, None, None])
    try:
        num, den, reason = _row(con)
        assert (num, den) == (None, None)
        assert reason.startswith("Cột Kết quả số hóa vắng hoặc trống ở 30,0% bản ghi (quá 20%)")
    finally:
        con.close()
    recs = [hoso(f"T{i}", da_so_hoa_ket_qua=(i < 2) if i < 9 else None) for i in range(10)]
    con = build_from_records(tmp_path / "b", {"donvi": AGENCIES, "hoso": recs}, as_of=date(2022, 3, 31))
    try:
        assert _row(con) == (2.0, 10.0, None)
    finally:
        con.close()


def test_scorecard_p22_shows_the_reason(tmp_path):
    # P2.2 (result_digitization_rate, thresholds per level tinh 50%, huyen 40%, xa 35%) over the
    # first world: the huyen row has no value -> khong_co_du_lieu with the same reason; tinh
    # 2/7 = 28.6% < 50% -> chua_dat; toan_tinh: 2/10 = 20% missing is not more than 20%, so it
    # has its numbers (3/10), and with thresholds per level it is dat only when every level is:
    # tinh chua_dat -> chua_dat.
    tinh = [hoso(f"T{i}", da_so_hoa_ket_qua=i < 2) for i in range(7)]
    huyen = [hoso(f"H{i}", ma_don_vi=HUYEN, da_so_hoa_ket_qua=f) for i, f in enumerate([True, None, None])]
    con = build_from_records(
        tmp_path, {"donvi": AGENCIES, "hoso": tinh + huyen}, as_of=date(2022, 3, 31), plan_paths=[HATINH_PLAN]
    )
    try:
        row = scorecard(con, "P2.2", "2022-03", "huyen")
        assert (row["numerator"], row["value"], row["status"]) == (None, None, "khong_co_du_lieu")
        assert row["ly_do_khong_co_du_lieu"].startswith("Cột Kết quả số hóa vắng hoặc trống ở 66,7%")
        assert scorecard(con, "P2.2", "2022-03", "tinh")["status"] == "chua_dat"
        province = scorecard(con, "P2.2", "2022-03")
        assert (province["numerator"], province["denominator"], province["status"]) == (3, 10, "chua_dat")
        assert province["ly_do_khong_co_du_lieu"] is None
    finally:
        con.close()

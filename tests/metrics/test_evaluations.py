"""satisfaction_rate, satisfaction_rate_by_field_group and orphans (docs/metrics.md, "Evaluations and
payments"): hand-made cases, answers worked out by hand. As of 30/06/2022."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from tests.metrics.records import HATINH_PLAN, danhgia, nvd, scorecard, thanhtoan, tthc
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, TW, XA, build_from_records, hoso, rows

NFD_NHA_O = unicodedata.normalize("NFD", "Nhà Ở")  # a field name in decomposed form, capitals

DOSSIERS = [
    hoso("H1", "2022-02-01 08:00", ma_don_vi=TINH, ten_linh_vuc="Đất đai"),
    hoso("H2", "2022-02-01 08:00", ma_don_vi=HUYEN, ten_linh_vuc="XÂY DỰNG"),  # upper case
    hoso("H3", "2022-02-01 08:00", ma_don_vi=XA, ten_linh_vuc=NFD_NHA_O),  # NFD
    hoso("H4", "2022-02-01 08:00", ma_don_vi=TW, ten_linh_vuc="Hộ tịch"),  # in no group
    hoso("H5", "2022-02-01 08:00", ma_don_vi=TINH, ten_linh_vuc=" Đầu tư tại Việt Nam "),
]
EVALUATIONS = [
    danhgia("E0", "H1", "2022-02-10 10:00", 1),  # 2022-02: H1 unsatisfied
    danhgia("E1", "H1", "2022-03-05 10:00", 2),  # 2022-03: H1 E1 then E2: the newest (E2) wins
    danhgia("E2", "H1", "2022-03-20 10:00", 5),
    danhgia("E3", "H2", "2022-03-10 10:00", 4),  # satisfied (4 = Hài lòng)
    danhgia("E4", "H3", "2022-03-11 10:00", 3),  # 3 = Bình thường: not satisfied
    danhgia("E5", "H4", "2022-03-12 10:00", 5),  # tw
    danhgia("E6", "H5", "2022-06-20 10:00", 5),
    danhgia("E7", "H5", "2022-07-05 10:00", 1),  # dated after D: ignored (else newest of 2022)
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    c = build_from_records(
        tmp_path_factory.mktemp("eval"),
        {
            "donvi": AGENCIES,
            "hoso": DOSSIERS,
            "danhgia": EVALUATIONS,
        },
        as_of=date(2022, 6, 30),
        plan_paths=[HATINH_PLAN],
    )
    yield c
    c.close()


def test_newest_evaluation_per_dossier(con):
    # 2022-02: E0 -> 0/1.  2022-03: H1 (E2: 5) 1, H2 1, H3 0, H4 1 -> 3/4
    assert nvd(con, "satisfaction_rate", "2022-02") == (0, 1)
    assert nvd(con, "satisfaction_rate", "2022-03") == (3, 4)
    # Q1: newest of H1 within Q1 is E2 -> still 3/4 (E0 superseded)
    assert nvd(con, "satisfaction_rate", "2022-Q1") == (3, 4)
    # level = the dossier's level
    assert nvd(con, "satisfaction_rate", "2022-03", "tw") == (1, 1)
    assert nvd(con, "satisfaction_rate", "2022-03", "xa") == (0, 1)


def test_evaluation_after_as_of_ignored(con):
    # year 2022: H1 (E2) 1, H2 1, H3 0, H4 1, H5 (E6; E7 is after D) 1 -> 4/5
    assert nvd(con, "satisfaction_rate", "2022") == (4, 5)
    assert nvd(con, "satisfaction_rate", "2022-06") == (1, 1)
    assert "E7" not in {r["ma_danh_gia"] for r in rows(con, "SELECT ma_danh_gia FROM core_danhgia")}


def test_field_groups_nfc_lower_case(con):
    # year 2022: dat_dai = H1 (1) -> 1/1; xay_dung = H2 "XÂY DỰNG" (1) + H3 NFD "Nhà Ở" (0) -> 1/2;
    # dau_tu = H5 " Đầu tư tại Việt Nam " (1) -> 1/1; H4 "Hộ tịch" is in no group
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", group_key="dat_dai") == (1, 1)
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", group_key="xay_dung") == (1, 2)
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", group_key="dau_tu") == (1, 1)
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", "xa", group_key="xay_dung") == (0, 1)
    assert (
        rows(
            con,
            "SELECT count(*) AS n FROM metric_facts WHERE metric_id = "
            "'satisfaction_rate_by_field_group' AND unit_id = 'H4'",
        )[0]["n"]
        == 0
    )


def test_scorecard_ratio_threshold_and_field_groups(con):
    # P2.6a (threshold 0.90, scope all four levels): 2022 = 4/5 = 0.8 -> chua_dat;
    # 2022-06 = 1/1 -> dat; 2022-04: no evaluation -> khong_co_du_lieu (never 0%)
    r = scorecard(con, "P2.6a", "2022")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (4, 5, 0.9, "chua_dat")
    assert scorecard(con, "P2.6a", "2022-06")["status"] == "dat"
    r = scorecard(con, "P2.6a", "2022-04")
    assert (r["denominator"], r["value"], r["status"]) == (0, None, "khong_co_du_lieu")
    # P2.6b (0.85 per group): dat_dai 1.0 dat, xay_dung 0.5 chua_dat, dau_tu 1.0 dat;
    # the summary row (group_key empty) pools the groups (3/4) and is dat only if every group is
    assert scorecard(con, "P2.6b", "2022", group_key="dat_dai")["status"] == "dat"
    assert scorecard(con, "P2.6b", "2022", group_key="xay_dung")["status"] == "chua_dat"
    assert scorecard(con, "P2.6b", "2022", group_key="dau_tu")["status"] == "dat"
    s = scorecard(con, "P2.6b", "2022")
    assert (s["numerator"], s["denominator"], s["threshold"], s["status"]) == (3, 4, 0.85, "chua_dat")
    # 2022-06: only dau_tu has data (dat); the others have none -> summary khong_co_du_lieu
    assert scorecard(con, "P2.6b", "2022-06", group_key="dau_tu")["status"] == "dat"
    assert scorecard(con, "P2.6b", "2022-06")["status"] == "khong_co_du_lieu"


def _orphan_records(with_dossier: bool):
    dossiers = [hoso("K1", "2022-03-01 08:00", ma_tthc="1.000001")]
    if with_dossier:  # the dossier arrives in a later export
        dossiers.append(hoso("K2", "2022-03-02 08:00", ma_tthc="1.000001", ma_don_vi=HUYEN))
    return {
        "donvi": AGENCIES,
        "hoso": dossiers,
        "tthc": [tthc("2022-01-01", "1.000001", ["tinh", "huyen"], trien_khai_thanh_toan_truc_tuyen=True)],
        "danhgia": [danhgia("G1", "K1", "2022-03-05 08:00", 5), danhgia("G2", "K2", "2022-03-06 08:00", 1)],
        "thanhtoan": [thanhtoan("P1", "K1", "2022-03-05 08:00", 1), thanhtoan("P2", "K2", "2022-03-06 08:00", 3)],
    }


def test_orphans_quarantined_then_loaded_when_dossier_arrives(tmp_path):
    # first build: K2 unknown -> G2 and P2 are orphans, listed with file and row, not counted
    c = build_from_records(tmp_path, _orphan_records(False), as_of=date(2022, 3, 31), name="a.duckdb")
    try:
        assert rows(c, "SELECT ma_danh_gia, ma_ho_so, _row FROM orphan_danhgia") == [
            {"ma_danh_gia": "G2", "ma_ho_so": "K2", "_row": 2}
        ]
        assert rows(c, "SELECT ma_giao_dich, ma_ho_so, _row FROM orphan_thanhtoan") == [
            {"ma_giao_dich": "P2", "ma_ho_so": "K2", "_row": 2}
        ]
        assert nvd(c, "satisfaction_rate", "2022-03") == (1, 1)
        assert nvd(c, "online_payment_transaction_rate", "2022-03") == (1, 1)
    finally:
        c.close()
    # second build, K2 has arrived: both load (satisfaction 1/2, payments 1/2), no orphans
    c = build_from_records(tmp_path, _orphan_records(True), as_of=date(2022, 3, 31), name="b.duckdb")
    try:
        assert rows(c, "SELECT count(*) AS n FROM orphan_danhgia")[0]["n"] == 0
        assert rows(c, "SELECT count(*) AS n FROM orphan_thanhtoan")[0]["n"] == 0
        assert nvd(c, "satisfaction_rate", "2022-03") == (1, 2)
        assert nvd(c, "satisfaction_rate", "2022-03", "huyen") == (0, 1)
        assert nvd(c, "online_payment_transaction_rate", "2022-03") == (1, 2)
    finally:
        c.close()

"""Hand-made cases for every dossier rule of docs/metrics.md (HOSO, TIENTRINH), worked out in comments.

Agencies (helpers.AGENCIES): TINH (tinh), HUYEN (huyen), XA (xa), TW (tw). UNKNOWN is not in DONVI.
Unless said otherwise the as-of date D is 15/06/2022, so the periods run 2022-01 … 2022-06,
2022-Q1, 2022-Q2 and 2022, with E(2022-06) = E(2022-Q2) = E(2022) = 15/06/2022.
"""

from __future__ import annotations

from datetime import date

import pytest

import tests.warehouse.helpers as H
from tests.warehouse.helpers import (
    AGENCIES,
    HUYEN,
    TINH,
    TW,
    XA,
    build_from_records,
    hoso,
    metric_value,
    step,
)

D = date(2022, 6, 15)
UNKNOWN = "999.99.99.H27"


def mv(con, metric, period, level="toan_tinh", ma_don_vi=None):
    return metric_value(con, metric, period, level, ma_don_vi)


# ============================================================================ on-time resolution


@pytest.fixture(scope="session")
def resolved(tmp_path_factory):
    recs = [
        # T1: due 10/03 08:00, resolved 09/03 → truoc_han
        hoso("T1", "2022-03-01 08:00", 9, ngay_hen_tra="2022-03-10 08:00", ngay_ket_thuc_xu_ly="2022-03-09 10:00"),
        # T2: due 10/03 08:00, resolved 10/03 17:00 → same date → dung_han (dates, not times)
        hoso("T2", "2022-03-01 08:00", 10, ngay_hen_tra="2022-03-10 08:00", ngay_ket_thuc_xu_ly="2022-03-10 17:00"),
        # T3 (huyen): due 10/03, resolved 11/03 08:00 → qua_han
        hoso(
            "T3",
            "2022-03-01 08:00",
            9,
            ma_don_vi=HUYEN,
            ngay_hen_tra="2022-03-10 08:00",
            ngay_ket_thuc_xu_ly="2022-03-11 08:00",
        ),
        # T4: no appointment → dung_han
        hoso("T4", "2022-03-01 08:00", 9, ngay_ket_thuc_xu_ly="2022-03-15 09:00"),
        # T5: an end date but status 4 → not resolved
        hoso("T5", "2022-03-01 08:00", 4, ngay_ket_thuc_xu_ly="2022-03-12 09:00"),
        # T6: status 9 without end date → not resolved (and a warn check)
        hoso("T6", "2022-03-01 08:00", 9),
        # T7: a version known at D (updated 15/06) whose end date is 16/06 > E → not counted anywhere
        hoso(
            "T7",
            "2022-06-01 08:00",
            9,
            ngay_hen_tra="2022-06-20 08:00",
            ngay_ket_thuc_xu_ly="2022-06-16 08:00",
            ngay_cap_nhat="2022-06-15 08:00",
        ),
        # T8: resolved 14/06, due 14/06 → dung_han, June
        hoso(
            "T8",
            "2022-06-01 08:00",
            10,
            ngay_hen_tra="2022-06-14 08:00",
            ngay_ket_thuc_xu_ly="2022-06-14 16:00",
            ngay_cap_nhat="2022-06-14 16:00",
        ),
    ]
    con = build_from_records(tmp_path_factory.mktemp("res"), {"donvi": AGENCIES, "hoso": recs}, as_of=D)
    res = H.last_result
    yield con, res
    con.close()


# ============================================================================ received dossiers


@pytest.fixture(scope="session")
def received(tmp_path_factory):
    recs = [
        # not received: status 1 (even with a date), status 3 (refused), no receipt date
        hoso("R1", "2022-04-04 08:00", 1, kenh=2, muc_do=4),
        hoso("R2", "2022-04-04 08:00", 3, kenh=2, muc_do=4),
        hoso("R3", None, 2, kenh=2, muc_do=4, ngay_cap_nhat="2022-04-04 08:00"),
        # R4: postal submission (kenh 3), result digitised, muc_do 4 → online den, num 0
        hoso("R4", "2022-04-05 08:00", 4, kenh=3, muc_do=4, da_so_hoa_ket_qua=True),
        # R5: over the counter, result by post (hinh_thuc_tra 1), muc_do 3 → online den, num 0
        hoso("R5", "2022-04-06 08:00", 4, kenh=1, hinh_thuc_tra=1, muc_do=3, da_so_hoa_ket_qua=False),
        # R6: kenh empty (= 1), result at the counter, muc_do 2 → not in the online denominator
        hoso("R6", "2022-04-07 08:00", 4, kenh=None, hinh_thuc_tra=0, muc_do=2),
        # R7: online at a central agency (tw) → not in the online denominator; digitised
        hoso("R7", "2022-04-08 08:00", 4, ma_don_vi=TW, kenh=2, muc_do=4, da_so_hoa_ket_qua=True),
        # R8: online at an agency missing from DONVI → level NULL; counted in toan_tinh only
        hoso("R8", "2022-04-09 08:00", 4, ma_don_vi=UNKNOWN, kenh=2, muc_do=3),
        # R9: online at a commune, muc_do 4 → online 1
        hoso("R9", "2022-04-10 08:00", 4, ma_don_vi=XA, kenh=2, muc_do=4),
        # R10 (May): a receipt date and no status → status ∉ {1, 3} → received (decision, see fct_dossier)
        hoso("R10", "2022-05-05 08:00", None),
    ]
    # DONVI: the TINH agency re-exported later under a new name → the later landing is current
    donvi = AGENCIES + [H.agency(TINH, "tinh", "Sở Tư pháp tỉnh Hà Tĩnh")]
    con = build_from_records(tmp_path_factory.mktemp("rec"), {"donvi": donvi, "hoso": recs}, as_of=D)
    res = H.last_result
    yield con, res
    con.close()


# ============================================================================ current version


@pytest.fixture(scope="session")
def versions(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ver")
    recs = [
        # V1: newest ngay_cap_nhat wins even when an older version lands later (late re-send)
        hoso("V1", "2022-03-01 08:00", 4, ngay_cap_nhat="2022-03-01 08:00", _landed_seq=1),
        hoso(
            "V1",
            "2022-03-01 08:00",
            9,
            ngay_ket_thuc_xu_ly="2022-03-10 08:00",
            ngay_cap_nhat="2022-03-10 08:00",
            _landed_seq=2,
        ),
        hoso("V1", "2022-03-01 08:00", 4, ngay_cap_nhat="2022-03-05 08:00", _landed_seq=3),
        # V2: equal ngay_cap_nhat → the file landed later wins (kenh 3)
        hoso("V2", "2022-03-01 08:00", 4, kenh=1, ngay_cap_nhat="2022-03-02 08:00", _landed_seq=1),
        hoso("V2", "2022-03-01 08:00", 4, kenh=3, ngay_cap_nhat="2022-03-02 08:00", _landed_seq=2),
        # V3: a dated version beats an undated one landed later (NULLs last)
        hoso(
            "V3",
            "2022-03-01 08:00",
            9,
            ngay_ket_thuc_xu_ly="2022-03-02 08:00",
            ngay_cap_nhat="2022-03-02 08:00",
            _landed_seq=1,
        ),
        hoso("V3", "2022-03-01 08:00", 4, ngay_cap_nhat=None, _landed_seq=5),
        # V4: only undated versions → the later landing wins (kenh 3)
        hoso("V4", "2022-03-01 08:00", 4, kenh=1, ngay_cap_nhat=None, _landed_seq=1),
        hoso("V4", "2022-03-01 08:00", 4, kenh=3, ngay_cap_nhat=None, _landed_seq=2),
        # V5: a version dated after D (20/06) is ignored: as of 15/06 the dossier is open
        hoso("V5", "2022-06-01 08:00", 4, ngay_cap_nhat="2022-06-01 08:00", _landed_seq=1),
        hoso(
            "V5",
            "2022-06-01 08:00",
            9,
            ngay_ket_thuc_xu_ly="2022-06-18 08:00",
            ngay_cap_nhat="2022-06-20 08:00",
            _landed_seq=2,
        ),
        # V6: same date, same file → the higher row wins (kenh 3)
        hoso("V6", "2022-03-01 08:00", 4, kenh=1, ngay_cap_nhat="2022-03-02 08:00", _landed_seq=7, _row=1),
        hoso("V6", "2022-03-01 08:00", 4, kenh=3, ngay_cap_nhat="2022-03-02 08:00", _landed_seq=7, _row=2),
        # V7: the same content delivered in two files → one row in stg_hoso
        hoso("V7", "2022-03-01 08:00", 4, ngay_cap_nhat="2022-03-02 08:00", _landed_seq=1, _file_id="f1"),
        hoso("V7", "2022-03-01 08:00", 4, ngay_cap_nhat="2022-03-02 08:00", _landed_seq=4, _file_id="f2"),
    ]
    data = {"donvi": AGENCIES, "hoso": recs}
    con15 = build_from_records(tmp, data, as_of=D, name="d15.duckdb")
    con30 = build_from_records(tmp, data, as_of=date(2022, 6, 30), name="d30.duckdb")
    yield con15, con30
    con15.close()
    con30.close()


# ============================================================================ overdue and apologies


@pytest.fixture(scope="session")
def overdue(tmp_path_factory):
    late = dict(ngay_hen_tra="2022-05-10 08:00")
    recs = [
        # O1: open, due 10/05 → overdue at E(May)=31/05 and at 15/06; apology 20/05
        hoso("O1", "2022-05-02 08:00", 4, **late),
        # O2/O3/O4: open but waiting for supplement (5), withdrawn (7), stopped (8) → excluded
        hoso("O2", "2022-05-02 08:00", 5, **late),
        hoso("O3", "2022-05-02 08:00", 7, **late),
        hoso("O4", "2022-05-02 08:00", 8, **late),
        # O5: refused (3) → not received, excluded
        hoso("O5", "2022-05-02 08:00", 3, **late),
        # O6: due 31/05 = E(May) → not < E in May; overdue at 15/06; apology 10/06
        hoso("O6", "2022-05-02 08:00", 4, ngay_hen_tra="2022-05-31 08:00"),
        # O7: resolved late on 20/05 (qua_han) → overdue of May and Q2; apology 03/06 (> E(May))
        hoso(
            "O7",
            "2022-05-02 08:00",
            10,
            ngay_ket_thuc_xu_ly="2022-05-20 08:00",
            ngay_cap_nhat="2022-05-20 08:00",
            **late,
        ),
        # O8: received 01/06, due 14/06, open → overdue at 15/06, no apology
        hoso("O8", "2022-06-01 08:00", 4, ngay_hen_tra="2022-06-14 08:00"),
        # O9: due 10/05, resolved 05/06 → open overdue at E(May); resolved qua_han in June
        hoso(
            "O9",
            "2022-05-02 08:00",
            9,
            ngay_ket_thuc_xu_ly="2022-06-05 08:00",
            ngay_cap_nhat="2022-06-05 08:00",
            **late,
        ),
        # O10: due 13/06, open; its apology step is dated 20/06 > D → ignored
        hoso("O10", "2022-06-01 08:00", 4, ngay_hen_tra="2022-06-13 08:00"),
    ]
    steps = [
        step("O1", 3, "xin_loi", "2022-05-20 09:00", han_xu_ly="2022-05-25 08:00"),
        step("O6", 3, "xin_loi", "2022-06-10 09:00"),
        step("O7", 3, "xin_loi", "2022-06-03 09:00"),
        step("O10", 3, "xin_loi", "2022-06-20 09:00"),
        step("O3", 4, "rut_ho_so", "2022-05-12 10:00"),
    ]
    con = build_from_records(
        tmp_path_factory.mktemp("od"), {"donvi": AGENCIES, "hoso": recs, "tientrinh": steps}, as_of=D
    )
    yield con
    con.close()


# ============================================================================ electronic circulation


@pytest.fixture(scope="session")
def circulation(tmp_path_factory):
    A, B, C = TINH, HUYEN, XA
    recs = [hoso(f"E{i}", "2022-03-05 08:00", 4) for i in range(1, 8)]
    t = "2022-03-06 08:00"
    steps = [
        # E1: electronic, paper, empty (= electronic) transfers → one paper transfer fails it
        step("E1", 1, "tiep_nhan", t),
        step("E1", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=B, hinh_thuc_chuyen="dien_tu"),
        step("E1", 3, "chuyen_xu_ly", t, don_vi_gui=B, don_vi_nhan=C, hinh_thuc_chuyen="giay"),
        step("E1", 4, "chuyen_xu_ly", t, don_vi_gui=C, don_vi_nhan=A, hinh_thuc_chuyen=None),
        # E2: electronic transfer + a paper hand-over inside the same agency (not a transfer) → passes
        step("E2", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=B, hinh_thuc_chuyen="dien_tu"),
        step("E2", 3, "chuyen_xu_ly", t, don_vi_gui=B, don_vi_nhan=B, hinh_thuc_chuyen="giay"),
        # E3: no transfer step at all → outside the denominator
        step("E3", 1, "tiep_nhan", t),
        step("E3", 2, "ket_thuc_xu_ly", t),
        # E4: only a hand-over A → A → no transfer → outside
        step("E4", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=A, hinh_thuc_chuyen="giay"),
        # E5: receiver missing → not a transfer (decision: both parties needed) → outside; warn check
        step("E5", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=None, hinh_thuc_chuyen="giay"),
        # E6: a paper transfer re-sent later as electronic (same dossier, same step) → newest landing wins
        step("E6", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=B, hinh_thuc_chuyen="giay", _landed_seq=1),
        step("E6", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=B, hinh_thuc_chuyen="dien_tu", _landed_seq=9),
        # E7: electronic transfer; a paper transfer dated 20/06 (after D) is ignored → passes
        step("E7", 2, "chuyen_xu_ly", t, don_vi_gui=A, don_vi_nhan=B, hinh_thuc_chuyen="dien_tu"),
        step("E7", 3, "chuyen_xu_ly", "2022-06-20 08:00", don_vi_gui=B, don_vi_nhan=C, hinh_thuc_chuyen="giay"),
    ]
    con = build_from_records(
        tmp_path_factory.mktemp("ec"), {"donvi": AGENCIES, "hoso": recs, "tientrinh": steps}, as_of=D
    )
    res = H.last_result
    yield con, res
    con.close()


# ============================================================================ unique_units

MINE = (
    "on_time_resolution_rate",
    "electronic_circulation_rate",
    "result_digitization_rate",
    "online_dossier_rate",
    "postal_dossier_share",
    "apology_coverage_rate",
)

"""Catalogue metrics (docs/metrics.md, "Catalogue metrics"), procedures_with_dossiers_online_rate and
online_payment_transaction_rate: hand-made cases, answers worked out by hand in the comments.

Two catalogue snapshots: S1 exported 15/01/2022, S2 exported 20/03/2022 (and S3 exported
15/07/2022, after the as-of date 30/06/2022: never seen). The catalogue of a period is the
newest snapshot exported on or before its effective end E:
    2022-01 (E 31/01) -> S1,  2022-02 (E 28/02) -> S1,  2022-03 (E 31/03) -> S2,  2022-Q1 -> S2.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import thanhtoan, tthc
from tests.warehouse.helpers import AGENCIES, HUYEN, TINH, XA, build_from_records, hoso

S1, S2, S3 = "2022-01-15", "2022-03-20", "2022-07-15"

CATALOG = [
    # S1 ------------------------------------------------------------------------------
    # X1 public at two levels, posted, level 3, online payment; published 25/01/2022 for a legal
    # basis effective 08/02/2022: 5 working days before 08/02 crosses Tết (31/01-04/02 off):
    # 07/02 (1), 28/01 (2), 27/01 (3), 26/01 (4), 25/01 (5) -> deadline 25/01: on time.
    tthc(
        S1,
        "1.000001",
        ["tinh", "huyen"],
        niem_yet=True,
        muc_do=3,
        trien_khai_thanh_toan_truc_tuyen=True,
        ngay_qd_cong_bo="2022-01-25",
        ngay_hieu_luc_can_cu="2022-02-08",
    ),
    # X2 public at xa, not posted, level 2, no online payment
    tthc(S1, "1.000002", ["xa"], muc_do=2),
    # I1 internal, internal process published; decision 10/01 for a basis effective 20/01/2022:
    # 19, 18, 17, 14, 13/01 -> deadline 13/01: on time
    tthc(
        S1,
        "2.000001",
        ["tinh"],
        loai="noi_bo",
        co_quy_trinh_noi_bo=True,
        ngay_qd_cong_bo="2022-01-10",
        ngay_hieu_luc_can_cu="2022-01-20",
    ),
    # S2 ------------------------------------------------------------------------------
    # X1 no longer posted; same (code, decision date) pair as in S1: counted once
    tthc(
        S2,
        "1.000001",
        ["tinh", "huyen"],
        niem_yet=False,
        muc_do=3,
        du_dieu_kien_truc_tuyen=True,
        tich_hop_dvcqg=True,
        co_nghia_vu_tai_chinh=True,
        trien_khai_thanh_toan_truc_tuyen=True,
        cong_khai_csdlqg=True,
        ngay_qd_cong_bo="2022-01-25",
        ngay_hieu_luc_can_cu="2022-02-08",
    ),
    # X2 now posted; published 26/01 for a basis effective 08/02: one day late
    tthc(
        S2,
        "1.000002",
        ["xa"],
        niem_yet=True,
        muc_do=2,
        du_dieu_kien_truc_tuyen=True,
        co_nghia_vu_tai_chinh=True,
        ngay_qd_cong_bo="2022-01-26",
        ngay_hieu_luc_can_cu="2022-02-08",
    ),
    # X3 new, huyen, posted, level 4, not eligible, not on the national portal; decision
    # 02/03/2022 for a basis effective 09/03/2022 (Wed): 08, 07, 04, 03, 02/03 -> deadline 02/03:
    # on time (on the day)
    tthc(
        S2,
        "1.000003",
        ["huyen"],
        niem_yet=True,
        muc_do=4,
        ngay_qd_cong_bo="2022-03-02",
        ngay_hieu_luc_can_cu="2022-03-09",
    ),
    # I1 internal process withdrawn; I2 new internal with a process
    tthc(
        S2,
        "2.000001",
        ["tinh"],
        loai="noi_bo",
        co_quy_trinh_noi_bo=False,
        ngay_qd_cong_bo="2022-01-10",
        ngay_hieu_luc_can_cu="2022-01-20",
    ),
    tthc(S2, "2.000002", ["huyen"], loai="noi_bo", co_quy_trinh_noi_bo=True),
    # P1: the national portal's list landed 10/04/2022 (only code, name, agencies, field): not
    # the province's catalogue, so the catalogue of 2022-04 stays S2
    {
        "ngay_xuat": "2022-04-10",
        "ma_tthc": "1.000001",
        "ten_tthc": "Thủ tục 1.000001",
        "loai_tthc": "tthc",
        "co_quan_ban_hanh": "Bộ Tư pháp",
        "co_quan_thuc_hien": "Sở Tư pháp",
    },
    {
        "ngay_xuat": "2022-04-10",
        "ma_tthc": "1.000777",
        "ten_tthc": "Thủ tục 1.000777",
        "loai_tthc": "tthc",
        "co_quan_ban_hanh": "Bộ Tư pháp",
        "co_quan_thuc_hien": "Sở Tư pháp",
    },
    # S3 (after D): ignored, including its publication decision of 10/06/2022
    tthc(S3, "1.000004", ["tinh"], niem_yet=True, ngay_qd_cong_bo="2022-06-10", ngay_hieu_luc_can_cu="2022-07-01"),
]

DOSSIERS = [
    # received in 2022-02 (catalogue S1): X1 at tinh and at huyen, X2 at xa, a procedure that
    # is not in the catalogue at tinh
    hoso("D1", "2022-02-10 08:00", ma_don_vi=TINH, ma_tthc="1.000001"),
    hoso("D2", "2022-02-11 08:00", ma_don_vi=HUYEN, ma_tthc="1.000001"),
    hoso("D3", "2022-02-12 08:00", ma_don_vi=XA, ma_tthc="1.000002"),
    hoso("D4", "2022-02-14 08:00", ma_don_vi=TINH, ma_tthc="1.009999"),
    # not received (status 1: submitted online, not yet received): not counted
    hoso("D5", None, trang_thai=1, ma_don_vi=TINH, ma_tthc="1.000002", ngay_cap_nhat="2022-02-15 08:00"),
]

PAYMENTS = [
    thanhtoan("T1", "D1", "2022-02-15 09:00", 1),  # online, counted: num 1
    thanhtoan("T2", "D1", "2022-02-16 09:00", 3),  # cash: den only
    thanhtoan("T3", "D1", "2022-02-17 09:00", 2, "that_bai"),  # failed: excluded
    thanhtoan("T4", "D3", "2022-02-18 09:00", 1),  # X2: no online payment: excluded
    thanhtoan("T5", "NOPE", "2022-02-18 09:00", 1),  # orphan: quarantined
    thanhtoan("T6", "D2", "2022-03-21 09:00", 2),  # 2022-03 (S2, X1 deployed): num 1
]


_BUILD: dict = {}


@pytest.fixture(scope="session")
def catalog_con(tmp_path_factory):
    from tests.warehouse import helpers

    c = build_from_records(
        tmp_path_factory.mktemp("catalog"),
        {
            "donvi": AGENCIES,
            "tthc": CATALOG,
            "hoso": DOSSIERS,
            "thanhtoan": PAYMENTS,
        },
        as_of=date(2022, 6, 30),
    )
    _BUILD["result"] = helpers.last_result
    yield c
    c.close()

"""The QĐ 766 inputs in the warehouse (docs/exports.md, "Additions for the QĐ 766 index"):
staging keeps every distinct version of TAILIEUNOP, GIAYTOKETQUA, LEPHI and TTHC_DONVI, the
`cur_` models keep the newest one per key (no update time: the file landed last wins), the
added columns of HOSO, TIENTRINH, TTHC and PAKN pass through staging, and a province whose
software sends none of them still builds, with empty tables of the right columns."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.contract import ENTITIES
from tests.warehouse.helpers import AGENCIES, TINH, XA, build_from_records, hoso

NEW = ("tailieunop", "giaytoketqua", "lephi", "tthc_donvi")
LINEAGE = ["_file_id", "_row", "_landed_seq"]


def _rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # Each key comes twice: an older version landed first (seq 1), a newer one landed later
    # (seq 2); one row is sent twice identically (seq 1 and 3), which staging keeps once.
    records = {
        "donvi": AGENCIES,
        "hoso": [
            hoso(
                "H1",
                ma_co_quan_thuc_hien=XA,
                ngay_dong_bo_dvcqg="2022-03-10 09:00",
                tai_khoan_vneid=True,
                noi_nop=2,
                ma_csdl="CSDLDC;CSDLDD",
            ),
            hoso("H2"),
        ],
        "tailieunop": [
            # T1: first sent without a path, then re-sent with one and marked digitised
            {"ma_ho_so": "H1", "ma_tep": "T1", "co_duong_dan_tep": False, "duoc_so_hoa": False, "_landed_seq": 1},
            {"ma_ho_so": "H1", "ma_tep": "T1", "co_duong_dan_tep": True, "duoc_so_hoa": True, "_landed_seq": 2},
            # T2: sent twice identically, then deleted (da_xoa) by a later file
            {"ma_ho_so": "H1", "ma_tep": "T2", "co_duong_dan_tep": True, "da_xoa": False, "_landed_seq": 1},
            {"ma_ho_so": "H1", "ma_tep": "T2", "co_duong_dan_tep": True, "da_xoa": False, "_landed_seq": 3},
            {"ma_ho_so": "H1", "ma_tep": "T2", "co_duong_dan_tep": True, "da_xoa": True, "_landed_seq": 4},
        ],
        "giaytoketqua": [
            # G1: the result file arrives in the later version
            {"ma_ho_so": "H1", "ma_giay_to": "G1", "ma_giay_to_ket_qua": None, "_landed_seq": 1},
            {
                "ma_ho_so": "H1",
                "ma_giay_to": "G1",
                "ma_giay_to_ket_qua": "KQ.G15.000033",
                "co_duong_dan_tep_ket_qua": True,
                "_landed_seq": 2,
            },
        ],
        "lephi": [
            # the fee of H1 was first 50.000, then exempted (0)
            {"ma_ho_so": "H1", "stt": 1, "gia": 50000, "_landed_seq": 1},
            {"ma_ho_so": "H1", "stt": 1, "gia": 0, "_landed_seq": 2},
            {"ma_ho_so": "H1", "stt": 2, "gia": 20000, "_landed_seq": 1},
        ],
        "tthc_donvi": [
            # same snapshot day and key in two files: the later file says the service stopped
            {"ngay_xuat": "2022-03-01", "ma_tthc": "1.001193", "ma_don_vi": XA, "muc_do": 4, "_landed_seq": 1},
            {
                "ngay_xuat": "2022-03-01",
                "ma_tthc": "1.001193",
                "ma_don_vi": XA,
                "muc_do": 4,
                "trang_thai_dvc": "dung_cong_khai",
                "_landed_seq": 2,
            },
            {"ngay_xuat": "2022-03-01", "ma_tthc": "1.001193", "ma_don_vi": TINH, "muc_do": 3, "_landed_seq": 1},
            # a snapshot exported after the as-of date: not known at D
            {"ngay_xuat": "2022-07-01", "ma_tthc": "1.001193", "ma_don_vi": TINH, "muc_do": 4, "_landed_seq": 3},
        ],
        "pakn": [
            {
                "ma_pakn": "P1",
                "ngay_tiep_nhan": "2022-03-11 08:00",
                "ma_ho_so": "H1",
                "phan_loai": "quy_dinh_tthc",
                "so_thich": 1,
                "so_khong_thich": 3,
                "ma_pakn_goc": "P0",
            }
        ],
        "tientrinh": [
            {"ma_ho_so": "H1", "buoc": 1, "thoi_diem": "2022-03-10 08:00", "ngay_dong_bo_dvcqg": "2022-03-10 08:05"}
        ],
        "tthc": [
            {"ngay_xuat": "2022-03-01", "ma_tthc": "1.001193", "co_ket_qua_giay_to": True, "loai_cong_bo": "them_moi"}
        ],
    }
    c = build_from_records(tmp_path_factory.mktemp("qd766"), records, as_of=date(2022, 6, 30))
    yield c
    c.close()


def test_staging_keeps_every_distinct_version(con):
    # tailieunop: T1 two versions + T2 three rows of which two are identical -> 2 + 2 = 4
    assert _rows(con, "SELECT count(*) FROM stg_tailieunop") == [(4,)]
    # the identical T2 copy keeps the lineage of its latest landing (seq 3, not 1)
    assert _rows(con, "SELECT _landed_seq FROM stg_tailieunop WHERE ma_tep = 'T2' AND NOT da_xoa") == [(3,)]
    assert _rows(con, "SELECT count(*) FROM stg_giaytoketqua") == [(2,)]
    assert _rows(con, "SELECT count(*) FROM stg_lephi") == [(3,)]
    assert _rows(con, "SELECT count(*) FROM stg_tthc_donvi") == [(4,)]


def test_newest_version_wins_per_key(con):
    # T1: the later file (path, digitised); T2: the later file marks it deleted
    assert _rows(con, "SELECT ma_tep, co_duong_dan_tep, duoc_so_hoa, da_xoa FROM cur_tailieunop ORDER BY ma_tep") == [
        ("T1", True, True, None),
        ("T2", True, None, True),
    ]
    assert _rows(con, "SELECT ma_giay_to_ket_qua, co_duong_dan_tep_ket_qua FROM cur_giaytoketqua") == [
        ("KQ.G15.000033", True)
    ]
    # fee 1 exempted by the later file (0), fee 2 sent once
    assert _rows(con, "SELECT stt, gia FROM cur_lephi ORDER BY stt") == [(1, 0), (2, 20000)]
    # XA's service: the later file (stopped); the 01/07 snapshot is after D = 30/06: absent
    assert _rows(
        con, "SELECT ma_don_vi, ngay_xuat, trang_thai_dvc FROM cur_tthc_donvi ORDER BY ma_don_vi, ngay_xuat"
    ) == [(TINH, date(2022, 3, 1), None), (XA, date(2022, 3, 1), "dung_cong_khai")]


def test_added_columns_pass_through_staging(con):
    assert _rows(
        con,
        "SELECT ma_co_quan_thuc_hien, tai_khoan_vneid, noi_nop, ma_csdl, ngay_dong_bo_dvcqg IS NOT NULL "
        "FROM stg_hoso WHERE ma_ho_so = 'H1'",
    ) == [(XA, True, 2, "CSDLDC;CSDLDD", True)]
    # H2 came from an export without the new columns: NULL, never a default
    assert _rows(
        con,
        "SELECT ma_co_quan_thuc_hien, ngay_dong_bo_dvcqg, tai_khoan_vneid, noi_nop, ma_csdl FROM stg_hoso "
        "WHERE ma_ho_so = 'H2'",
    ) == [(None, None, None, None, None)]
    assert _rows(con, "SELECT ngay_dong_bo_dvcqg IS NOT NULL FROM stg_tientrinh") == [(True,)]
    assert _rows(con, "SELECT co_ket_qua_giay_to, loai_cong_bo, co_ten FROM stg_tthc") == [(True, "them_moi", None)]
    assert _rows(con, "SELECT ma_ho_so, phan_loai, so_thich, so_khong_thich, ma_pakn_goc FROM stg_pakn") == [
        ("H1", "quy_dinh_tthc", 1, 3, "P0")
    ]


def test_province_without_the_new_inputs_builds_with_empty_tables(tmp_path):
    # the exports of today: agencies and a dossier, none of the QĐ 766 additions
    c = build_from_records(tmp_path, {"donvi": AGENCIES, "hoso": [hoso("H1")]}, as_of=date(2022, 6, 30))
    try:
        for e in NEW:
            for model in (f"stg_{e}", f"cur_{e}"):
                assert _rows(c, f"SELECT count(*) FROM {model}") == [(0,)], model
                cols = [r[0] for r in _rows(c, f"DESCRIBE {model}")]
                assert cols == [*ENTITIES[e], *LINEAGE], model
        # the added dossier columns exist and are NULL
        assert _rows(c, "SELECT ma_co_quan_thuc_hien, ngay_dong_bo_dvcqg, tai_khoan_vneid FROM stg_hoso") == [
            (None, None, None)
        ]
    finally:
        c.close()

"""JSON exports and API pages (DVCQG keys, nested lists kept as JSON text)."""

from __future__ import annotations

import datetime as dt
import json

from pipelines.readers.read import read_file

from .conftest import write_json

REC = {
    "MaHoSo": "000.00.12.H27-220315-0001",
    "MaTTHC": "1.001193.000.00.00.H27",
    "MucDo": 4,
    "KenhThucHien": 2,
    "ChuHoSo": "Nguyễn Văn An",
    "SoGiayToChuHoSo": "042012345678",
    "NgayNopHoSo": "20220315083000",
    "NgayTiepNhan": "20220315090000",
    "NgayHenTra": "20220325170000",
    "TrangThaiHoSo": 4,
    "TongPhiLePhi": 1250000,
    "NgayCapNhat": "20220316100000",
    "DanhSachHoSoBoSung": [{"NgayHenTraTruoc": "20220325170000", "NgayHenTraMoi": "20220330170000"}],
    "DanhSachGiayToKetQua": [{"MaGiayToKetQua": "KQ.G15.000033"}],
}


def test_top_level_array(tmp_path):
    r = read_file(write_json(tmp_path / "a.json", [REC, {**REC, "MaHoSo": "X-2"}]))
    assert r.error is None, r.error
    assert r.entity == "hoso" and r.rows_loaded == 2
    rec = r.table.to_pylist()[0]
    assert rec["ma_tthc"] == "1.001193" and rec["muc_do"] == 4 and rec["kenh"] == 2
    assert rec["ngay_nop"] == dt.datetime(2022, 3, 15, 8, 30)
    assert json.loads(rec["ds_bo_sung"]) == REC["DanhSachHoSoBoSung"]
    assert json.loads(rec["ds_giay_to_ket_qua"]) == REC["DanhSachGiayToKetQua"]
    assert r.table.column("_row").to_pylist() == [1, 2]


def test_data_wrapper_and_api_page(tmp_path):
    r = read_file(write_json(tmp_path / "w.json", {"data": [REC]}))
    assert r.entity == "hoso" and r.rows_loaded == 1
    page = {"error_code": 0, "total": 3, "page": 2, "data": [REC, {**REC, "MaHoSo": "B"}]}
    r = read_file(write_json(tmp_path / "p.json", page))
    assert r.entity == "hoso" and r.rows_loaded == 2
    assert r.table.column("ds_bo_sung")[1].as_py() is not None


def test_absent_nested_lists_are_null_and_bad_row_index(tmp_path):
    other = {k: v for k, v in REC.items() if not k.startswith("DanhSach")}
    other["NgayTiepNhan"] = "20220231090000"  # 31 Feb: bad row
    r = read_file(write_json(tmp_path / "n.json", [other, {**other, "NgayTiepNhan": None, "MaHoSo": "C"}]))
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (2, 1, 1)
    assert r.quarantine[0]["row"] == 1 and r.quarantine[0]["column"] == "NgayTiepNhan"
    assert r.table.column("ds_bo_sung").to_pylist() == [None]


def test_api_error_page_and_empty_page_quarantined_whole(tmp_path):
    r = read_file(write_json(tmp_path / "e.json", {"error_code": 401, "message": "token expired"}))
    assert r.error and "token expired" in r.error and "e.json" in r.error
    r = read_file(write_json(tmp_path / "z.json", {"error_code": 0, "total": 0, "data": []}))
    assert r.error and "no records" in r.error


def test_array_values_stay_text_day_first_and_codes(tmp_path):
    recs = [
        {
            "MaHoSo": "A",
            "MaTTHC": "1.000241",
            "NgayNopHoSo": "03/04/2022 08:00",
            "MaDonVi": "042",
            "NgayCapNhat": "2022-04-03 08:00:00",
            "TrangThaiHoSo": "Đã trả kết quả",
        },
        {
            "MaHoSo": "B",
            "MaTTHC": "1.000241",
            "NgayNopHoSo": "04/03/2022",
            "MaDonVi": "042",
            "NgayCapNhat": "2022-04-03",
            "TrangThaiHoSo": 2,
        },
    ]
    r = read_file(write_json(tmp_path / "a.json", recs))
    assert r.error is None, r.error
    t = r.table.to_pylist()
    assert [x["ngay_nop"] for x in t] == [dt.datetime(2022, 4, 3, 8), dt.datetime(2022, 3, 4)]
    assert [x["ma_don_vi"] for x in t] == ["042", "042"] and t[0]["ma_tthc"] == "1.000241"
    assert [x["trang_thai"] for x in t] == [10, 2]


def test_tientrinh_dvcqg_keys_without_step_number(tmp_path):
    steps = [
        {"MaHoSo": "A", "ThoiDiemXuLy": "20220301080000", "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": 2},
        {"MaHoSo": "B", "ThoiDiemXuLy": "20220301080000", "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": 2},
        {
            "MaHoSo": "A",
            "ThoiDiemXuLy": "20220302080000",
            "NoiDungXuLy": "Chuyển xử lý",
            "TrangThai": 4,
            "PhongBanXuLy": "Phòng QLĐT",
            "NgayKetThucTheoQuyDinh": "20220305170000",
        },
    ]
    r = read_file(write_json(tmp_path / "s.json", {"data": steps}))
    assert r.entity == "tientrinh" and r.rows_loaded == 3, r.message
    t = r.table.to_pylist()
    assert [(x["ma_ho_so"], x["buoc"]) for x in t] == [("A", 1), ("B", 1), ("A", 2)]
    assert t[2]["don_vi_nhan"] == "Phòng QLĐT" and t[2]["hanh_dong"] == "chuyen_xu_ly"


def test_large_array_reader_path_agrees(tmp_path, monkeypatch):
    from pipelines.readers import json_sheet

    p = write_json(tmp_path / "big.json", [REC, {**REC, "MaHoSo": "X-2", "MucDo": "Toàn trình"}])
    small = read_file(p)
    keys, _, rows = json_sheet._duckdb_array(p)  # the large-file path itself must work
    assert keys[0] == "MaHoSo" and rows.to_pylist() == [1, 2]
    monkeypatch.setattr(json_sheet, "DUCKDB_ABOVE_BYTES", 0)
    big = read_file(p)
    assert big.error is None and small.error is None
    assert big.table.equals(small.table)

"""CSV encodings and dialects (docs/exports.md: Encodings, CSV dialects)."""

from __future__ import annotations

import pytest

from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, write_csv


def _read(path):
    r = read_file(path)
    assert r.error is None, r.error
    return r


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_and_without_bom(tmp_path, encoding):
    r = _read(write_csv(tmp_path / "a.csv", HOSO_HEADER, [hoso_row(1), hoso_row(2)], encoding=encoding))
    assert r.entity == "hoso" and r.rows_loaded == 2
    assert r.table.column("ten_tthc")[0].as_py() == "Cấp giấy phép xây dựng"


def test_utf16_with_bom_tab_separated(tmp_path):
    # Excel's "Unicode text": UTF-16 LE with BOM, tab separated
    r = _read(write_csv(tmp_path / "a.txt", HOSO_HEADER, [hoso_row(1)], sep="\t", encoding="utf-16"))
    assert (tmp_path / "a.txt").read_bytes()[:2] == b"\xff\xfe"
    assert r.entity == "hoso" and r.rows_loaded == 1
    assert r.table.column("ma_ho_so")[0].as_py() == "000.00.12.H27-220315-0001"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_each_separator_is_sniffed(tmp_path, sep):
    r = _read(write_csv(tmp_path / "a.csv", HOSO_HEADER, [hoso_row(1), hoso_row(2)], sep=sep))
    assert r.rows_loaded == 2
    assert r.table.column("phi_le_phi").to_pylist() == [1250000, 1250000]


def test_quoted_field_with_line_breaks(tmp_path):
    rows = [hoso_row(1, **{"Tên TTHC": "Cấp giấy phép\nxây dựng; sửa chữa, cải tạo"}), hoso_row(2)]
    r = _read(write_csv(tmp_path / "a.csv", HOSO_HEADER, rows))
    assert r.rows_in == 2 and r.rows_loaded == 2
    assert r.table.column("ten_tthc")[0].as_py() == "Cấp giấy phép\nxây dựng; sửa chữa, cải tạo"
    assert r.table.column("_row").to_pylist() == [1, 2]


def test_dvcqg_keys_as_csv_header(tmp_path):
    header = ["MaHoSo", "MaTTHC", "NgayTiepNhan", "TrangThaiHoSo", "KenhThucHien", "NgayCapNhat"]
    rows = [["000.00.12.H27-220315-0001", "1.001193", "20220315083000", "2", "", "20220315083000"]]
    r = _read(write_csv(tmp_path / "x.csv", header, rows))
    assert r.entity == "hoso"
    rec = r.table.to_pylist()[0]
    # the empty kenh cell stays empty in the parsed rows: the source rule "empty = 1" (exports.md)
    # is applied in SQL (fct_dossier.kenh_nop), where the share of empty cells is measured
    assert rec["trang_thai"] == 2 and rec["kenh"] is None
    # the file carried these columns (and ma_tthc_goc, derived from MaTTHC); no other
    assert r.columns == ["ma_ho_so", "ma_tthc", "ma_tthc_goc", "kenh", "ngay_tiep_nhan", "trang_thai", "ngay_cap_nhat"]
    assert str(rec["ngay_tiep_nhan"]) == "2022-03-15 08:30:00"


def test_undecodable_bytes_quarantined_whole(tmp_path):
    p = tmp_path / "cp1258.csv"
    p.write_bytes("Mã hồ sơ,Trạng thái\nA,1\n".encode().replace(b"\xc3\xa3", b"\xe3"))
    r = read_file(p)
    assert r.error and "cp1258.csv" in r.error and r.table is None


def test_csv_footer_lines_skipped_and_ragged_rows_quarantined(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text(
        "Mã hồ sơ;Trạng thái;Ngày nộp\nA;1;01/01/2022\nB;2\nC;3;01/01/2022;extra\n"
        "D;4;02/01/2022;\n\nTổng cộng: 4 hồ sơ\nNgười lập biểu\n",
        encoding="utf-8",
    )
    r = read_file(p)
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined, r.rows_skipped) == (4, 2, 2, 2)
    assert r.table.column("_row").to_pylist() == [1, 4]
    assert [(q["row"], q["reason"]) for q in r.quarantine] == [
        (2, "expected 3 fields, found 2"),
        (3, "expected 3 fields, found 4"),
    ]
    assert r.quarantine[0]["raw"] == {"_line": "B;2"}


def test_title_lines_above_csv_header(tmp_path):
    r = read_file(write_csv(tmp_path / "t.csv", HOSO_HEADER, [hoso_row(1)], lines_before=["DANH SÁCH HỒ SƠ", ""]))
    assert r.error is None and r.rows_loaded == 1

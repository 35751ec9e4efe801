"""Excel layout: title rows, merged cells, header detection, footers, native dates, text codes."""

from __future__ import annotations

import datetime as dt

from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, write_xlsx

TITLE = ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "DANH SÁCH HỒ SƠ TIẾP NHẬN TỪ NGÀY 01/03/2022 ĐẾN NGÀY 31/03/2022", ""]


def test_title_rows_merged_and_footer_rows_skipped_not_quarantined(tmp_path):
    p = write_xlsx(
        tmp_path / "bao-cao.xlsx",
        HOSO_HEADER,
        [hoso_row(1), hoso_row(2), hoso_row(3)],
        title=TITLE,
        footer=[
            [None],
            ["Tổng cộng: 1.234 hồ sơ"],
            [None, None, "Người lập biểu", None, "Thủ trưởng đơn vị"],
            [None, None, "(Ký, ghi rõ họ tên)"],
            [None],
            [None, None, "Nguyễn Thị Bình", None, "Trần Văn C"],
        ],
        blank_top=1,
    )
    r = read_file(p)
    assert r.error is None, r.error
    assert r.entity == "hoso"
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (3, 3, 0)
    assert r.rows_skipped >= 4
    # _row is the spreadsheet row: 1 blank + 3 title rows + header -> data starts on row 6
    assert r.table.column("_row").to_pylist() == [6, 7, 8]


def test_footer_text_in_key_column_is_skipped(tmp_path):
    p = write_xlsx(
        tmp_path / "f.xlsx",
        HOSO_HEADER,
        [hoso_row(1)],
        footer=["Tổng cộng: 1 hồ sơ", "Hà Tĩnh, ngày 31 tháng 3 năm 2022", "Người lập biểu", "Nguyễn Thị Bình"],
    )
    r = read_file(p)
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined, r.rows_skipped) == (1, 1, 0, 4)


def test_ten_title_rows_and_header_found_by_aliases(tmp_path):
    title = [f"Dòng tiêu đề {i}" for i in range(10)]
    p = write_xlsx(tmp_path / "t.xlsx", HOSO_HEADER, [hoso_row(1)], title=title, merge_title=False)
    r = read_file(p)
    assert r.error is None and r.rows_loaded == 1
    assert r.table.column("_row").to_pylist() == [12]


def test_native_excel_datetimes_and_text_dates(tmp_path):
    rows = [
        hoso_row(1, **{"Ngày nộp": dt.datetime(2022, 3, 4, 8, 30, 15), "Ngày hẹn trả": dt.datetime(2022, 3, 20)}),
        hoso_row(2, **{"Ngày nộp": "03/04/2022 07:05"}),
    ]
    r = read_file(write_xlsx(tmp_path / "d.xlsx", HOSO_HEADER, rows))
    assert r.error is None, r.error
    nop = r.table.column("ngay_nop").to_pylist()
    assert nop == [dt.datetime(2022, 3, 4, 8, 30, 15), dt.datetime(2022, 4, 3, 7, 5)]
    assert r.table.column("ngay_hen_tra")[0].as_py() == dt.datetime(2022, 3, 20)


def test_codes_stay_text_and_local_tthc_code_is_cut(tmp_path):
    header = ["Mã định danh", "Tên đơn vị", "Cấp", "Mã ĐVHC"]
    rows = [
        ["000.00.12.H27", "Sở Tư pháp", "Tỉnh", None],
        ["001.00.20.H27", "UBND huyện Kỳ Anh", "Cấp huyện", "042"],
        ["Công an tỉnh", "Công an tỉnh", "Trung ương", None],
    ]
    r = read_file(write_xlsx(tmp_path / "dv.xlsx", header, rows))
    assert r.entity == "donvi" and r.rows_loaded == 3
    assert r.table.column("ma_dvhc").to_pylist() == [None, "042", None]
    assert r.table.column("cap").to_pylist() == ["tinh", "huyen", "tw"]

    hrows = [hoso_row(1, **{"Mã TTHC": "1.000241"}), hoso_row(2, **{"Mã TTHC": "1.001193.000.00.00.H27"})]
    r = read_file(write_xlsx(tmp_path / "hs.xlsx", HOSO_HEADER, hrows))
    assert r.table.column("ma_tthc").to_pylist() == ["1.000241", "1.001193"]
    assert r.table.column("ma_tthc_goc").to_pylist() == ["1.000241", "1.001193.000.00.00.H27"]


def test_numeric_cells_for_money_and_codes(tmp_path):
    rows = [hoso_row(1, **{"Phí, lệ phí (VND)": 1250000, "Trạng thái": 10, "Mức độ": 4})]
    r = read_file(write_xlsx(tmp_path / "n.xlsx", HOSO_HEADER, rows))
    rec = r.table.to_pylist()[0]
    assert (rec["phi_le_phi"], rec["trang_thai"], rec["muc_do"]) == (1250000, 10, 4)


def test_truncated_xlsx_quarantined_whole(tmp_path):
    good = write_xlsx(tmp_path / "ok.xlsx", HOSO_HEADER, [hoso_row(i) for i in range(50)])
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    r = read_file(bad)
    assert r.table is None and r.error and "cut.xlsx" in r.error
    assert r.status == "quarantined"


def test_tthc_code_typed_as_number_gets_its_zeros_back(tmp_path):
    rows = [hoso_row(1, **{"Mã TTHC": 1.00024})]  # Excel number: 1.000240 shown, 1.00024 stored
    r = read_file(write_xlsx(tmp_path / "num.xlsx", HOSO_HEADER, rows))
    assert r.table.column("ma_tthc").to_pylist() == ["1.000240"]
    assert r.table.column("ma_tthc_goc").to_pylist() == ["1.00024"]


def test_keyless_data_row_at_the_end_is_quarantined_not_skipped(tmp_path):
    rows = [hoso_row(1), hoso_row(2, **{"Mã hồ sơ": None})]
    r = read_file(write_xlsx(tmp_path / "k.xlsx", HOSO_HEADER, rows, footer=[[None], ["Người lập biểu"]]))
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (2, 1, 1)
    assert r.quarantine[0]["row"] == 3 and r.quarantine[0]["reason"] == "ma_ho_so: missing key"


def test_total_row_written_in_an_ignored_stt_column_is_skipped(tmp_path):
    header = ["STT"] + HOSO_HEADER
    fee = header.index("Phí, lệ phí (VND)")
    rows = [["1"] + [hoso_row(1)[h] for h in HOSO_HEADER], ["2"] + [hoso_row(2)[h] for h in HOSO_HEADER]]
    total = ["Tổng cộng"] + [None] * len(HOSO_HEADER)
    total[fee] = "2.500.000"
    rows.append(total)
    r = read_file(write_xlsx(tmp_path / "stt.xlsx", header, rows, footer=[[None, "Người lập biểu"]]))
    assert r.entity == "hoso"
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined, r.rows_skipped) == (2, 2, 0, 2)


def test_column_numbering_row_under_the_header_is_skipped(tmp_path):
    numbering = [f"({i + 1})" for i in range(len(HOSO_HEADER))]
    r = read_file(write_xlsx(tmp_path / "n.xlsx", HOSO_HEADER, [numbering, hoso_row(1), hoso_row(2)]))
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined, r.rows_skipped) == (2, 2, 0, 1)
    assert r.table.column("_row").to_pylist() == [3, 4]


def test_a_full_row_with_an_empty_key_is_quarantined_even_if_its_text_looks_like_a_footer(tmp_path):
    """'Xác nhận …' starts many procedure names: in a full data row with no key it must not be
    mistaken for the footer's 'Xác nhận' signature line (that would drop the row silently)."""
    import xlsxwriter

    from pipelines.readers.read import read_file

    path = tmp_path / "hoso.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    header = ["Mã hồ sơ", "Mã đơn vị", "Mã TTHC", "Tên TTHC", "Ngày tiếp nhận", "Trạng thái", "Ngày cập nhật"]
    rows = [
        [
            "000.00.12.H27-220301-0001",
            "000.00.12.H27",
            "1.001193",
            "Đăng ký khai sinh",
            "01/03/2022 08:00:00",
            "2",
            "01/03/2022 08:00:00",
        ],
        [
            "",
            "000.00.12.H27",
            "1.001194",
            "Xác nhận tình trạng hôn nhân",
            "01/03/2022 09:00:00",
            "2",
            "01/03/2022 09:00:00",
        ],
        ["Xác nhận của thủ trưởng đơn vị"],
    ]
    ws.write_row(0, 0, header)
    for i, r in enumerate(rows, start=1):
        ws.write_row(i, 0, r)
    wb.close()
    res = read_file(path)
    assert res.entity == "hoso"
    assert res.rows_loaded == 1 and res.rows_quarantined == 1
    assert [q["row"] for q in res.quarantine] == [3]  # spreadsheet row 3: the keyless data row
    assert res.rows_skipped == 1  # the sparse signature line

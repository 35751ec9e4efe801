"""Value rules: NFC, dates (every format, day-first), numbers, codes/labels, booleans, derived."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, write_csv, write_xlsx


def _hoso(tmp_path, rows, name="h.csv"):
    r = read_file(write_csv(tmp_path / name, HOSO_HEADER, rows))
    assert r.error is None, r.error
    return r


def test_nfd_text_becomes_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Cấp giấy phép xây dựng")
    header = [unicodedata.normalize("NFD", h) for h in HOSO_HEADER]
    rows = [hoso_row(1, **{"Tên TTHC": nfd, "Kênh thực hiện": unicodedata.normalize("NFD", "Trực tuyến")})]
    r = read_file(write_csv(tmp_path / "nfd.csv", header, [[row[h] for h in HOSO_HEADER] for row in rows]))
    assert r.error is None, r.error
    v = r.table.column("ten_tthc")[0].as_py()
    assert v == unicodedata.normalize("NFC", v) == "Cấp giấy phép xây dựng"
    assert r.table.column("kenh")[0].as_py() == 2


def test_trim_and_empty_is_null(tmp_path):
    r = _hoso(tmp_path, [hoso_row(1, **{"Tên TTHC": "  Cấp phép \t", "Mã đơn vị": "   "})])
    rec = r.table.to_pylist()[0]
    assert rec["ten_tthc"] == "Cấp phép" and rec["ma_don_vi"] is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("15/03/2022 08:30:45", dt.datetime(2022, 3, 15, 8, 30, 45)),
        ("15/03/2022 08:30", dt.datetime(2022, 3, 15, 8, 30)),
        ("15/03/2022", dt.datetime(2022, 3, 15)),
        ("20220315083045", dt.datetime(2022, 3, 15, 8, 30, 45)),
        ("2022-03-15 08:30:45", dt.datetime(2022, 3, 15, 8, 30, 45)),
        ("2022-03-15", dt.datetime(2022, 3, 15)),
        ("03/04/2022", dt.datetime(2022, 4, 3)),  # day-first always: 3 April
        ("12/01/2022 17:00", dt.datetime(2022, 1, 12, 17, 0)),
    ],
)
def test_each_date_format_day_first(tmp_path, text, expected):
    r = _hoso(tmp_path, [hoso_row(1, **{"Ngày nộp": text})])
    assert r.table.column("ngay_nop")[0].as_py() == expected


def test_impossible_date_quarantines_row_naming_file_row_column(tmp_path):
    rows = [hoso_row(1), hoso_row(2, **{"Ngày hẹn trả": "31/02/2022"}), hoso_row(3)]
    r = _hoso(tmp_path, rows)
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (3, 2, 1)
    q = r.quarantine[0]
    assert q["row"] == 2 and q["column"] == "Ngày hẹn trả"
    assert "31/02/2022" in q["reason"] and "ngay_hen_tra" in q["reason"]
    assert q["raw"]["Mã hồ sơ"] == "000.00.12.H27-220315-0002"


@pytest.mark.parametrize("text", ["1.250.000", "1250000", "1,250,000", "1 250 000", "1.250.000 đ"])
def test_money_thousands_separators(tmp_path, text):
    r = _hoso(tmp_path, [hoso_row(1, **{"Phí, lệ phí (VND)": text})])
    assert r.table.column("phi_le_phi")[0].as_py() == 1250000


def test_code_or_label_any_case_and_accents(tmp_path):
    rows = [
        hoso_row(1, **{"Trạng thái": "Đã trả kết quả", "Mức độ": "Toàn trình", "Kênh thực hiện": "TRUC TIEP"}),
        hoso_row(2, **{"Trạng thái": "10", "Mức độ": "Mức độ 3", "Kênh thực hiện": "bưu chính công ích"}),
        hoso_row(3, **{"Trạng thái": "da xu ly xong", "Mức độ": "DVC", "Kênh thực hiện": ""}),
    ]
    r = _hoso(tmp_path, rows)
    assert r.table.column("trang_thai").to_pylist() == [10, 10, 9]
    assert r.table.column("muc_do").to_pylist() == [4, 3, 2]
    # an empty cell stays empty (the source rule "empty = 1" is applied in SQL: exports.md)
    assert r.table.column("kenh").to_pylist() == [1, 3, None]


def test_unknown_code_quarantines_row(tmp_path):
    r = _hoso(tmp_path, [hoso_row(1, **{"Trạng thái": "11"}), hoso_row(2, **{"Mức độ": "Mức độ 9"}), hoso_row(3)])
    assert (r.rows_loaded, r.rows_quarantined) == (1, 2)
    assert {q["column"] for q in r.quarantine} == {"Trạng thái", "Mức độ"}
    assert all("unknown code" in q["reason"] for q in r.quarantine)


def test_non_integer_quarantines_row(tmp_path):
    r = _hoso(tmp_path, [hoso_row(1, **{"Phí, lệ phí (VND)": "12,5"}), hoso_row(2, **{"Phí, lệ phí (VND)": "abc"})])
    assert r.rows_quarantined == 2 and all("not an integer" in q["reason"] for q in r.quarantine)


def test_empty_key_quarantined(tmp_path):
    r = _hoso(tmp_path, [hoso_row(1), hoso_row(2, **{"Mã hồ sơ": ""}), hoso_row(3)])
    assert (r.rows_in, r.rows_loaded, r.rows_quarantined) == (3, 2, 1)
    assert r.quarantine[0]["reason"] == "ma_ho_so: missing key" and r.quarantine[0]["row"] == 2


def test_booleans_and_payment_codes(tmp_path):
    header = [
        "Mã giao dịch",
        "Mã hồ sơ",
        "Số tiền (VND)",
        "Loại",
        "Hình thức thanh toán",
        "Thời điểm thanh toán",
        "Trạng thái",
    ]
    rows = [
        ["GD1", "HS1", "50.000", "Lệ phí", "Tiền mặt tại bộ phận một cửa", "01/03/2022 10:00", "Thành công"],
        ["GD2", "HS2", "50000", "phi", "1", "01/03/2022", "hoàn tiền"],
    ]
    r = read_file(write_csv(tmp_path / "p.csv", header, rows))
    assert r.entity == "thanhtoan" and r.rows_loaded == 2
    assert r.table.column("loai").to_pylist() == ["le_phi", "phi"]
    assert r.table.column("hinh_thuc").to_pylist() == [3, 1]
    assert r.table.column("trang_thai").to_pylist() == ["thanh_cong", "hoan_tien"]

    header = [
        "Mã PAKN",
        "Ngày tiếp nhận",
        "Nguồn tiếp nhận",
        "Thuộc phạm vi xử lý",
        "Đơn vị xử lý",
        "Trạng thái",
        "Đã công khai kết quả",
    ]
    rows = [
        ["PA1", "02/03/2022", "Cổng DVCQG", "Có", "000.00.12.H27", "Đã xử lý", "1"],
        ["PA2", "02/03/2022", "Email", "không", "000.00.12.H27", "Đang xử lý", "0"],
        ["PA3", "02/03/2022", "Email", "có lẽ", "000.00.12.H27", "Từ chối", ""],
    ]
    r = read_file(write_csv(tmp_path / "k.csv", header, rows))
    assert r.entity == "pakn"
    assert r.table.column("thuoc_pham_vi").to_pylist() == [True, False]
    assert r.table.column("trang_thai").to_pylist() == ["da_xu_ly", "dang_xu_ly"]
    assert r.table.column("cong_khai").to_pylist() == [True, False]
    assert r.rows_quarantined == 1 and r.quarantine[0]["column"] == "Thuộc phạm vi xử lý"


def test_tientrinh_action_from_leading_words(tmp_path):
    header = [
        "Mã hồ sơ",
        "Bước",
        "Thời điểm xử lý",
        "Trạng thái",
        "Nội dung xử lý",
        "Đơn vị chuyển",
        "Đơn vị nhận",
        "Hình thức chuyển",
        "Hạn xử lý bước",
    ]
    texts = [
        "Tiếp nhận hồ sơ",
        "CHUYEN XU LY cho phòng chuyên môn",
        "Yêu cầu bổ sung giấy tờ",
        "Công dân bổ sung hồ sơ",
        "Ban hành văn bản xin lỗi và hẹn lại",
        "Kết thúc xử lý",
        "Trả kết quả",
        "Từ chối tiếp nhận",
        "Công dân rút hồ sơ",
        "Ghi chú khác",
    ]
    rows = [
        ["HS1", str(i + 1), f"0{i % 9 + 1}/03/2022 08:00", "4", t, "A", "B", "Giấy" if i == 1 else "", ""]
        for i, t in enumerate(texts)
    ]
    r = read_file(write_csv(tmp_path / "tt.csv", header, rows))
    assert r.entity == "tientrinh" and r.rows_loaded == 10, r.message
    assert r.table.column("hanh_dong").to_pylist() == [
        "tiep_nhan",
        "chuyen_xu_ly",
        "yeu_cau_bo_sung",
        "cong_dan_bo_sung",
        "xin_loi",
        "ket_thuc_xu_ly",
        "tra_ket_qua",
        "tu_choi",
        "rut_ho_so",
        "khac",
    ]
    # empty cells stay empty (the source rule "empty = Điện tử" is applied in SQL, only for a
    # file that carries the column: sql/core/fct_dossier_step)
    assert r.table.column("hinh_thuc_chuyen").to_pylist()[:3] == [None, "giay", None]
    assert r.table.column("buoc").to_pylist() == list(range(1, 11))


def test_tthc_title_date_and_levels(tmp_path):
    header = [
        "Mã TTHC",
        "Tên TTHC",
        "Lĩnh vực",
        "Cấp thực hiện",
        "Loại TTHC",
        "Thời hạn giải quyết",
        "Đơn vị thời hạn",
        "Mức độ DVC",
        "Tích hợp Cổng DVCQG",
        "Ngày QĐ công bố",
    ]
    rows = [
        [
            "1.001193",
            "Cấp phép",
            "Xây dựng",
            "Tỉnh; Huyện",
            "TTHC",
            "15",
            "Ngày làm việc",
            "Toàn trình",
            "Có",
            "12/05/2022",
        ],
        ["2.000001.000.00.00.H27", "Nội bộ A", "Nội vụ", "Cấp tỉnh\nCấp xã", "TTHC nội bộ", "5", "Ngày", "2", "0", ""],
    ]
    title = ["UBND TỈNH HÀ TĨNH", "Ngày xuất danh mục: 30/06/2022"]
    r = read_file(write_xlsx(tmp_path / "dm.xlsx", header, rows, title=title))
    assert r.entity == "tthc" and r.rows_loaded == 2, r.message
    t = r.table.to_pylist()
    assert t[0]["ngay_xuat"] == dt.date(2022, 6, 30)
    assert t[0]["cap_thuc_hien"] == ["huyen", "tinh"] and t[1]["cap_thuc_hien"] == ["tinh", "xa"]
    assert [x["loai_tthc"] for x in t] == ["tthc", "noi_bo"]
    assert [x["don_vi_thoi_han"] for x in t] == ["ngay_lam_viec", "ngay"]
    assert t[1]["ma_tthc"] == "2.000001" and t[0]["muc_do"] == 4 and t[0]["tich_hop_dvcqg"] is True
    assert t[0]["ngay_qd_cong_bo"] == dt.date(2022, 5, 12)


def test_tthc_date_column_wins_and_landing_date_fallback(tmp_path):
    header = ["Ngày xuất danh mục", "Mã TTHC", "Tên TTHC"]
    r = read_file(
        write_csv(tmp_path / "a.csv", header, [["2022-12-31", "1.000001", "A"]]), landed_on=dt.date(2023, 1, 5)
    )
    assert r.table.column("ngay_xuat")[0].as_py() == dt.date(2022, 12, 31)
    r = read_file(
        write_csv(tmp_path / "b.csv", ["Mã TTHC", "Tên TTHC"], [["1.000001", "A"]]), landed_on=dt.date(2023, 1, 5)
    )
    assert r.table.column("ngay_xuat")[0].as_py() == dt.date(2023, 1, 5)


def test_baocao_period_spelling(tmp_path):
    header = ["Đơn vị báo cáo", "Kỳ báo cáo", "Hạn nộp", "Ngày nộp", "Số hồ sơ tiếp nhận (tự báo cáo)"]
    rows = [
        ["A", "quý 1/2022", "15/04/2022", "", "1.234"],
        ["A", "Quý III/2022", "15/10/2022", "14/10/2022", "7"],
        ["A", "6 THÁNG/2022", "15/07/2022", "", ""],
        ["A", "năm 2022", "15/01/2023", "", "0"],
    ]
    r = read_file(write_csv(tmp_path / "bc.csv", header, rows))
    assert r.entity == "baocao"
    assert r.table.column("ky_bao_cao").to_pylist() == ["Quý I/2022", "Quý III/2022", "6 tháng/2022", "Năm 2022"]
    assert r.table.column("so_ho_so_tiep_nhan").to_pylist() == [1234, 7, None, 0]

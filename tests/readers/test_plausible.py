"""Implausible values (issue 18, break 8): dates outside [2000-01-01, landing + 1 year] and negative
amounts quarantine their row; formula cells and text in a legacy Vietnamese encoding (VNI, TCVN3)
load, with a warning in the file's outcome. Every file is built here, every expected answer is
explained next to it."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
import xlsxwriter

from pipelines.readers.mojibake import looks_misencoded
from pipelines.readers.read import latest_date, read_file

from .conftest import HOSO_HEADER, hoso_row, write_csv, write_xlsx

LANDED = dt.date(2022, 3, 16)  # the landing date passed to read_file: upper bound 16/03/2023


def _reasons(r) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for q in r.quarantine:
        out.setdefault(q["row"], []).append(q["reason"])
    return out


# ------------------------------------------------------------------------------------------ dates


def test_latest_date_is_one_year_after_landing():
    assert latest_date(dt.date(2022, 3, 16)) == dt.date(2023, 3, 16)
    assert latest_date(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)  # no 29/02 in 2025


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_dates_outside_the_plausible_range_quarantine_the_row(tmp_path, fmt):
    rows = [
        hoso_row(1),  # 2022 dates: loads
        hoso_row(2, **{"Ngày nộp": "01/01/1900 08:00:00"}),  # 1900: before 2000 -> quarantined
        hoso_row(3, **{"Ngày hẹn trả": "31/12/9999"}),  # the "no deadline" 9999 -> quarantined
        hoso_row(4, **{"Ngày hẹn trả": "16/03/2023"}),  # exactly landing + 1 year: still plausible
        hoso_row(5, **{"Ngày hẹn trả": "17/03/2023"}),  # one day later -> quarantined
        hoso_row(6, **{"Ngày nộp": "01/01/2000 00:00:00"}),  # the lower bound itself: loads
        hoso_row(7, **{"Ngày nộp": "31/12/1999 23:59:59"}),  # one second before -> quarantined
    ]
    if fmt == "xlsx":
        # a native Excel date too: serial 1 is 01/01/1900, what an empty date cell formatted as a
        # date often holds (fastexcel gives it as `1900-01-01 00:00:00`)
        rows.append(hoso_row(8, **{"Ngày nộp": dt.datetime(1900, 1, 1)}))
        path = write_xlsx(tmp_path / "hs.xlsx", HOSO_HEADER, rows)
        first = 2  # spreadsheet row of the first data row (header in row 1)
    else:
        path = write_csv(tmp_path / "hs.csv", HOSO_HEADER, rows)
        first = 1  # CSV: record number after the header
    r = read_file(path, landed_on=LANDED)
    assert r.error is None, r.error
    bad = {i for i in (2, 3, 5, 7, 8) if i <= len(rows)}
    assert r.rows_in == len(rows) and r.rows_quarantined == len(bad)
    assert r.rows_loaded == len(rows) - len(bad)
    reasons = _reasons(r)
    assert set(reasons) == {first + i - 1 for i in bad}
    # the reason names the column, the bounds and the value as written
    (nop_1900,) = reasons[first + 1]
    assert nop_1900.startswith("ngay_nop: ngày nằm ngoài khoảng hợp lý (01/01/2000 – 16/03/2023")
    assert nop_1900.endswith(": 01/01/1900 08:00:00")
    assert reasons[first + 2] == [reasons[first + 2][0]] and reasons[first + 2][0].startswith("ngay_hen_tra: ")
    assert reasons[first + 2][0].endswith(": 31/12/9999")
    assert reasons[first + 4][0].endswith(": 17/03/2023")
    col = {q["row"]: q["column"] for q in r.quarantine}
    assert col[first + 1] == "Ngày nộp" and col[first + 2] == "Ngày hẹn trả"
    # loaded: dossiers 1, 4, 6; the deadline of 4 is the upper bound itself
    assert r.table.column("ngay_hen_tra").to_pylist()[1] == dt.datetime(2023, 3, 16)


def test_the_upper_bound_follows_the_landing_date(tmp_path):
    # the same 2023 deadline: implausible in a file landed in March 2022 (more than a year
    # ahead), plausible in one landed in 2023
    path = write_csv(tmp_path / "hs.csv", HOSO_HEADER, [hoso_row(1, **{"Ngày hẹn trả": "01/06/2023"})])
    assert read_file(path, landed_on=LANDED).rows_quarantined == 1
    assert read_file(path, landed_on=dt.date(2023, 1, 5)).rows_quarantined == 0


# ------------------------------------------------------------------------------------------ money


def test_negative_fee_and_amount_quarantine_the_row(tmp_path):
    rows = [
        hoso_row(1, **{"Phí, lệ phí (VND)": "0"}),  # no fee: loads
        hoso_row(2, **{"Phí, lệ phí (VND)": "-50.000"}),  # a negative fee -> quarantined
        hoso_row(3, **{"Phí, lệ phí (VND)": "1.250.000"}),  # loads
    ]
    r = read_file(write_csv(tmp_path / "hs.csv", HOSO_HEADER, rows), landed_on=LANDED)
    assert (r.rows_loaded, r.rows_quarantined) == (2, 1)
    assert _reasons(r) == {2: ["phi_le_phi: số tiền âm: -50.000"]}
    assert r.table.column("phi_le_phi").to_pylist() == [0, 1250000]

    header = ["Mã giao dịch", "Mã hồ sơ", "Số tiền (VND)", "Thời điểm thanh toán"]
    pay = [
        ["GD1", "HS1", "1250000", "15/03/2022 08:00:00"],  # loads
        ["GD2", "HS1", "-1250000", "15/03/2022 08:05:00"],  # negative -> quarantined
    ]
    r = read_file(write_csv(tmp_path / "tt.csv", header, pay), landed_on=LANDED)
    assert r.entity == "thanhtoan" and (r.rows_loaded, r.rows_quarantined) == (1, 1)
    assert _reasons(r) == {2: ["so_tien: số tiền âm: -1250000"]}


# --------------------------------------------------------------------------------------- formulas


def test_formula_cells_are_read_as_their_cached_value_and_counted(tmp_path):
    path = tmp_path / "hs_formula.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.write_row(0, 0, HOSO_HEADER)
    fee = HOSO_HEADER.index("Phí, lệ phí (VND)")
    for i in range(1, 4):
        ws.write_row(i, 0, [str(v) for v in hoso_row(i).values()])
        # the fee as a formula with its cached result: 3 formula cells
        ws.write_formula(i, fee, f"=1000*{i}", None, 1000 * i)
    # a total row: `Tổng cộng` (a footer, skipped) and one more formula (SUM), 4 in all
    ws.write_string(4, 0, "Tổng cộng")
    ws.write_formula(4, fee, "=SUM(N2:N4)", None, 6000)
    wb.close()
    r = read_file(path, landed_on=LANDED)
    assert r.error is None and r.rows_loaded == 3 and r.rows_skipped == 1
    assert r.table.column("phi_le_phi").to_pylist() == [1000, 2000, 3000]  # the cached values
    assert r.notes == ["tệp hs_formula.xlsx: 4 ô công thức, đã đọc giá trị đã tính"]
    assert r.notes[0] in r.message
    # a workbook without formulas has no note
    clean = read_file(write_xlsx(tmp_path / "hs.xlsx", HOSO_HEADER, [hoso_row(1)]), landed_on=LANDED)
    assert clean.notes == []


# --------------------------------------------------------------------------------------- mojibake
# TCVN3 (TCVN 5712:1993, the `.VnTime` fonts): one byte per Vietnamese letter, lower case only
# (capitals were a second font using the same bytes but for Ă Â Ê Ô Ơ Ư Đ). Table of the letters
# used below; read as cp1252 (or typed in Excel with a TCVN3 font) those bytes show as Latin-1:
# `Cấp` = C 0xCA p -> `CÊp`, `xây` = x 0xA9 y -> `x©y`, `Nguyễn` -> `NguyÔn`.
TCVN3 = {
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ă": 0xA8, "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "â": 0xA9, "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "đ": 0xAE, "Đ": 0xA7,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ê": 0xAA, "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ô": 0xAB, "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ơ": 0xAC, "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ư": 0xAD, "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}  # fmt: skip
# VNI (the `VNI-Times` fonts): the base letter, then one byte for its marks (â ê ô, ă, and the
# tone, combined): à = a 0xF8 (`aø`), á = a 0xF9 (`aù`), ấ = a 0xE1 (`aá`), ễ = e 0xE3 (`eã`);
# ư and ơ are one byte (0xF6 `ö`, 0xF4 `ô`) followed by the tone byte; đ is 0xF1 (`ñ`); the i's
# are single bytes (í 0xED, ì 0xEC, ỉ 0xE6, ĩ 0xF3, ị 0xF2). Read as cp1252:
# `Cấp giấy phép xây dựng` -> `Caáp giaáy pheùp xaây döïng`.
_VNI_TONE = {"": b"", "\u0300": b"\xf8", "\u0301": b"\xf9", "\u0309": b"\xfb", "\u0303": b"\xf5", "\u0323": b"\xef"}
_VNI_HAT = {"": b"\xe2", "\u0300": b"\xe0", "\u0301": b"\xe1", "\u0309": b"\xe5", "\u0303": b"\xe3", "\u0323": b"\xe4"}
_VNI_BREVE = {
    "": b"\xea",
    "\u0300": b"\xe8",
    "\u0301": b"\xe9",
    "\u0309": b"\xfa",
    "\u0303": b"\xfc",
    "\u0323": b"\xeb",
}
_VNI_I = {"\u0300": b"\xec", "\u0301": b"\xed", "\u0309": b"\xe6", "\u0303": b"\xf3", "\u0323": b"\xf2"}


def to_tcvn3(text: str) -> str:
    """Vietnamese -> TCVN3 bytes -> as cp1252 would show them (capitals as TCVN3 writes them:
    the lower-case byte, Đ its own)."""
    out = bytearray()
    for ch in text:
        if ch in TCVN3 or ch.lower() in TCVN3:
            out.append(TCVN3.get(ch, TCVN3.get(ch.lower())))
        else:
            out += ch.encode("cp1252")
    return out.decode("cp1252", errors="replace")


def to_vni(text: str) -> str:
    """Vietnamese -> VNI bytes -> as cp1252 would show them."""
    out = bytearray()
    for ch in text:
        if ch in "đĐ":
            out += b"\xf1" if ch == "đ" else b"\xd1"
            continue
        base, *marks = unicodedata.normalize("NFD", ch)
        tone = next((m for m in marks if m in _VNI_TONE and m), "")
        hat, breve, horn = "\u0302" in marks, "\u0306" in marks, "\u031b" in marks
        if base in "iI" and tone:
            out += _VNI_I[tone]
        elif horn:  # ơ ư: one byte, then the tone
            out += (b"\xf4" if base in "oO" else b"\xf6") + _VNI_TONE[tone]
        else:
            out += base.encode("cp1252")
            out += _VNI_HAT[tone] if hat else _VNI_BREVE[tone] if breve else _VNI_TONE[tone]
    return out.decode("cp1252", errors="replace")


PROPER = [
    "Cấp giấy phép xây dựng",
    "Đăng ký khai sinh",
    "Nguyễn Văn An",
    "Trần Thị Bích Ngọc",
    "Cấp phiếu lý lịch tư pháp",
    "Chứng thực bản sao từ bản chính",
    "Đăng ký kết hôn",
    "Cấp đổi giấy phép lái xe",
    "Hộ tịch",
    "Đất đai",
    "Giải quyết khiếu nại",
    "Thủ tục hành chính nội bộ",
    "UBND huyện Cẩm Xuyên",
    "Sở Tài nguyên và Môi trường",
    "Quý khách hoà hợp, khoẻ mạnh",
    "Tuân thủ quy định",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký thường trú",
    "Công ty TNHH Viettel®",
    "Nhiệt độ 25°C",
]


def test_the_samples_are_what_the_legacy_encodings_look_like():
    # the helpers reproduce the well-known look of both encodings
    assert to_tcvn3("Cấp giấy phép xây dựng") == "CÊp giÊy phÐp x©y dùng"
    assert to_tcvn3("Nguyễn Văn An") == "NguyÔn V¨n An"
    assert to_vni("Cấp giấy phép xây dựng") == "Caáp giaáy pheùp xaây döïng"
    assert to_vni("Nguyễn Văn An") == "Nguyeãn Vaên An"


def test_mojibake_rule_on_the_samples():
    # measured: every TCVN3 and VNI rendering of the proper texts holding a diacritic is flagged
    # (the pure-ASCII words have nothing to flag); UTF-8 read as cp1252 (ftfy's is_bad) too; no
    # proper text is
    with_marks = [t for t in PROPER if not t.isascii()]
    assert [t for t in with_marks if not looks_misencoded(to_tcvn3(t))] == []
    assert [t for t in with_marks if not looks_misencoded(to_vni(t))] == []
    assert [t for t in with_marks if not looks_misencoded(t.encode("utf-8").decode("cp1252", "replace"))] == []
    assert [t for t in PROPER if looks_misencoded(t)] == []


def test_mojibake_in_a_file_is_flagged_and_the_rows_load(tmp_path):
    # 4 dossiers; the procedure name of 3 of them typed in TCVN3 (2 cells, the same text) and
    # VNI (1 cell): 3 suspect cells. The rows all load (the text cannot be repaired reliably).
    rows = [
        hoso_row(1, **{"Tên TTHC": to_tcvn3("Cấp giấy phép xây dựng")}),
        hoso_row(2, **{"Tên TTHC": to_tcvn3("Cấp giấy phép xây dựng")}),
        hoso_row(3, **{"Tên TTHC": to_vni("Đăng ký khai sinh")}),
        hoso_row(4),  # proper Unicode: not suspect
    ]
    r = read_file(write_csv(tmp_path / "hs.csv", HOSO_HEADER, rows), landed_on=LANDED)
    assert r.rows_loaded == 4 and r.rows_quarantined == 0
    assert r.notes == ["tệp hs.csv: có thể sai bảng mã (VNI/TCVN3), 3 ô nghi ngờ"]
    r = read_file(write_xlsx(tmp_path / "hs.xlsx", HOSO_HEADER, rows), landed_on=LANDED)
    assert r.notes == ["tệp hs.xlsx: có thể sai bảng mã (VNI/TCVN3), 3 ô nghi ngờ"]
    # the same file in proper Unicode: no note
    ok = read_file(write_csv(tmp_path / "ok.csv", HOSO_HEADER, [hoso_row(i) for i in range(4)]), landed_on=LANDED)
    assert ok.notes == []

"""A sparse text row after the last data row is furniture whatever its words (issue 13, Formats;
`furniture.signature_like`): a signature line the footer patterns do not list (`Người tổng hợp`)
is skipped, not loaded as a dossier nor quarantined; a row with a real key, or with many cells,
or before the last data row, is still a data row.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.readers.furniture import signature_like
from pipelines.readers.read import read_file

from .conftest import HOSO_HEADER, hoso_row, write_csv, write_xls, write_xlsx

LANDED = dt.date(2022, 4, 1)
ROWS = [hoso_row(1), hoso_row(2)]
FEE = HOSO_HEADER.index("Phí, lệ phí (VND)")


def _counts(r):
    assert r.error is None, r.error
    return (r.rows_in, r.rows_loaded, r.rows_quarantined, r.rows_skipped)


@pytest.mark.parametrize("write", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_a_signature_line_in_the_key_column_is_skipped(tmp_path, write):
    # header on row 1, dossiers on rows 2-3, `Người tổng hợp` alone on row 4, in the key column
    # (Mã hồ sơ). No footer pattern lists it; before issue 13 it loaded as a dossier whose
    # ma_ho_so was "Người tổng hợp" (3 loaded). Now: 2 in, 2 loaded, 1 skipped.
    r = read_file(write(tmp_path / f"a.{write.__name__[6:]}", HOSO_HEADER, ROWS, footer=["Người tổng hợp"]), LANDED)
    assert _counts(r) == (2, 2, 0, 1)
    assert "Người tổng hợp" not in r.table.column("ma_ho_so").to_pylist()


@pytest.mark.parametrize("write", [write_xlsx, write_xls], ids=["xlsx", "xls"])
def test_two_signature_titles_are_skipped(tmp_path, write):
    # `Người tổng hợp` (key column) and `Thủ trưởng đơn vị` under Kênh thực hiện (column F): two
    # text cells. Before: quarantined ("kenh: unknown code (kenh): Thủ trưởng đơn vị").
    footer = [["Người tổng hợp", None, None, None, None, "Thủ trưởng đơn vị"], [None, None, "Lê Văn Tâm"]]
    r = read_file(write(tmp_path / f"b.{write.__name__[6:]}", HOSO_HEADER, ROWS, footer=footer), LANDED)
    assert _counts(r) == (2, 2, 0, 2)


def test_the_same_line_between_data_rows_is_a_data_row(tmp_path):
    # row 3 (keyless, one text cell) sits before the last dossier (row 4): not trailing, so the
    # existing rule holds: a keyless data row, quarantined with its row number
    rows = [hoso_row(1), {"Tên TTHC": "Người tổng hợp"}, hoso_row(2)]
    r = read_file(write_xlsx(tmp_path / "c.xlsx", HOSO_HEADER, rows), LANDED)
    assert _counts(r) == (3, 2, 1, 0)
    assert (r.quarantine[0]["row"], r.quarantine[0]["reason"]) == (3, "ma_ho_so: missing key")


def test_a_trailing_row_with_a_real_key_is_never_skipped(tmp_path):
    # a truncated last dossier: its code (with digits) and one text cell. It is a dossier, not a
    # signature: it loads (row 4)
    last = {"Mã hồ sơ": "000.00.12.H27-220315-0009", "Tên TTHC": "Cấp giấy phép xây dựng"}
    r = read_file(write_xlsx(tmp_path / "d.xlsx", HOSO_HEADER, ROWS + [last]), LANDED)
    assert _counts(r) == (3, 3, 0, 0)
    assert r.table.column("_row").to_pylist() == [2, 3, 4]


def test_a_trailing_row_with_words_and_many_cells_is_still_a_data_row(tmp_path):
    # words in the key column but 3 filled cells: not sparse, so a data row; its Ngày nộp is a
    # name, not a date: quarantined (row 4, column Ngày nộp)
    last = {"Mã hồ sơ": "Người tổng hợp", "Tên TTHC": "Kế toán", "Ngày nộp": "Trần Văn C"}
    r = read_file(write_xlsx(tmp_path / "e.xlsx", HOSO_HEADER, ROWS + [last]), LANDED)
    assert _counts(r) == (3, 2, 1, 0)
    assert (r.quarantine[0]["row"], r.quarantine[0]["column"]) == (4, "Ngày nộp")


def test_a_trailing_keyless_row_of_numbers_is_not_a_signature():
    # the rule is for text: two cells holding numbers or dates are not a signature line
    assert signature_like(None, ["Người tổng hợp"])
    assert signature_like("Người tổng hợp", ["Người tổng hợp", "Thủ trưởng"])
    assert not signature_like(None, ["1.250.000", "15/03/2022"])
    assert not signature_like("000.00.12.H27-220315-0009", ["000.00.12.H27-220315-0009"])  # a code
    assert not signature_like("HOSO", ["HOSO"])  # one word: may be a code without digits
    assert not signature_like(None, ["a", "b", "c"])  # three cells: not sparse


def test_csv_signature_lines_after_the_last_record_are_skipped(tmp_path):
    # records 1-2 dossiers; then a ragged `Người tổng hợp` line (1 field), a line padded to the
    # full width (15 fields: the grid rule), and a ragged name line (10 fields, 1 filled).
    # Before: the two ragged lines were quarantined ("expected 15 fields, found 1 / 10").
    p = write_csv(tmp_path / "f.csv", HOSO_HEADER, ROWS)
    tail = "Người tổng hợp\r\n" + "Thủ trưởng đơn vị" + "," * 14 + "\r\n" + ",,,,,,,,,Nguyễn Thị Bình\r\n"
    p.write_text(p.read_text(encoding="utf-8") + tail, encoding="utf-8")
    r = read_file(p, LANDED)
    assert _counts(r) == (2, 2, 0, 3)


def test_csv_ragged_lines_before_the_last_record_or_with_a_key_stay_quarantined(tmp_path):
    # record 2 is a ragged text line between dossiers (quarantined, record number 2); record 4 a
    # ragged trailing line with a real key (quarantined, record 4): neither is a signature
    p = write_csv(tmp_path / "g.csv", HOSO_HEADER, [])
    body = p.read_text(encoding="utf-8")
    one, two = (",".join(hoso_row(i)[h] for h in HOSO_HEADER) for i in (1, 2))
    p.write_text(body + f"{one}\r\nNgười tổng hợp\r\n{two}\r\n000.00.12.H27-220315-0009,x\r\n", encoding="utf-8")
    r = read_file(p, LANDED)
    assert _counts(r) == (4, 2, 2, 0)
    assert [(q["row"], q["reason"]) for q in r.quarantine] == [
        (2, "expected 15 fields, found 1"),
        (4, "expected 15 fields, found 2"),
    ]

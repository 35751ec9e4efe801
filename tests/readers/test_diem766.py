"""The Portal's published QĐ 766 scores (DIEM766, optional) are recognised by their Vietnamese
headers and read like any export (docs/exports.md, "DIEM766"); points stay text until the warehouse
reads them (decimal comma), a missing item quarantines the row."""

from __future__ import annotations

import datetime as dt

from pipelines.readers.read import read_file

from .conftest import write_csv, write_xlsx

LANDED = dt.date(2022, 4, 5)


def test_diem766_csv_by_vietnamese_headers(tmp_path):
    header = ["Kỳ", "Mã đơn vị", "Chỉ số hoặc nhóm", "Điểm"]
    rows = [
        ["03/2022", "000.01.01.H27", "2.1", "17,33"],
        ["Quý 1/2022", "", "Tổng", "70"],  # empty unit: the province
        ["03/2022", "000.01.01.H27", "", "5"],  # no item: quarantined
    ]
    r = read_file(write_csv(tmp_path / "diem.csv", header, rows), landed_on=LANDED)
    assert r.entity == "diem766" and (r.rows_loaded, r.rows_quarantined) == (2, 1)
    got = [{k: v for k, v in row.items() if k != "_row"} for row in r.table.to_pylist()]
    assert got == [
        {"ky": "03/2022", "ma_don_vi": "000.01.01.H27", "ma_muc": "2.1", "diem": "17,33", "ngay_cong_bo": None},
        {"ky": "Quý 1/2022", "ma_don_vi": None, "ma_muc": "Tổng", "diem": "70", "ngay_cong_bo": None},
    ]


def test_diem766_xlsx_with_publication_date(tmp_path):
    header = ["Kỳ đánh giá", "Mã đơn vị được đánh giá", "Mã chỉ số", "Điểm Cổng DVCQG", "Ngày công bố"]
    p = write_xlsx(tmp_path / "diem.xlsx", header, [["2022-03", "000.00.05.H27", "G2", "19", "10/04/2022"]])
    r = read_file(p, landed_on=LANDED)
    assert r.entity == "diem766" and r.rows_loaded == 1
    assert r.table.to_pylist()[0]["ngay_cong_bo"] == dt.date(2022, 4, 10)

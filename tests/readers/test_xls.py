""".xls (Excel 97–2003) workbooks are read like .xlsx (issue 13, Formats; docs/exports.md,
"General rules for every file": File kinds). Every workbook is built here with xlwt (a dev dependency), no committed binary.
"""

from __future__ import annotations

import datetime as dt
import shutil

from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import parse_pending, read_manifest
from pipelines.readers.read import read_file
from pipelines.readers.xls_sheet import OLE2_MAGIC, xls_extent
from pipelines.readers.xlsx_sheet import CELLS_PER_BYTE, MIN_CELLS
from pipelines.settings import data_paths

from .conftest import HOSO_HEADER, hoso_row, write_xls, write_xlsx

LANDED = dt.date(2022, 4, 1)
TITLE = ["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "DANH SÁCH HỒ SƠ TIẾP NHẬN TỪ NGÀY 01/03/2022 ĐẾN NGÀY 31/03/2022", ""]
ROWS = [
    hoso_row(1),  # every cell text: dates as text, fee "1.250.000"
    # a native Excel datetime, numbers as Excel numbers
    hoso_row(2, **{"Ngày nộp": dt.datetime(2022, 3, 16, 7, 45), "Phí, lệ phí (VND)": 350000, "Mức độ": 4}),
    hoso_row(3, **{"Mã TTHC": "1.000241"}),  # a code typed as text stays text (not 1.000241 → 1.000241)
    hoso_row(4, **{"Ngày hẹn trả": "31/02/2022"}),  # no 31 February: quarantined (row, column)
    hoso_row(5, **{"Mã hồ sơ": None}),  # no key: quarantined
]
FOOTER = [
    [None],
    ["Tổng cộng: 5 hồ sơ"],
    [None, None, "Người lập biểu", None, "Thủ trưởng đơn vị"],
    [None, None, "Nguyễn Thị Bình"],
]


def _comparable(r) -> dict:
    return {
        "entity": r.entity,
        "rows": r.table.to_pylist(),
        "quarantine": r.quarantine,
        "counts": (r.rows_in, r.rows_loaded, r.rows_quarantined, r.rows_skipped),
    }


def test_xls_twin_loads_the_same_rows_and_quarantine_as_the_xlsx(tmp_path):
    xlsx = read_file(write_xlsx(tmp_path / "ho_so.xlsx", HOSO_HEADER, ROWS, TITLE, FOOTER), landed_on=LANDED)
    xls = read_file(write_xls(tmp_path / "ho_so.xls", HOSO_HEADER, ROWS, TITLE, FOOTER), landed_on=LANDED)
    assert (tmp_path / "ho_so.xls").read_bytes()[:8] == OLE2_MAGIC
    assert xls.format == "xls" and xlsx.format == "xlsx"
    assert _comparable(xls) == _comparable(xlsx)
    assert xls.message == xlsx.message  # the message does not name the file: identical
    # and what both hold, worked out by hand: 3 title rows + header (row 4), data on rows 5..9;
    # 5 input rows, 3 loaded, rows 8 and 9 quarantined; the blank row, the total, the signature
    # and the name under it (rows 10..13) skipped
    assert (xls.rows_in, xls.rows_loaded, xls.rows_quarantined, xls.rows_skipped) == (5, 3, 2, 4)
    t = xls.table
    assert t.column("_row").to_pylist() == [5, 6, 7]
    assert t.column("ma_ho_so").to_pylist() == [f"000.00.12.H27-220315-{i:04d}" for i in (1, 2, 3)]
    assert t.column("ngay_nop").to_pylist()[1] == dt.datetime(2022, 3, 16, 7, 45)
    assert t.column("phi_le_phi").to_pylist() == [1250000, 350000, 1250000]
    assert t.column("muc_do").to_pylist() == [3, 4, 3]
    assert t.column("ma_tthc").to_pylist() == ["1.001193", "1.001193", "1.000241"]
    assert t.column("ten_tthc").to_pylist() == ["Cấp giấy phép xây dựng"] * 3
    q = {(e["row"], e["column"]): e["reason"] for e in xls.quarantine}
    assert q == {
        (8, "Ngày hẹn trả"): "ngay_hen_tra: not a date/time: 31/02/2022",
        (9, "Mã hồ sơ"): "ma_ho_so: missing key",
    }


def test_xls_is_recognised_by_its_magic_bytes_whatever_its_name(tmp_path):
    src = write_xls(tmp_path / "a.xls", HOSO_HEADER, [hoso_row(1)])
    # the same bytes named .xlsx, .dat and with no extension: read as the workbook they are
    for name in ("bao_cao.xlsx", "xuat.dat", "khong_duoi"):
        shutil.copy(src, tmp_path / name)
        r = read_file(tmp_path / name, landed_on=LANDED)
        assert (r.status, r.format, r.rows_loaded) == ("loaded", "xls", 1), (name, r.message)
    # and an .xlsx saved under an .xls name is read as the .xlsx it is
    write_xlsx(tmp_path / "x.xlsx", HOSO_HEADER, [hoso_row(1)])
    shutil.copy(tmp_path / "x.xlsx", tmp_path / "that_ra_xlsx.xls")
    r = read_file(tmp_path / "that_ra_xlsx.xls", landed_on=LANDED)
    assert (r.status, r.format, r.rows_loaded) == ("loaded", "xlsx", 1), r.message


def test_xls_lands_and_parses_in_the_raw_zone(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_xls(inbox / "cu.xls", HOSO_HEADER, [hoso_row(1), hoso_row(2)], TITLE)
    write_xls(inbox / "khong_duoi", HOSO_HEADER, [hoso_row(3)])  # no extension: told by the bytes
    paths = data_paths(tmp_path / "data")
    land_inbox(inbox, paths)
    out = {e["original_name"]: e for e in parse_pending(paths)}
    assert {n: (e["status"], e["format"], e["rows_loaded"]) for n, e in out.items()} == {
        "cu.xls": ("loaded", "xls", 2),
        "khong_duoi": ("loaded", "xls", 1),
    }
    m = read_manifest(paths).set_index("original_name")
    assert m.loc["cu.xls", "entity"] == "hoso" and m.loc["cu.xls", "status"] == "loaded"


def test_formula_cells_of_an_xls_are_counted(tmp_path):
    import xlwt

    p = write_xls(tmp_path / "f.xls", HOSO_HEADER, [hoso_row(1), hoso_row(2)])
    # two FORMULA records in the first sheet, e.g. a fee computed in the sheet
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    fee = HOSO_HEADER.index("Phí, lệ phí (VND)")
    for c, h in enumerate(HOSO_HEADER):
        ws.write(0, c, h)
    for r, i in ((1, 1), (2, 2)):
        for c, h in enumerate(HOSO_HEADER):
            ws.write(r, c, xlwt.Formula("1000+250") if c == fee else hoso_row(i)[h])
    wb.save(str(p))
    assert xls_extent(p.read_bytes()) == (3, 15, 2)  # 3 rows × 15 columns, 2 formulas
    r = read_file(p, landed_on=LANDED)
    assert r.rows_loaded == 2
    assert r.notes == ["tệp f.xls: 2 ô công thức, đã đọc giá trị đã tính"]


def test_a_tiny_xls_asking_for_the_whole_sheet_is_refused_before_reading(tmp_path):
    import xlwt

    # one cell at A1, one at IV65536 (the last cell of an .xls): 65,536 × 256 = 16,777,216 cells
    # for a file of a few KB. Without the check calamine allocates them: 1.55 GB resident measured
    # (issue 13), more than the build's memory budget.
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write(0, 0, "Mã hồ sơ")
    ws.write(65535, 255, "x")
    p = tmp_path / "xau.xls"
    wb.save(str(p))
    size = p.stat().st_size
    assert size < 10_000
    assert xls_extent(p.read_bytes())[:2] == (65_536, 256)
    limit = max(MIN_CELLS, CELLS_PER_BYTE * size)  # 50 bytes per cell of the file, floor 100,000
    res = read_file(p)
    assert res.status == "quarantined"
    assert res.error.startswith("xau.xls: ")
    assert "65.536 dòng × 256 cột = 16.777.216 ô" in res.error
    assert f"vượt giới hạn {limit:,} ô".replace(",", ".") in res.error


def test_an_ordinary_xls_passes_the_size_check(tmp_path):
    # header + 400 rows × 15 columns = 6,015 cells, far under the limit of its ~100 KB
    p = write_xls(tmp_path / "ok.xls", HOSO_HEADER, [hoso_row(i) for i in range(1, 401)])
    assert xls_extent(p.read_bytes())[:2] == (401, 15)
    assert read_file(p, landed_on=LANDED).rows_loaded == 400


def test_truncated_xls_quarantined_whole(tmp_path):
    good = write_xls(tmp_path / "g.xls", HOSO_HEADER, [hoso_row(i) for i in range(1, 50)]).read_bytes()
    p = tmp_path / "cut.xls"
    p.write_bytes(good[: len(good) // 3])
    r = read_file(p)
    assert r.status == "quarantined" and r.table is None
    assert r.error.startswith("cut.xls: ")


def test_a_looping_sector_chain_ends(tmp_path):
    import struct

    from pipelines.readers.xls_sheet import _WORKBOOK_NAMES, _Compound

    data = bytearray(write_xls(tmp_path / "vong.xls", HOSO_HEADER, [hoso_row(i) for i in range(1, 60)]).read_bytes())
    c = _Compound(bytes(data))
    stream = c.stream(_WORKBOOK_NAMES)
    assert len(stream) >= c.cutoff  # the workbook lives in the big sectors (FAT chains)
    start = next(e[1] for i in range(len(c.dir) // 128) if (e := c._entry(i)) and e[0].lower() == "workbook")
    # point the workbook's first sector at itself: the chain loops forever in a naive reader
    first_fat = struct.unpack_from("<I", data, 0x4C)[0]
    struct.pack_into("<I", data, (first_fat + 1) * c.ss + 4 * start, start)
    looped = _Compound(bytes(data))
    # the chain stops after as many sectors as the file has (not file size × sector size / 4)
    assert len(looped._big(start)) == looped.n_sectors * looped.ss
    # the extent scan over the looping file comes back: the workbook globals run past their
    # first sector, what follows is that sector again, so no BOUNDSHEET record (where the
    # first sheet starts: byte 4,074 in the intact file) is ever met → None (no check;
    # calamine then judges the file)
    assert xls_extent(bytes(data)) is None

"""Issue 18, break 1: a tiny workbook that asks for a huge grid is refused before any allocation,
and a file that kills its reader process is quarantined once, never read again, and the other
files of the run are read as usual.

The hostile workbooks are built here with zipfile (no committed binaries). None of them is ever
handed to fastexcel: the size check refuses them first (if it did not, the reader would try to
allocate 549,755,813,888 bytes and the test process would abort, which is the bug).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from pipelines.raw.landing import land_inbox
from pipelines.raw.parse_runs import parse_one, parse_pending, read_manifest, read_parse_index
from pipelines.readers.read import read_file
from pipelines.readers.xlsx_sheet import MIN_CELLS, sheet_extent
from pipelines.settings import data_paths
from tests.readers.conftest import HOSO_HEADER, hoso_row, write_csv, write_xlsx

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def hostile_xlsx(path: Path, cells: list[tuple[str, str]], dimension: str | None) -> Path:
    """A minimal valid workbook: inline-string cells at the given references."""
    rows: dict[int, list[str]] = {}
    for ref, text in cells:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>"
        + "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
        + "</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _uncompressed(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist())


def test_one_cell_at_xfd1048576_is_refused_before_reading(tmp_path):
    p = hostile_xlsx(
        tmp_path / "ho_so_thang3.xlsx", [("A1", "Mã hồ sơ"), ("XFD1048576", "x")], dimension="A1:XFD1048576"
    )
    assert p.stat().st_size < 5000
    # the declared range: 1,048,576 rows × 16,384 columns (XFD is column 16,384)
    assert sheet_extent(p)[1:3] == (1_048_576, 16_384)
    total = _uncompressed(p)
    # the file is under 2 KB uncompressed, so 50 × bytes < 100,000: the floor of 100,000 cells applies
    assert 50 * total < MIN_CELLS
    res = read_file(p)
    assert res.status == "quarantined"
    # the message names the file, the declared size (17,179,869,184 cells) and the limit
    assert res.error.startswith("ho_so_thang3.xlsx: ")
    assert "1.048.576 dòng × 16.384 cột = 17.179.869.184 ô" in res.error
    assert "vượt giới hạn 100.000 ô" in res.error and f"{total:,} byte".replace(",", ".") in res.error


def test_stretched_down_without_a_dimension_is_found_by_scanning_the_cells(tmp_path):
    # no <dimension>: the cell references give the range, A1..B1048576 = 1,048,576 × 2 cells
    # (the reader would allocate ~905 MB for this 5 KB file)
    p = hostile_xlsx(tmp_path / "dai.xlsx", [("A1", "Mã hồ sơ"), ("B1048576", "x")], dimension=None)
    assert sheet_extent(p)[1:3] == (1_048_576, 2)
    res = read_file(p)
    assert res.status == "quarantined"
    assert "1.048.576 dòng × 2 cột = 2.097.152 ô" in res.error


def test_an_ordinary_workbook_passes_the_check(tmp_path):
    # xlsxwriter declares A1:O3 (header + 2 rows, 15 columns): 45 cells, far under the limit
    p = write_xlsx(tmp_path / "ok.xlsx", HOSO_HEADER, [hoso_row(1), hoso_row(2)])
    assert sheet_extent(p)[1:3] == (3, 15)
    res = read_file(p)
    assert res.status == "loaded" and res.rows_loaded == 2


def test_a_hostile_workbook_is_quarantined_once_and_the_rest_is_read(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    hostile_xlsx(inbox / "xau.xlsx", [("A1", "Mã hồ sơ"), ("XFD1048576", "x")], dimension="A1:XFD1048576")
    write_csv(inbox / "tot.csv", HOSO_HEADER, [hoso_row(1)])
    paths = data_paths(tmp_path / "data")
    land_inbox(inbox, paths)
    res = {r["original_name"]: r for r in parse_pending(paths)}
    assert res["xau.xlsx"]["status"] == "quarantined" and "vượt giới hạn" in res["xau.xlsx"]["message"]
    assert res["tot.csv"]["status"] == "loaded"
    # recorded: the next run reads nothing again
    assert parse_pending(paths) == []


# ---------------------------------------------------------------------------------------
# a reader process that dies
# ---------------------------------------------------------------------------------------


def dying_parse(paths, entry):
    """Stands in for parse_one in the worker processes (importable: spawn imports this module):
    reading a file named `chet*` kills the process the way a native abort does (no exception,
    no cleanup, exit status 134 as after SIGABRT)."""
    if entry["original_name"].startswith("chet"):
        os._exit(134)
    return parse_one(paths, entry)


def test_a_file_that_kills_its_reader_is_quarantined_and_never_retried(tmp_path, monkeypatch):
    # 16 files (15 good + 1 killer) with 2 workers: the pool path (parse_workers gives 1 below 16)
    monkeypatch.setenv("MOTCUA_PARSE_WORKERS", "2")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(15):
        write_csv(inbox / f"ho_so_{i:02d}.csv", HOSO_HEADER, [hoso_row(i + 1)])
    write_csv(inbox / "chet.csv", HOSO_HEADER, [hoso_row(99)])
    paths = data_paths(tmp_path / "data")
    land_inbox(inbox, paths)
    out = parse_pending(paths, _parse=dying_parse)
    # every file has exactly one outcome: the run went on after the worker died
    assert sorted(r["original_name"] for r in out) == sorted(["chet.csv"] + [f"ho_so_{i:02d}.csv" for i in range(15)])
    by_name = {r["original_name"]: r for r in out}
    # only the killer is blamed: the innocent files of its batch were read again one per process
    assert by_name["chet.csv"]["status"] == "quarantined"
    assert "tiến trình đọc tệp bị dừng đột ngột" in by_name["chet.csv"]["message"]
    assert by_name["chet.csv"]["message"].startswith("chet.csv: ")
    assert all(r["status"] == "loaded" for n, r in by_name.items() if n != "chet.csv")
    # the index records it, so the next run does not read it again (it would kill again)
    index = read_parse_index(paths)
    assert len(index) == 16
    assert parse_pending(paths, _parse=dying_parse) == []
    m = read_manifest(paths).set_index("original_name")
    assert m.loc["chet.csv", "status"] == "quarantined"

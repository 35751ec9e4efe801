"""Biểu 06 of each district and department (the agency and the agencies under it), and the
form on paper: repeated header rows, row heights that fit their text, A4 landscape; printed
through LibreOffice when it is installed (always in CI)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from pipelines.reports import bieu06
from pipelines.reports.bieu06 import (
    compute_bieu06,
    compute_bieu06_units,
    fit_height,
    fit_lines,
    unit_form_name,
    write_bieu06,
    write_bieu06_units,
)
from pipelines.reports.overdue import open_overdue_count
from pipelines.reports.render import report_units
from pipelines.settings import connect
from tests.reports.fixture_data import build_fixture_db
from tests.sql.records import HATINH_PLAN
from tests.warehouse.helpers import agency, build_from_records, hoso

F, T = date(2022, 6, 15), date(2022, 9, 14)
ROOT, SO, HUY, PHONG, XA, TW = (
    "000.00.00.H27",
    "000.00.12.H27",
    "000.00.30.H27",
    "000.30.10.H27",
    "001.30.01.H27",
    "000.00.90.H27",
)
TREE = [
    agency(ROOT, "tinh", "UBND tỉnh Hà Tĩnh"),
    agency(SO, "tinh", "Sở Tư pháp", ma_don_vi_cha=ROOT),
    agency(HUY, "huyen", "UBND huyện Cẩm Xuyên", ma_don_vi_cha=ROOT),
    agency(PHONG, "huyen", "Phòng Tư pháp huyện Cẩm Xuyên", ma_don_vi_cha=HUY),
    agency(XA, "xa", "UBND xã Cẩm Bình", ma_don_vi_cha=HUY),
    agency(TW, "tw", "Công an tỉnh"),
]
HT = {"ten_linh_vuc": "Hộ tịch"}


def _v(ma, rx, st, cap=None, **kw):
    return hoso(ma, rx, st, ngay_cap_nhat=cap or rx, **kw)


UNITS_WORLD = {
    "donvi": TREE,
    "hoso": [
        # S1 (Sở): online in the window, open, appointment 10/09 < T -> 3, 4, 11, 13
        _v("S1", "2022-08-01 08:00", 4, ma_don_vi=SO, kenh=2, ngay_hen_tra="2022-09-10 17:00", **HT),
        # S2 (Sở): direct, resolved before its appointment -> 3, 5, 7, 8
        _v(
            "S2",
            "2022-07-01 08:00",
            9,
            cap="2022-07-03 16:00",
            ma_don_vi=SO,
            kenh=1,
            ngay_hen_tra="2022-07-10 17:00",
            ngay_ket_thuc_xu_ly="2022-07-03 16:00",
            **HT,
        ),
        # H1 (UBND huyện): direct, open, appointment after T -> 3, 5, 11, 12
        _v("H1", "2022-09-01 08:00", 4, ma_don_vi=HUY, kenh=1, ngay_hen_tra="2022-09-20 17:00", **HT),
        # P1 (Phòng, under the UBND huyện): received before F, open, appointment 20/06 -> 3, 6, 11, 13
        _v("P1", "2022-06-01 08:00", 4, ma_don_vi=PHONG, ngay_hen_tra="2022-06-20 17:00", **HT),
        # X1 (xã, under the UBND huyện): online, resolved late -> 3, 4, 7, 10
        _v(
            "X1",
            "2022-07-04 08:00",
            9,
            cap="2022-07-20 16:00",
            ma_don_vi=XA,
            kenh=2,
            ngay_hen_tra="2022-07-15 17:00",
            ngay_ket_thuc_xu_ly="2022-07-20 16:00",
            **HT,
        ),
        # X2 (xã): direct, waiting for the citizen's supplement, appointment 01/09 < T -> 3, 5, 11, 12
        _v(
            "X2",
            "2022-08-01 08:00",
            5,
            cap="2022-08-10 09:00",
            ma_don_vi=XA,
            kenh=1,
            ngay_hen_tra="2022-09-01 17:00",
            **HT,
        ),
        # T1 (Công an tỉnh, no parent: in no unit's form): direct, open, no appointment -> 3, 5, 11, 12
        _v("T1", "2022-08-01 08:00", 4, ma_don_vi=TW, kenh=1, **HT),
    ],
}
COLS = [f"c{i}" for i in range(3, 14)]


def _cols(**kw):
    return {c: kw.get(c, 0) for c in COLS}


@pytest.fixture(scope="module")
def units_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bieu06_units")
    build_from_records(tmp, UNITS_WORLD, as_of=date(2022, 9, 30), plan_paths=[HATINH_PLAN], name="units.duckdb").close()
    return tmp / "units.duckdb"


def test_each_unit_form_covers_the_agency_and_the_agencies_under_it(units_db):
    con = connect(units_db, read_only=True)
    try:
        forms = compute_bieu06_units(con, F, T, [SO, HUY])
        province = compute_bieu06(con, F, T)
    finally:
        con.close()
    so, huy = forms[SO], forms[HUY]
    # Sở Tư pháp: S1, S2. 3 = 2; 4 = S1; 5 = S2; 7 = 8 = S2; 11 = 13 = S1 (open overdue at T)
    assert {c: so["total"][c] for c in COLS} == _cols(c3=2, c4=1, c5=1, c7=1, c8=1, c11=1, c13=1)
    assert so["overdue_list_open"] == 1
    # one agency: its fields list no agencies
    assert all(not f["agencies"] for g in so["groups"] for f in g["fields"])
    # UBND huyện Cẩm Xuyên with its office and its commune: H1, P1, X1, X2. 3 = 4; 4 = X1;
    # 5 = H1, X2; 6 = P1; 7 = 10 = X1 (late); 11 = H1, P1, X2; 12 = H1 (appointment after T),
    # X2 (clock stopped, footnoted); 13 = P1 — the overdue list's one open dossier of these agencies
    assert {c: huy["total"][c] for c in COLS} == _cols(c3=4, c4=1, c5=2, c6=1, c7=1, c10=1, c11=3, c12=2, c13=1)
    assert huy["overdue_list_open"] == 1 and huy["waiting_for_supplement"] == 1
    groups = {g["name"]: g for g in huy["groups"]}
    assert groups["Sở, ban, ngành"]["c3"] == 0  # the form's three levels are always shown
    assert groups["Huyện, thị xã, thành phố"]["c3"] == 2 and groups["Xã, phường, thị trấn"]["c3"] == 2
    # several agencies: listed under their field, by name
    field = groups["Huyện, thị xã, thành phố"]["fields"][0]
    assert sorted(a["ten_don_vi"] for a in field["agencies"]) == [
        "Phòng Tư pháp huyện Cẩm Xuyên",
        "UBND huyện Cẩm Xuyên",
    ]
    for form in (so, huy):
        assert all(form["identities"].values())
    # the province's 7 = the Sở's 2 + the district's 4 + Công an tỉnh's 1 (no unit page)
    assert province["total"]["c3"] == 7 == so["total"]["c3"] + huy["total"]["c3"] + 1


def test_unit_forms_written_with_their_agency_and_name(units_db, tmp_path):
    units = [{"ma_don_vi": SO, "ten_don_vi": "Sở Tư pháp"}, {"ma_don_vi": HUY, "ten_don_vi": "UBND huyện Cẩm Xuyên"}]
    res = write_bieu06_units(units_db, tmp_path, F, T, units, "quy3_2022", label="Quý III/2022")
    assert [r["error"] for r in res] == [None, None]
    assert [os.path.basename(r["path"]) for r in res] == [
        "bieu06_000.00.12.H27_quy3_2022.xlsx",
        "bieu06_000.00.30.H27_quy3_2022.xlsx",
    ]
    rows = CalamineWorkbook.from_path(res[1]["path"]).get_sheet_by_index(0).to_python()
    text = [str(c) for r in rows for c in r if c not in ("", None)]
    assert "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH" in text and "UBND HUYỆN CẨM XUYÊN" in text
    assert "- Phòng Tư pháp huyện Cẩm Xuyên" in text
    total = next(r for r in rows if r[1] == "TỔNG SỐ")
    assert [int(x) for x in total[2:13]] == [4, 1, 2, 1, 1, 0, 0, 1, 3, 2, 1]
    # codes with other characters are made file-name safe, the dots kept
    assert unit_form_name("12/3 A", "nam_2022") == "bieu06_12_3_A_nam_2022.xlsx"


def test_a_unit_form_failing_its_check_is_not_written_the_others_are(units_db, tmp_path, monkeypatch):
    # the overdue list made to count 2 open dossiers at the Phòng (P1 is the only one): the
    # district's column 13 (1) disagrees -> its form is refused; the Sở's (S1: 1 = 1) is written
    real = bieu06.open_overdue_by_agency
    monkeypatch.setattr(bieu06, "open_overdue_by_agency", lambda con, e: {**real(con, e), PHONG: 2})
    units = [{"ma_don_vi": SO, "ten_don_vi": "Sở Tư pháp"}, {"ma_don_vi": HUY, "ten_don_vi": "UBND huyện Cẩm Xuyên"}]
    res = write_bieu06_units(units_db, tmp_path, F, T, units, "quy3_2022")
    assert res[0]["path"] and res[0]["error"] is None
    assert res[1]["path"] is None and "cột (13) có 1 hồ sơ" in res[1]["error"]
    assert not (tmp_path / "bieu06_000.00.30.H27_quy3_2022.xlsx").exists()


def _subtree(rows, root):
    """The agency and every agency under it, walked in Python (independent of the SQL)."""
    out, todo = set(), [root]
    while todo:
        a = todo.pop()
        out.add(a)
        todo += [c for c, parent in rows if parent == a]
    return out


def test_identities_hold_on_every_unit_form_of_a_generated_set(tmp_path):
    db = build_fixture_db(tmp_path, n=500, seed=5, as_of=date(2022, 12, 31))
    con = connect(db, read_only=True)
    try:
        units = [u["ma_don_vi"] for u in report_units(con)]
        tree = con.execute("SELECT ma_don_vi, ma_don_vi_cha FROM dim_agency").fetchall()
        assert len(units) >= 3
        for f, t in [(date(2021, 12, 15), date(2022, 6, 14)), (date(2022, 6, 15), date(2022, 9, 14))]:
            forms = compute_bieu06_units(con, f, t, units)
            assert sorted(forms) == sorted(units)
            for unit, form in forms.items():
                members = sorted(_subtree(tree, unit))
                assert all(form["identities"].values()), (unit, form["identities"])
                # column 13 = the dossiers of these agencies open overdue at T
                open_t = con.execute(
                    "SELECT count(*) FROM fct_dossier d WHERE is_open_overdue_at(d, ?) AND list_contains(?, d.ma_don_vi)",
                    [t, members],
                ).fetchone()[0]
                assert form["total"]["c13"] == form["overdue_list_open"] == open_t
                # columns 4 + 5 = the dossiers of these agencies received in the window
                rx = con.execute(
                    """SELECT count(*) FROM fct_dossier WHERE is_received AND ngay_tiep_nhan_d BETWEEN ? AND ?
                       AND list_contains(?, ma_don_vi)""",
                    [f, t, members],
                ).fetchone()[0]
                assert form["total"]["c4"] + form["total"]["c5"] == rx
            assert sum(fm["total"]["c13"] for fm in forms.values()) <= open_overdue_count(con, t)
    finally:
        con.close()


# ----------------------------------------------------------------------------- on paper


def test_row_heights_fit_their_text():
    # width 46 (the field column): 46 × 7 + 5 − 6 = 321 px; a 12-pt character 0,45 × 16 px = 7,2
    # px -> 44 characters a line. 100 characters of words: 3 lines -> ⌈3 × 12 × 1,32 + 3⌉ = 51 pt
    text = "Thủ tục hành chính " * 5 + "lĩnh vực đất đai"  # 95 + 16 = 111 characters
    assert fit_lines(text, 46) == 3 and fit_height(text, 46) == 51
    assert fit_height("Hộ tịch", 46) == 19  # one line: ⌈12 × 1,32 + 3⌉ = 19
    # width 11 (a number column's header): 77 + 5 − 6 = 76 px -> 10 characters a line:
    # "Trong kỳ:" / "Trực tiếp," / "dịch vụ" / "bưu chính" = 4 lines -> ⌈4 × 15,84 + 3⌉ = 67
    assert fit_lines("Trong kỳ: Trực tiếp, dịch vụ bưu chính", 11) == 4
    # an indented agency row holds fewer characters: (321 − 9) / 7,2 = 43
    assert fit_lines("x" * 44, 46) == 1 and fit_lines("x" * 44, 46, indent=1) == 2


LONG_FIELD = "Lĩnh vực thành lập và hoạt động của doanh nghiệp, hộ kinh doanh và hợp tác xã trên địa bàn tỉnh"


def _many_fields_world(n: int = 70) -> dict:
    # n fields of one dossier each at the Sở (direct, open, no appointment: 3, 5, 11, 12), the
    # first one with a field name that wraps to 3 lines of the field column
    names = [LONG_FIELD] + [f"Lĩnh vực số {i:02d}" for i in range(1, n)]
    return {
        "donvi": TREE,
        "hoso": [
            _v(f"L{i:02d}", "2022-08-01 08:00", 4, ma_don_vi=SO, kenh=1, ten_linh_vuc=name)
            for i, name in enumerate(names)
        ],
    }


@pytest.fixture(scope="module")
def long_form(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bieu06_long")
    build_from_records(
        tmp, _many_fields_world(), as_of=date(2022, 9, 30), plan_paths=[HATINH_PLAN], name="long.duckdb"
    ).close()
    out = tmp / "bieu06_long.xlsx"
    write_bieu06(tmp / "long.duckdb", out, F, T, label="Quý III/2022")
    return out


def test_print_setup_repeats_the_header_rows_on_a4_landscape(long_form):
    with zipfile.ZipFile(long_form) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        book = z.read("xl/workbook.xml").decode()
    # rows 8–10 of the sheet (the two header rows and the column numbers) on every page
    assert re.search(r"<definedName name=\"_xlnm.Print_Titles\"[^>]*>'Biểu 06'!\$8:\$10</definedName>", book)
    setup = re.search(r"<pageSetup [^>]*/>", sheet).group(0)
    assert 'paperSize="9"' in setup and 'orientation="landscape"' in setup and 'fitToHeight="0"' in setup
    assert "<oddFooter>" in sheet and "Trang &amp;P/&amp;N" in sheet
    # the long field's row (3 lines: 51 pt) and the sub-header row (4 lines: 67 pt), fitted
    rows = CalamineWorkbook.from_path(str(long_form)).get_sheet_by_index(0).to_python()
    r_long = next(i for i, r in enumerate(rows) if r[1] == LONG_FIELD) + 1  # 1-based in the XML
    assert fit_lines(LONG_FIELD, 46) == 3
    assert re.search(rf'<row r="{r_long}"[^>]* ht="51"', sheet)
    # 67 pt stored as whole pixels (4/3 px a point): 89 px = 66,75 pt
    assert re.search(r'<row r="9"[^>]* ht="66.75"', sheet)


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI: apt-get install libreoffice-calc-nogui")
        pytest.skip("install LibreOffice to print the form: apt-get install -y libreoffice-calc-nogui")
    return exe


@pytest.mark.slow
def test_printed_form_repeats_its_header_on_every_page(long_form, tmp_path):
    exe = _soffice()
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: safe beside other tests
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(long_form),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    reader = PdfReader(str(tmp_path / "bieu06_long.pdf"))
    # 70 fields + the total and 3 groups + 4 notes: more than 3 A4 landscape pages
    n = len(reader.pages)
    assert n >= 3
    for i, page in enumerate(reader.pages[:3], start=1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 841.9) < 2 and abs(h - 595.3) < 2  # A4 landscape
        text = " ".join(page.extract_text().split())
        for head in ("Số hồ sơ nhận giải quyết", "Số hồ sơ đang giải quyết", "Lĩnh vực, công việc giải quyết theo cấp"):
            assert head in text, (i, head)
        assert "Biểu số 06/VPCP/KSTT — Tỉnh Hà Tĩnh" in text and f"Trang {i}/{n}" in text
    # the title block is on the first page only
    first, second = (" ".join(p.extract_text().split()) for p in reader.pages[:2])
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC" in first and "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC" not in second

"""Biểu số 06/VPCP/KSTT: every cell of a hand-made window worked out by hand, the identities
on a larger generated set, and the .xlsx (title block, headers, text never a formula)."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from pipelines.reports import bieu06
from pipelines.reports.bieu06 import Bieu06Error, compute_bieu06, write_bieu06
from pipelines.reports.overdue import open_overdue_count, overdue_rows
from pipelines.settings import connect
from tests.reports.fixture_data import build_fixture_db
from tests.sql.records import HATINH_PLAN
from tests.warehouse.helpers import AGENCIES, HUYEN, XA, build_from_records, hoso, step

F, T = date(2022, 6, 15), date(2022, 9, 14)


def _v(ma, rx, st, cap=None, **kw):
    """A dossier version; `cap` = ngay_cap_nhat (default: the receipt)."""
    return hoso(ma, rx, st, ngay_cap_nhat=cap or rx, **kw)


HT = {"ten_linh_vuc": "Hộ tịch"}
HAND = {
    "donvi": AGENCIES,
    "hoso": [
        # A: received before F, still open, appointment before T -> 6, 11, 13
        _v("A", "2022-06-01 08:00", 4, ngay_hen_tra="2022-06-20 17:00", **HT),
        # B: online in the window, withdrawn in the window -> 4, 7, 9 (footnoted)
        _v("B", "2022-07-01 08:00", 2, kenh=2, ngay_hen_tra="2022-07-15 17:00", **HT),
        _v("B", "2022-07-01 08:00", 7, cap="2022-07-10 09:00", kenh=2, ngay_hen_tra="2022-07-15 17:00", **HT),
        # C: refused at reception -> nowhere
        _v("C", "2022-07-02 08:00", 3, **HT),
        # D: direct, resolved before the appointment -> 5, 7, 8
        _v("D", "2022-07-03 08:00", 2, kenh=1, ngay_hen_tra="2022-07-10 17:00", **HT),
        _v(
            "D",
            "2022-07-03 08:00",
            9,
            cap="2022-07-05 16:00",
            kenh=1,
            ngay_hen_tra="2022-07-10 17:00",
            ngay_ket_thuc_xu_ly="2022-07-05 16:00",
            **HT,
        ),
        # E: postal, resolved late -> 5, 7, 10
        _v(
            "E",
            "2022-07-04 08:00",
            9,
            cap="2022-07-20 16:00",
            kenh=3,
            ngay_hen_tra="2022-07-15 17:00",
            ngay_ket_thuc_xu_ly="2022-07-20 16:00",
            **HT,
        ),
        # F: online, resolved on the appointment day -> 4, 7, 9
        _v(
            "F",
            "2022-07-05 08:00",
            10,
            cap="2022-07-12 16:00",
            kenh=2,
            ngay_hen_tra="2022-07-12 17:00",
            ngay_ket_thuc_xu_ly="2022-07-12 10:00",
            **HT,
        ),
        # G: online, in progress past its appointment at T -> 4, 11, 13
        _v("G", "2022-09-01 08:00", 4, kenh=2, ngay_hen_tra="2022-09-10 17:00", **HT),
        # H: direct, in progress, appointment after T -> 5, 11, 12
        _v("H", "2022-09-05 08:00", 4, kenh=1, ngay_hen_tra="2022-09-20 17:00", **HT),
        # I: received and resolved before F -> nowhere
        _v(
            "I",
            "2022-06-10 08:00",
            9,
            cap="2022-06-12 16:00",
            ngay_hen_tra="2022-06-14 17:00",
            ngay_ket_thuc_xu_ly="2022-06-12 16:00",
            **HT,
        ),
        # J: received before F, resolved late in the window -> 6, 7, 10
        _v(
            "J",
            "2022-06-10 08:00",
            9,
            cap="2022-06-20 16:00",
            ngay_hen_tra="2022-06-18 17:00",
            ngay_ket_thuc_xu_ly="2022-06-20 16:00",
            **HT,
        ),
        # K: received after T -> nowhere
        _v("K", "2022-09-20 08:00", 4, **HT),
        # L: received before F, stopped before F -> nowhere
        _v("L", "2022-06-01 08:00", 2, **HT),
        _v("L", "2022-06-01 08:00", 8, cap="2022-06-05 09:00", **HT),
        # M: direct, resolved after T, appointment = T -> 5, 11, 12 (in time at T)
        _v(
            "M",
            "2022-09-02 08:00",
            9,
            cap="2022-09-25 16:00",
            kenh=1,
            ngay_hen_tra="2022-09-14 17:00",
            ngay_ket_thuc_xu_ly="2022-09-25 16:00",
            **HT,
        ),
        # O: received before F, waiting for the citizen's supplement (status 5), appointment
        # 30/06 passed at T -> 6, 11, 12: the clock is stopped, not overdue (footnoted)
        _v("O", "2022-05-20 08:00", 5, cap="2022-05-25 09:00", ngay_hen_tra="2022-06-30 17:00", **HT),
        # N: district, online, no appointment -> 4, 11, 12
        _v("N", "2022-08-01 08:00", 4, ma_don_vi=HUYEN, kenh=2, ten_linh_vuc="Đất đai"),
        # P: commune, a field name that looks like a formula, direct, no appointment -> 5, 11, 12
        _v("P", "2022-08-02 08:00", 4, ma_don_vi=XA, kenh=1, ten_linh_vuc="=1+1"),
    ],
    "tientrinh": [step("B", 2, "rut_ho_so", "2022-07-09 10:00")],
}


def _cols(**kw):
    row = {f"c{i}": 0 for i in range(3, 14)}
    row.update(kw)
    return row


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bieu06_hand")
    con = build_from_records(tmp, HAND, as_of=date(2022, 9, 30), plan_paths=[HATINH_PLAN], name="hand.duckdb")
    con.close()
    return tmp / "hand.duckdb"


def test_hand_made_window_every_cell(hand_db):
    con = connect(hand_db, read_only=True)
    try:
        form = compute_bieu06(con, F, T)
    finally:
        con.close()
    cols = [f"c{i}" for i in range(3, 14)]
    groups = {g["name"]: g for g in form["groups"]}
    assert list(groups) == ["Sở, ban, ngành", "Huyện, thị xã, thành phố", "Xã, phường, thị trấn"]
    tinh = groups["Sở, ban, ngành"]
    assert [f["linh_vuc"] for f in tinh["fields"]] == ["Hộ tịch"]
    # Sở Tư pháp, Hộ tịch: 3 = A, B, D, E, F, G, H, J, M, O (10); 4 online in the window
    # B, F, G; 5 direct/postal D, E, H, M; 6 from before F: A, J, O. 7 = B (withdrawn, 9), D (8),
    # E (10), F (9), J (10): 5. 11 = A, G, H, M, O: 12 in time H (20/09), M (14/09 = T), O
    # (waiting for the supplement) = 3; 13 open overdue at T: A (20/06), G (10/09) = 2.
    assert {c: tinh["fields"][0][c] for c in cols} == _cols(
        c3=10, c4=3, c5=4, c6=3, c7=5, c8=1, c9=2, c10=2, c11=5, c12=3, c13=2
    )
    assert {c: groups["Huyện, thị xã, thành phố"][c] for c in cols} == _cols(c3=1, c4=1, c11=1, c12=1)
    xa = groups["Xã, phường, thị trấn"]
    assert xa["fields"][0]["linh_vuc"] == "=1+1"
    assert {c: xa[c] for c in cols} == _cols(c3=1, c5=1, c11=1, c12=1)
    # + N (huyện) and P (xã), both in time without an appointment
    assert {c: form["total"][c] for c in cols} == _cols(
        c3=12, c4=4, c5=5, c6=3, c7=5, c8=1, c9=2, c10=2, c11=7, c12=5, c13=2
    )
    assert form["withdrawn_or_stopped"] == 1
    assert (form["waiting_for_supplement"], form["stopped_after_window"]) == (1, 0)  # O
    assert all(form["identities"].values())


def test_xlsx_layout_and_text_cells(hand_db, tmp_path):
    out = tmp_path / "b06.xlsx"
    res = write_bieu06(hand_db, out, F, T, label="Quý III/2022")
    assert res["identities"] == {
        "3 = 4 + 5 + 6": True,
        "7 = 8 + 9 + 10": True,
        "11 = 12 + 13": True,
        "3 = 7 + 11": True,
    }
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        shared = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere, "=1+1" stays text
    assert "=1+1" in shared
    assert sheet.count("<mergeCell ") >= 8  # title block and two-row headers
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    text = "\n".join(str(c) for r in rows for c in r if c not in ("", None))
    for s in (
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "Biểu số 06/VPCP/KSTT",
        "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC",
        "Kỳ báo cáo: từ 15/06/2022 đến 14/09/2022",
        "Đơn vị tính: Số hồ sơ TTHC",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Số hồ sơ nhận giải quyết",
        "Từ kỳ trước",
        "(13)",
        "bao gồm 1 hồ sơ công dân rút (trạng thái 7) hoặc dừng xử lý (trạng thái 8) trong kỳ, được tính",
    ):
        assert s in text, s
    total = next(r for r in rows if r[1] == "TỔNG SỐ")
    assert [int(x) for x in total[2:13]] == [12, 4, 5, 3, 5, 1, 2, 2, 7, 5, 2]
    assert (
        "Cột (12) bao gồm 1 hồ sơ đã qua ngày hẹn trả nhưng đang chờ công dân bổ sung giấy tờ (trạng thái 5) tại ngày 14/09/2022"
        in text
    )
    field = next(r for r in rows if r[1] == "=1+1")
    assert field[0] == "1" and int(field[2]) == 1


def test_column_13_is_the_overdue_list_open_at_t(hand_db):
    # The Tiến độ page's overdue list for [F, T] as of 30/09: resolved late in the window E
    # (20/07 > 15/07) and J (20/06 > 18/06), plus open overdue at T: A (due 20/06) and G (due
    # 10/09). O (due 30/06, waiting for the citizen's supplement) is in neither; M (due 14/09 =
    # T) is not overdue at T. Column 13 = the open ones = 2.
    con = connect(hand_db, read_only=True)
    try:
        listed = overdue_rows(con, F, T)
        form = compute_bieu06(con, F, T)
        by_agency = compute_bieu06(con, F, T, by_agency=True)
    finally:
        con.close()
    assert sorted((r["ma_ho_so"], r["da_giai_quyet"]) for r in listed) == [
        ("A", False),
        ("E", True),
        ("G", False),
        ("J", True),
    ]
    open_at_t = sum(not r["da_giai_quyet"] for r in listed)
    assert form["total"]["c13"] == open_at_t == form["overdue_list_open"] == 2
    assert by_agency["total"]["c13"] == 2


def test_column_13_differing_from_the_overdue_list_writes_nothing(hand_db, tmp_path, monkeypatch):
    # a form whose column 13 (2) disagrees with the list (here made 3) is refused loudly
    monkeypatch.setattr(bieu06, "open_overdue_count", lambda con, e: 3)
    out = tmp_path / "disagree.xlsx"
    with pytest.raises(Bieu06Error, match=r"cột \(13\) có 2 hồ sơ"):
        write_bieu06(hand_db, out, F, T)
    assert not out.exists()


def test_identity_failure_writes_nothing(hand_db, tmp_path, monkeypatch):
    real = bieu06.compute_bieu06

    def broken(con, f, t, by_agency=False):
        form = real(con, f, t, by_agency)
        form["identities"]["3 = 7 + 11"] = False
        return form

    monkeypatch.setattr(bieu06, "compute_bieu06", broken)
    out = tmp_path / "bad.xlsx"
    with pytest.raises(Bieu06Error):
        write_bieu06(hand_db, out, F, T)
    assert not out.exists()


def test_identities_on_generated_set(tmp_path):
    db = build_fixture_db(tmp_path, n=500, seed=3, as_of=date(2022, 12, 31))
    con = connect(db, read_only=True)
    try:
        for f, t in [
            (date(2021, 12, 15), date(2022, 3, 14)),
            (date(2021, 12, 15), date(2022, 6, 14)),
            (date(2022, 3, 15), date(2022, 6, 14)),
        ]:
            for by_agency in (False, True):
                form = compute_bieu06(con, f, t, by_agency)
                assert all(form["identities"].values()), (f, t, form["identities"])
                # column 13 = the overdue list's open dossiers at T (one macro, one as-of date)
                assert form["total"]["c13"] == open_overdue_count(con, t) == form["overdue_list_open"]
                tot = form["total"]
                # independent counts straight from fct_dossier
                rx = con.execute(
                    "SELECT count(*) FROM fct_dossier WHERE is_received AND ngay_tiep_nhan_d BETWEEN ? AND ?", [f, t]
                ).fetchall()[0][0]
                assert tot["c4"] + tot["c5"] == rx
                done = con.execute(
                    """SELECT count(*) FROM fct_dossier WHERE is_received AND is_resolved
                                      AND ngay_ket_thuc_d BETWEEN ? AND ? AND ngay_tiep_nhan_d <= ?""",
                    [f, t, t],
                ).fetchall()[0][0]
                assert tot["c8"] + tot["c9"] + tot["c10"] == done + tot["rut_dung"]
                assert tot["c3"] > 0 and tot["c6"] > 0 and tot["c11"] > 0
                assert sum(g["c3"] for g in form["groups"]) == tot["c3"]
    finally:
        con.close()


def test_clock_stopped_dossiers_are_in_column_12_with_their_notes(tmp_path):
    # Window [15/06, 14/09], as of 30/09; four direct dossiers received 01/08 at the tinh agency:
    #   W waiting for the citizen's supplement (5), appointment 10/08 < T -> 12 (note: 1 waiting)
    #   S appointment 20/08 < T, open at T, withdrawn on 20/09 (after T) -> not in 7 (T is
    #     before the withdrawal), not overdue today (status 7) -> 12 (note: 1 stopped after T)
    #   Z open (4), appointment 10/09 < T -> 13: the one dossier of the overdue list open at T
    #   Y open (4), no appointment -> 12
    # 3 = 5 = 4; 11 = 4; 12 = W, S, Y = 3; 13 = Z = 1.
    recs = {
        "donvi": AGENCIES,
        "hoso": [
            _v("W", "2022-08-01 08:00", 5, ngay_hen_tra="2022-08-10 17:00", **HT),
            _v("S", "2022-08-01 08:00", 4, ngay_hen_tra="2022-08-20 17:00", **HT),
            _v("S", "2022-08-01 08:00", 7, cap="2022-09-20 09:00", ngay_hen_tra="2022-08-20 17:00", **HT),
            _v("Z", "2022-08-01 08:00", 4, ngay_hen_tra="2022-09-10 17:00", **HT),
            _v("Y", "2022-08-01 08:00", 4, **HT),
        ],
    }
    build_from_records(tmp_path, recs, as_of=date(2022, 9, 30), plan_paths=[HATINH_PLAN], name="stop.duckdb").close()
    db = tmp_path / "stop.duckdb"
    con = connect(db, read_only=True)
    try:
        form = compute_bieu06(con, F, T)
        listed = overdue_rows(con, F, T)
    finally:
        con.close()
    tot = form["total"]
    assert (tot["c3"], tot["c5"], tot["c7"], tot["c11"], tot["c12"], tot["c13"]) == (4, 4, 0, 4, 3, 1)
    assert (form["waiting_for_supplement"], form["stopped_after_window"], form["overdue_list_open"]) == (1, 1, 1)
    assert [(r["ma_ho_so"], r["da_giai_quyet"]) for r in listed] == [("Z", False)]
    notes = bieu06.footnotes(form, "14/09/2022")
    assert any(n.startswith("Cột (12) bao gồm 1 hồ sơ đã qua ngày hẹn trả nhưng đang chờ") for n in notes)
    assert any(n.startswith("Cột (12) còn gồm 1 hồ sơ đã qua ngày hẹn trả tại ngày 14/09/2022") for n in notes)
    out = tmp_path / "stop.xlsx"
    write_bieu06(db, out, F, T)  # column 13 agrees with the list: the form is written
    assert out.exists()


def test_unknown_channel_goes_to_column_5_with_a_note(tmp_path):
    # Window [15/06, 14/09], as of 30/09; three dossiers received 01/08 at the tinh agency, open,
    # no appointment (so 11 and 12): U1 online (kenh 2) -> 4; U2 and U3 from a file without the
    # channel column (kenh_nop NULL, docs/metrics.md "Required columns") -> neither known online
    # nor known direct: column 5, with a note naming 2 such dossiers, never silently "trực tiếp"
    # without saying so. 3 = 4 + 5 + 6 = 1 + 2 + 0 = 3.
    recs = {
        "donvi": AGENCIES,
        "hoso": [_v(m, "2022-08-01 08:00", 4, kenh=2 if m == "U1" else 1, **HT) for m in ("U1", "U2", "U3")],
    }
    build_from_records(tmp_path, recs, as_of=date(2022, 9, 30), plan_paths=[HATINH_PLAN], name="ch.duckdb").close()
    db = tmp_path / "ch.duckdb"
    con = connect(db)
    try:
        # the build from records carries every column; make U2, U3 come from a file without it
        con.execute("UPDATE fct_dossier SET kenh_nop = NULL WHERE ma_ho_so IN ('U2', 'U3')")
        form = compute_bieu06(con, F, T)
    finally:
        con.close()
    tot = form["total"]
    assert (tot["c3"], tot["c4"], tot["c5"], tot["c11"], tot["c12"]) == (3, 1, 2, 3, 3)
    assert form["channel_unknown"] == 2
    notes = bieu06.footnotes(form, "14/09/2022")
    assert any(n.startswith("Cột (5) gồm 2 hồ sơ không rõ kênh nộp") for n in notes)
    assert all(form["identities"].values())

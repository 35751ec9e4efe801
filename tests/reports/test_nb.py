"""The helpers of pipelines/reports/nb.py that the unit pages and the overview use: the ranking
rule, the gap to each target, the early-warning sentence, and the database a notebook opens."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from pipelines.reports import nb
from tests.sql.worlds.due_soon import T
from tests.warehouse.helpers import HUYEN


def _rows(unit: str, statuses: str) -> list[dict]:
    """Scorecard rows of a unit: one per letter, d = dat, c = chua_dat, t = theo_doi, k = khong_co_du_lieu."""
    code = {"d": "dat", "c": "chua_dat", "t": "theo_doi", "k": "khong_co_du_lieu"}
    return [{"ma_don_vi": unit, "ten_don_vi": f"Xã {unit}", "status": code[s]} for s in statuses]


def test_rank_units_share_met_then_count_with_a_minimum():
    df = pd.DataFrame(
        _rows("A", "ddcc")  # 2/4 met = 50%
        + _rows("B", "dddc")  # 3/4 = 75%
        + _rows("C", "ddcctt")  # 2/4 = 50% (tracking rows are not judged): ties with A
        + _rows("D", "ddd" + "ccc")  # 3/6 = 50%: same share as A and C, more targets judged → before them
        + _rows("E", "ddkk")  # 2 judged < 3: not ranked, whatever its 100%
        + _rows("F", "cddd")  # 3/4 = 75%: ties with B
    )
    r = nb.rank_units(df)
    got = [
        (u, n, c, v, ok, None if pd.isna(h) else int(h))
        for u, n, c, v, ok, h in zip(
            r["ma_don_vi"], r["so_chi_tieu"], r["chua_dat"], r["ty_le_dat"], r["xep_hang"], r["hang"]
        )
    ]
    # B and F share rank 1; D is 3rd (two units before it); A and C share rank 4
    assert got == [
        ("B", 4, 1, 0.75, True, 1),
        ("F", 4, 1, 0.75, True, 1),
        ("D", 6, 3, 0.5, True, 3),
        ("A", 4, 2, 0.5, True, 4),
        ("C", 4, 2, 0.5, True, 4),
        ("E", 2, 0, 1.0, False, None),
    ]
    # with a minimum of 2, E (2 judged, 100%) comes first
    assert nb.rank_units(df, min_count=2).iloc[0]["ma_don_vi"] == "E"
    assert nb.rank_units(df[df["status"] == "theo_doi"]).empty


def _sc(**kw) -> dict:
    row = dict(
        target_id="P2.1",
        group_key=None,
        text="Tối thiểu 70% hồ sơ",
        kind="ratio",
        metric_id="m",
        numerator=50.0,
        denominator=100.0,
        value=0.5,
        threshold=0.7,
        status="chua_dat",
        ly_do_khong_co_du_lieu=None,
        unit="ratio",
        display_decimals=None,
    )
    row.update(kw)
    return row


class _Ctx:
    """What target_gaps reads of a Ctx: the metric's unit noun."""

    def metric(self, metric_id):
        return {"unit_noun": "hồ sơ đúng hạn"}


def test_target_gaps_say_what_is_missing_never_a_blank():
    sc = pd.DataFrame(
        [
            # the site's one rule (ranking.still_needed): x more favourable records with
            # (50 + x) / (100 + x) ≥ 0,7 ⇔ x ≥ (70 − 50) / 0,3 = 66,7 → 67
            _sc(),
            _sc(
                target_id="P2.2", numerator=69.0, denominator=99.0, value=69 / 99, threshold=0.7
            ),  # (0,7 × 99 − 69) / 0,3 = 0,3 / 0,3 = 1
            _sc(target_id="P2.3", numerator=8.0, denominator=10.0, value=0.8, status="dat"),
            _sc(target_id="P2.4", numerator=0.0, denominator=0.0, value=None, status="khong_co_du_lieu"),
            _sc(
                target_id="P2.5",
                value=None,
                status="khong_co_du_lieu",
                numerator=None,
                denominator=None,
                ly_do_khong_co_du_lieu="Dữ liệu không có cột Hình thức chuyển",
            ),
            _sc(target_id="P2.6", threshold=None, status="theo_doi", kind="tracking"),
            # a milestone: 1 of 3 tasks done on time against 100% → the 2 others set right (t = 1: d − n)
            _sc(target_id="P1.I.2", kind="milestone", numerator=1.0, denominator=3.0, value=1 / 3, threshold=1.0),
            # counts: 4 done against at least 6 → 2; 9 against at most 5 → reduce by 4
            _sc(
                target_id="P1.I.4",
                kind="count",
                numerator=None,
                denominator=None,
                value=4.0,
                threshold=6.0,
                unit="count",
            ),
            _sc(
                target_id="P1.I.5",
                kind="count",
                numerator=None,
                denominator=None,
                value=9.0,
                threshold=5.0,
                unit="count",
            ),
        ]
    )
    g = nb.target_gaps(_Ctx(), sc)
    assert list(g["Còn thiếu"]) == [
        "67 hồ sơ đúng hạn",
        "1 hồ sơ đúng hạn",
        "đã đạt",
        "không có dữ liệu (mẫu số bằng 0)",
        "không có dữ liệu (Dữ liệu không có cột Hình thức chuyển)",
        "theo dõi",
        "2 hồ sơ đúng hạn",
        "2",
        "cần giảm 4",
    ]
    assert list(g["Giá trị"])[:2] == ["50,0%", "69,7%"]
    assert g["Giá trị"].iloc[4] == "không có dữ liệu (Dữ liệu không có cột Hình thức chuyển)"
    assert (g != "").all().all()


def test_due_soon_sentence_of_the_overview_and_of_a_unit(due_soon_db, monkeypatch):
    monkeypatch.delenv("MOTCUA_DUE_SOON_DAYS", raising=False)
    ctx = nb.Ctx(due_soon_db)
    try:
        assert ctx.as_of == T
        # the due-soon world: 4 dossiers (HUYEN 3, XA 1) due by Thu 05/05, the 2nd working day after Fri 29/04
        assert nb.due_soon_text(ctx) == (
            "Cảnh báo sớm: 4 hồ sơ đang mở có hẹn trả trong 2 ngày làm việc tới (từ 29/04/2022 đến hết 05/05/2022), "
            "ở 2 đơn vị; nhiều nhất: UBND huyện Cẩm Xuyên (3), UBND xã Cẩm Bình (1). "
            "Danh sách: motcua sql --query ho_so_sap_den_han --param so_ngay=2."
        )
        assert nb.due_soon_text(ctx, HUYEN).startswith(
            "Cảnh báo sớm: 3 hồ sơ đang mở có hẹn trả trong 2 ngày làm việc tới (từ 29/04/2022 đến hết 05/05/2022); "
            "1 hồ sơ đã quá hạn, còn mở."
        )
    finally:
        ctx.close()


def test_motcua_db_replaces_only_the_default_path(monkeypatch, tmp_path):
    monkeypatch.setenv("MOTCUA_DB", str(tmp_path / "published.duckdb"))
    assert nb.database_path() == tmp_path / "published.duckdb"
    assert nb.database_path(nb.DEFAULT_DB) == tmp_path / "published.duckdb"
    assert nb.database_path(tmp_path / "site.duckdb") == tmp_path / "site.duckdb"  # the site build's own path
    monkeypatch.delenv("MOTCUA_DB")
    assert nb.database_path() == Path(nb.DEFAULT_DB)


def test_unit_bieu06_name():
    # the name the unit page links is the one the site writes (bieu06.unit_form_name) for the
    # latest window closed at the as-of date: at 20/07/2022 the windows closed are Quý I (T =
    # 14/03) and 6 tháng (T = 14/06), so the page links the 6-month form; before 14/03 none
    name, label = nb.unit_bieu06_name("000.00.30.H27", date(2022, 7, 20))
    assert label == "6 tháng/2022" and name == "bieu06_000.00.30.H27_6thang_2022.xlsx"
    assert nb.unit_bieu06_name("000.00.30.H27", date(2022, 2, 1)) is None


def test_received_for_others_is_what_the_service_centre_did(due_soon_db):
    # the due-soon world: the centre received C1 (resolved 25/04, due 27/04: before its appointment,
    # on time) and C2 (open, due 10/05: neither overdue nor due soon at 29/04) for Sở Tư pháp;
    # HUYEN received its own S1 (not "for others")
    from tests.sql.worlds.due_soon import CENTRE

    ctx = nb.Ctx(due_soon_db)
    try:
        got = ctx.received_for_others(CENTRE, days=2)
        assert got.to_dict("records") == [
            {
                "ma_don_vi": "000.00.12.H27",
                "ten_don_vi": "Sở Tư pháp",
                "tiep_nhan": 2,
                "da_giai_quyet": 1,
                "dung_han": 1,
                "qua_han_dang_mo": 0,
                "sap_den_han": 0,
            }
        ]
        assert ctx.received_for_others(HUYEN).empty
    finally:
        ctx.close()

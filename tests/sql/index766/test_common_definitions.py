"""The shared definitions of the index (docs/index-766.md §2): evaluated unit, attribution,
end of processing, on time, sync — the models eval_unit, dossier_766, dossier_766_period, over the
rules world (tests/sql/worlds/index766.py), March 2022, E = 31/03, D = 05/04."""

from __future__ import annotations

from tests.sql.index766.helpers import facts, indicator
from tests.sql.worlds.index766 import C1, CT, PROVINCE, B, C, X
from tests.warehouse.helpers import rows


def dossier(con, ma):
    return rows(con, "SELECT * FROM dossier_766 WHERE ma_ho_so = ?", [ma])[0]


def test_eval_unit_nearest_evaluated_ancestor(rules_world):
    # C1 (a phòng) → its UBND huyện C; X (a UBND xã under C) → itself, not C; the centre → itself;
    # the UBND tỉnh has no evaluated ancestor → none
    got = {r["ma_don_vi"]: (r["eval_ma_don_vi"], r["eval_level"]) for r in rows(rules_world, "SELECT * FROM eval_unit")}
    assert got[C1] == (C, "huyen") and got[X] == (X, "xa") and got[B] == (B, "tinh")
    assert got[CT] == (CT, "tinh") and got[PROVINCE] == (None, None)


def test_attribution(rules_world):
    # R2: received by X but performed by B → B (ma_co_quan_thuc_hien first)
    # R3: received at the centre, first hand-over to C1 → eval_unit(C1) = C
    # R1: received at the centre, no hand-over → the centre itself, flag don_vi_tiep_nhan_thay
    r1, r2, r3 = (dossier(rules_world, m) for m in ("R1", "R2", "R3"))
    assert (r2["eval_ma_don_vi"], r2["attribution_source"]) == (B, "co_quan_thuc_hien")
    assert (r3["eval_ma_don_vi"], r3["attribution_source"]) == (C, "chuyen_xu_ly_dau_tien")
    assert (r1["eval_ma_don_vi"], r1["attribution_source"]) == (CT, "trung_tam_tiep_nhan")
    assert r1["attribution_flags"] == ["don_vi_tiep_nhan_thay"] and r2["attribution_flags"] == []
    # the flag reaches the indicator's facts and the unit's row; the centre is then a unit of its own
    assert facts(rules_world, "2.1", "2022-03")["R1"]["flags"] == ["don_vi_tiep_nhan_thay"]
    assert "don_vi_tiep_nhan_thay" in indicator(rules_world, "2.1", "2022-03", "tinh", CT)["flags"]


def test_end_of_processing_priority_and_sources(rules_world):
    # R11: a status-10 step on 11/03 and a status-9 step on 14/03: the first 9 wins → 14/03
    # R10: withdrawn by a status-7 step on 12/03; R4: no step → ngay_ket_thuc_xu_ly
    r11, r10, r4 = (dossier(rules_world, m) for m in ("R11", "R10", "R4"))
    assert (str(r11["ket_thuc_766"])[:10], r11["ket_thuc_source"]) == ("2022-03-14", "buoc_9")
    assert (str(r10["ket_thuc_766"])[:10], r10["ket_thuc_source"]) == ("2022-03-12", "buoc_dung_rut")
    assert r4["ket_thuc_source"] == "ngay_ket_thuc_xu_ly"


def test_on_time_without_due_date_uses_the_procedure_deadline(rules_world):
    # T5 allows 5 working days; from Tue 01/03 the 5th working day after is Tue 08/03:
    # R7 ended 08/03 (5) → on time, R6 ended 09/03 (6) → overdue; R8's procedure has no thoi_han → on time
    got = facts(rules_world, "2.1", "2022-03")
    assert (got["R7"]["is_favourable"], got["R6"]["is_favourable"], got["R8"]["is_favourable"]) == (True, False, True)


def test_supplement_wait_in_the_period_model(example_ac):
    # example A: XE1 waits after one request (10/03) → ends 10/03, on time; XF1 after two → overdue;
    # XC1 is open at E
    got = {
        r["ma_ho_so"]: r
        for r in rows(
            example_ac,
            "SELECT * FROM dossier_766_period WHERE period_id = '2022-03' AND ma_ho_so IN ('XE1', 'XF1', 'XC1')",
        )
    }
    assert (
        got["XE1"]["in_supplement_wait_at_e"],
        str(got["XE1"]["ket_thuc_766"])[:10],
        got["XE1"]["dung_han_766"],
    ) == (
        True,
        "2022-03-10",
        True,
    )
    assert (got["XF1"]["so_yeu_cau_bo_sung_at_e"], got["XF1"]["dung_han_766"]) == (2, False)
    assert (got["XC1"]["is_open_at_e"], got["XC1"]["in_ho_so_xu_ly"]) == (True, True)
    # in April (E = 05/04) XE1 still waits: its end (10/03) is before April, so it is not in April's
    # population, while the open XC1 is
    april = {
        r["ma_ho_so"]
        for r in rows(
            example_ac, "SELECT ma_ho_so FROM dossier_766_period WHERE period_id = '2022-04' AND in_ho_so_xu_ly"
        )
    }
    assert "XC1" in april and "XE1" not in april


def test_procedures_applied_at_a_unit(rules_world):
    def applied(period, unit):
        return rows(
            rules_world,
            "SELECT ma_tthc, source FROM tthc_ap_dung WHERE period_id = ? AND ma_don_vi = ? ORDER BY ma_tthc",
            [period, unit],
        )

    # March (E = 31/03): no TTHC_DONVI snapshot yet → the public procedures of the catalogue whose
    # level is the unit's (all 13 of the snapshot of 15/03 are at tinh), shared by every sở
    march_b = applied("2022-03", B)
    assert len(march_b) == 13 and {r["source"] for r in march_b} == {"danh_muc_theo_cap"}
    assert applied("2022-03", C) == []  # no catalogue procedure at huyen level
    # April (E = 05/04): the snapshot of 01/04: B has P1 and Q1 (Chờ dừng công khai is kept), C has P2
    # through its phòng C1, X's P3 is Dừng công khai
    assert [r["ma_tthc"] for r in applied("2022-04", B)] == ["P1", "Q1"]
    assert applied("2022-04", C) == [{"ma_tthc": "P2", "source": "tthc_donvi"}]
    assert applied("2022-04", X) == []

"""plan_target_lead_units and plan_undelivered_units: the agencies a plan's "Cơ quan chủ trì"
names, and the units that have not delivered a milestone or a count target, per period.

Hand-made world (as of 30/06/2022), every answer worked out in the comments. Agencies (DONVI):

    ROOT 000.00.00.H27  UBND tỉnh Thử Nghiệm   tinh, loai "Sở, ban, ngành"  (the plan's agency_id)
    S1   000.00.03.H27  Sở Tư pháp             tinh, loai "Sở, ban, ngành"
    S2   000.00.02.H27  Sở Nội vụ              tinh, loai "Sở, ban, ngành"
    C    000.00.30.H27  Trung tâm PVHCC        tinh, loai "Trung tâm Phục vụ hành chính công"
    H1   000.01.00.H27  UBND huyện Một         huyen
    O1   000.01.50.H27  Phòng Tư pháp huyện    huyen, under H1 (an office, not a UBND huyện)
    H2   000.02.00.H27  UBND huyện Hai         huyen
    X1   000.01.01.H27  UBND xã Một Một        xa, under H1
    X2   000.02.01.H27  UBND xã Hai Một        xa, under H2

Register (NHIEMVU):
    M1 (milestone task, plan due 31/03/2022):
        S1 han 31/03 done 20/03 (on time) · S2 han 31/03 done 10/04 (late) · H1 han 31/03 not done
        · H2 han 30/06 done 01/05
    kiem_tra (activity of C1): H1 done 10/02 and 05/05 (one each)
    truyen_thong (activity of C2): X1 done 01/03 and 02/03
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import nhiemvu
from tests.warehouse import helpers
from tests.warehouse.helpers import agency, build_from_records

ROOT, S1, S2, C = "000.00.00.H27", "000.00.03.H27", "000.00.02.H27", "000.00.30.H27"
H1, O1, H2, X1, X2 = "000.01.00.H27", "000.01.50.H27", "000.02.00.H27", "000.01.01.H27", "000.02.01.H27"
SO = "Sở, ban, ngành"
AGENCIES = [
    agency(ROOT, "tinh", "UBND tỉnh Thử Nghiệm", loai=SO),
    agency(S1, "tinh", "Sở Tư pháp", loai=SO, ma_don_vi_cha=ROOT),
    agency(S2, "tinh", "Sở Nội vụ", loai=SO, ma_don_vi_cha=ROOT),
    agency(C, "tinh", "Trung tâm Phục vụ hành chính công tỉnh", loai="Trung tâm Phục vụ hành chính công"),
    agency(H1, "huyen", "UBND huyện Một", loai="UBND cấp huyện", ma_don_vi_cha=ROOT),
    agency(O1, "huyen", "Phòng Tư pháp huyện Một", loai="UBND cấp huyện", ma_don_vi_cha=H1),
    agency(H2, "huyen", "UBND huyện Hai", loai="UBND cấp huyện", ma_don_vi_cha=ROOT),
    agency(X1, "xa", "UBND xã Một Một", loai="UBND cấp xã", ma_don_vi_cha=H1),
    agency(X2, "xa", "UBND xã Hai Một", loai="UBND cấp xã", ma_don_vi_cha=H2),
]
REGISTER = [
    nhiemvu("M1", S1, "2022-03-31", "2022-03-20"),
    nhiemvu("M1", S2, "2022-03-31", "2022-04-10"),
    nhiemvu("M1", H1, "2022-03-31"),
    nhiemvu("M1", H2, "2022-06-30", "2022-05-01"),
    nhiemvu("kiem_tra", H1, "2022-03-31", "2022-02-10"),
    nhiemvu("kiem_tra", H1, "2022-06-30", "2022-05-05"),
    nhiemvu("truyen_thong", X1, "2022-03-31", "2022-03-01"),
    nhiemvu("truyen_thong", X1, "2022-04-30", "2022-03-02"),
]

PLAN = f"""\
plan:
  id: leads-2022
  province: {{ name: Tỉnh Thử Nghiệm, gso_code: "99", agency_id: "{ROOT}" }}
  year: 2022
sections:
  - {{ id: A, title: "I. Kiểm tra, truyền thông", chu_tri: [huyen] }}
  - {{ id: B, title: "II. Tập huấn" }}
targets:
  - id: M1
    text: Tổ chức tập huấn
    kind: milestone
    due: 2022-03-31
    section: B
    chu_tri: {{ ten_don_vi: "sở tư pháp " }}
    phoi_hop: [{{ loai: "{SO}" }}]
  - id: C1
    kind: count
    metric: regulatory_activity_count
    activity: kiem_tra
    threshold: 2
    threshold_by_unit: {{ "{H2}": 1 }}
    scope: [huyen, xa]
    section: A
  - id: C2
    kind: count
    metric: regulatory_activity_count
    activity: truyen_thong
    direction: at_most
    threshold: 1
    scope: [xa]
    section: A
    chu_tri: [xa]
  - id: C3
    kind: count
    metric: regulatory_activity_count
    activity: kiem_tra
    threshold: 1
    scope: [huyen]
    section: A
    chu_tri: ["{S2}"]
  - id: M2
    kind: milestone
    due: 2022-06-30
    section: B
    chu_tri: [tinh, {{ ten_don_vi: "Các cơ quan báo, đài" }}]
"""


_BUILD: dict = {}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("leads")
    (tmp / "leads.yaml").write_text(PLAN, encoding="utf-8")
    c = build_from_records(
        tmp,
        {"donvi": AGENCIES, "nhiemvu": REGISTER},
        as_of=date(2022, 6, 30),
        plan_paths=[tmp / "leads.yaml"],
    )
    _BUILD["result"] = helpers.last_result
    yield c
    c.close()


def tuples(con, sql):
    return con.execute(sql).fetchall()


def leads(con, target, role="chu_tri"):
    return sorted(
        r[0]
        for r in con.execute(
            "SELECT ma_don_vi FROM plan_target_lead_units WHERE target_id = ? AND role = ?", [target, role]
        ).fetchall()
    )


def undelivered(con, target, period):
    """{ma_don_vi: (delivered, required, gap, ly_do)} of a target and period."""
    return {
        r[0]: tuple(r[1:])
        for r in con.execute(
            "SELECT ma_don_vi, delivered, required, gap, ly_do FROM plan_undelivered_units"
            " WHERE target_id = ? AND period = ?",
            [target, period],
        ).fetchall()
    }


def test_leads_by_level_type_code_and_name(con):
    # C1 names no lead of its own: its section's `huyen` -> H1 and H2, not the office O1 under H1
    assert leads(con, "C1") == sorted([H1, H2])
    # M1: a name, matched ignoring case and spaces -> S1; its partners by type "Sở, ban, ngành"
    # -> S1 and S2, not the plan's own UBND tỉnh (same type) nor the centre (another type)
    assert leads(con, "M1") == [S1]
    assert leads(con, "M1", "phoi_hop") == sorted([S1, S2])
    # M2: level tinh -> S1, S2 and the centre, not the UBND tỉnh; "Các cơ quan báo, đài" names no agency
    assert leads(con, "M2") == sorted([S1, S2, C])
    # C2: level xa -> X1, X2, each with its district
    assert tuples(
        con, "SELECT ma_don_vi, ma_huyen, ten_huyen FROM plan_target_lead_units WHERE target_id = 'C2' ORDER BY 1"
    ) == [(X1, H1, "UBND huyện Một"), (X2, H2, "UBND huyện Hai")]


def test_declared_text_and_sections(con):
    got = tuples(
        con, "SELECT target_id, section_id, chu_tri, phoi_hop FROM plan_targets WHERE target_id IN ('M1', 'C1')"
    )
    assert sorted(got) == [
        ("C1", "A", "Cấp huyện", None),  # the section's lead, as people read it
        ("M1", "B", "sở tư pháp ", SO),  # the target's own, as written
    ]
    assert tuples(con, "SELECT section_id, title, sort_order FROM plan_sections ORDER BY sort_order") == [
        ("A", "I. Kiểm tra, truyền thông", 1),
        ("B", "II. Tập huấn", 2),
    ]


def test_milestone_not_due_lists_nobody(con):
    # February ends before the plan's due date 31/03: nothing is late yet
    assert undelivered(con, "M1", "2022-02") == {}


def test_milestone_at_its_due_date(con):
    # Q1, E = 31/03. Responsible: S1 (lead, in the register), S2, H1, H2 (the register gives them M1).
    # S1: 1 row due, done on time -> delivered, not listed.
    # S2: done on 10/04, after E: at 31/03 not done -> 0 of 1.
    # H1: never done -> 0 of 1.
    # H2: its row is due 30/06, after E: no row due -> listed, its register deadline named.
    assert undelivered(con, "M1", "2022-Q1") == {
        S2: (0.0, 1.0, 1.0, "chưa hoàn thành 1/1 dòng đến hạn"),
        H1: (0.0, 1.0, 1.0, "chưa hoàn thành 1/1 dòng đến hạn"),
        H2: (0.0, None, None, "hạn ghi trong sổ theo dõi nhiệm vụ (30/06/2022) sau ngày cuối kỳ"),
    }


def test_milestone_over_the_year(con):
    # year 2022, E = 30/06 (as of): S2 done after its deadline -> late; H1 still not done;
    # H2 due 30/06, done 01/05 -> delivered
    assert undelivered(con, "M1", "2022") == {
        S2: (0.0, 1.0, 1.0, "hoàn thành sau hạn 1/1 dòng đến hạn"),
        H1: (0.0, 1.0, 1.0, "chưa hoàn thành 1/1 dòng đến hạn"),
    }
    flags = tuples(con, "SELECT ma_don_vi, is_lead, in_register FROM plan_undelivered_units WHERE target_id = 'M1'")
    assert set(flags) == {(S2, False, True), (H1, False, True), (H2, False, True)}


def test_milestone_led_by_units_without_a_register_row(con):
    # M2 (due 30/06) has no register row at all; its leads S1, S2 and the centre are listed in
    # the year (E 30/06 >= due) as having nothing in the register; "Các cơ quan báo, đài" is
    # no agency: not listed (warning plan_lead_names_agency)
    got = undelivered(con, "M2", "2022")
    assert got == {u: (0.0, None, None, "chưa có nhiệm vụ này trong sổ theo dõi nhiệm vụ") for u in (S1, S2, C)}
    assert undelivered(con, "M2", "2022-Q1") == {}  # not due yet


def test_count_per_lead_unit_with_its_threshold(con):
    # C1, at least 2 kiem_tra, H2 its own 1. Leads H1, H2.
    # Q1: H1 1 (10/02) < 2 -> missing 1; H2 0 < 1 -> missing 1
    assert undelivered(con, "C1", "2022-Q1") == {
        H1: (1.0, 2.0, 1.0, "có 1, cần ít nhất 2: thiếu 1"),
        H2: (0.0, 1.0, 1.0, "có 0, cần ít nhất 1: thiếu 1"),
    }
    # year (to 30/06): H1 2 -> met; H2 still 0
    assert undelivered(con, "C1", "2022") == {H2: (0.0, 1.0, 1.0, "có 0, cần ít nhất 1: thiếu 1")}


def test_count_at_most(con):
    # C2, at most 1 truyen_thong per period, leads X1 and X2. March: X1 2 > 1 -> listed, excess 1;
    # X2 0 <= 1 -> met. April: X1 0 -> met.
    assert undelivered(con, "C2", "2022-03") == {X1: (2.0, 1.0, 1.0, "có 2, tối đa 1: vượt 1")}
    assert tuples(
        con,
        "SELECT ten_don_vi, ma_huyen, ten_huyen, direction FROM plan_undelivered_units"
        " WHERE target_id = 'C2' AND period = '2022-03'",
    ) == [("UBND xã Một Một", H1, "UBND huyện Một", "at_most")]
    assert undelivered(con, "C2", "2022-04") == {}


def test_lead_outside_the_scope_is_not_judged_and_warned(con):
    # C3's lead S2 is a tinh agency, its scope [huyen]: no threshold for it -> no row, a warning
    assert tuples(con, "SELECT count(*) FROM plan_undelivered_units WHERE target_id = 'C3'") == [(0,)]
    checks = {c["name"]: c for c in _BUILD["result"].checks}
    assert checks["plan_undelivered_lead_outside_scope"]["failing_rows"] == 1
    # M2's "Các cơ quan báo, đài" names no agency
    assert checks["plan_lead_names_agency"]["failing_rows"] == 1
    failed = [c["name"] for c in _BUILD["result"].checks if c["severity"] == "fail" and c["failing_rows"]]
    assert failed == []

"""plan_scorecard and metrics.md, "Achievement" / "Output contract": a tracking target has no
threshold (its reference is a "mức tham chiếu" in separate columns, status theo_doi); a ratio is
`dat`/`chua_dat` only against a threshold the plan sets; milestone rows have an empty
group_key (the register code is in `task`). Hand-made world, every answer worked out below."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from pipelines.settings import SQL_DIR, connect
from pipelines.warehouse.models import parse_checks
from tests.sql.records import HATINH_PLAN, danhgia, nhiemvu, scorecard
from tests.warehouse import helpers
from tests.warehouse.helpers import AGENCIES, TINH, build_from_records, hoso, rows, step

D = date(2022, 3, 31)
LATE = dict(ngay_hen_tra="2022-03-05 08:00")
ONLINE_L3 = dict(muc_do=3, kenh=2)
# The world, all at the tinh agency, as of 31/03/2022 (E of March and of Q1):
#   A1 received 01/03, resolved 10/03, due 05/03 -> qua_han; apology step 09/03; online, level 3
#   A2 the same without apology
#   A3 received 01/03, resolved 03/03, due 05/03 -> truoc_han; online, level 3
#   A4 received 01/03, waiting for the citizen's supplement (5), due 05/03 -> not overdue; level 3, direct
#   A5 received 01/03, open (4), due 20/03 < E -> open overdue at E; level 3, direct
#   B1, B2 received 10/02, open, no due date, level 3, direct (February: 0 online of 2)
DOSSIERS = [
    hoso(
        "A1",
        "2022-03-01 08:00",
        10,
        ngay_ket_thuc_xu_ly="2022-03-10 08:00",
        ngay_cap_nhat="2022-03-10 08:00",
        **LATE,
        **ONLINE_L3,
    ),
    hoso(
        "A2",
        "2022-03-01 08:00",
        10,
        ngay_ket_thuc_xu_ly="2022-03-10 08:00",
        ngay_cap_nhat="2022-03-10 08:00",
        **LATE,
        **ONLINE_L3,
    ),
    hoso(
        "A3",
        "2022-03-01 08:00",
        10,
        ngay_ket_thuc_xu_ly="2022-03-03 08:00",
        ngay_cap_nhat="2022-03-03 08:00",
        **LATE,
        **ONLINE_L3,
    ),
    hoso("A4", "2022-03-01 08:00", 5, muc_do=3, **LATE),
    hoso("A5", "2022-03-01 08:00", 4, muc_do=3, ngay_hen_tra="2022-03-20 08:00"),
    hoso("B1", "2022-02-10 08:00", 4, muc_do=3),
    hoso("B2", "2022-02-10 08:00", 4, muc_do=3),
]
# P2.6b (0.85 per field group): six land dossiers evaluated "Rất hài lòng" (dat_dai 6/6) and one
# construction dossier evaluated "Không hài lòng" (xay_dung 0/1), in March; level 2, no appointment,
# open: they change no other target of this world
DOSSIERS += [hoso(f"L{i}", "2022-03-02 08:00", 4, ten_linh_vuc="Đất đai") for i in range(6)]
DOSSIERS += [hoso("X1", "2022-03-02 08:00", 4, ten_linh_vuc="Xây dựng")]
EVALUATIONS = [danhgia(f"V{i}", f"L{i}", "2022-03-05 09:00", 5) for i in range(6)]
EVALUATIONS += [danhgia("VX", "X1", "2022-03-05 09:00", 2)]
STEPS = [step("A1", 3, "xin_loi", "2022-03-09 09:00")]
REGISTER = [
    nhiemvu("P1.I.1", TINH, "2022-03-31", "2022-03-25"),  # due 31/03, done 25/03 -> dat
    nhiemvu("P2.7", TINH, "2022-06-30", "2022-03-15"),  # due 30/06, done early -> dat (1 of 1)
]
_BUILD: dict = {}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("thr")
    c = build_from_records(
        tmp,
        {"donvi": AGENCIES, "hoso": DOSSIERS, "tientrinh": STEPS, "nhiemvu": REGISTER, "danhgia": EVALUATIONS},
        as_of=D,
        plan_paths=[HATINH_PLAN],
    )
    _BUILD["result"] = helpers.last_result
    yield c
    c.close()


def test_apology_target_is_tracking_with_its_legal_reference(con):
    # apology_coverage_rate, March (E 31/03): overdue dossiers = A1, A2 (resolved late in March)
    # + A5 (open overdue at 31/03); A4 waits for a supplement (clock stopped), not overdue.
    # With an apology step by E: A1 -> 1/3. The plan sets no threshold for P2.6c: it is shown
    # with status theo_doi, never chua_dat against the 100% of Nghị định 61/2018 (a reference).
    r = scorecard(con, "P2.6c", "2022-03")
    assert (r["kind"], r["numerator"], r["denominator"]) == ("tracking", 1, 3)
    assert (r["threshold"], r["status"]) == (None, "theo_doi")
    assert r["reference_value"] == 1.0
    assert r["reference_source"].startswith("Nghị định 61/2018/NĐ-CP, sửa đổi bởi Nghị định 107/2021/NĐ-CP")


def test_no_tracking_row_has_a_threshold(con):
    # every tracking target of the plan, every period, level and agency: threshold empty
    bad = rows(con, "SELECT target_id, threshold FROM plan_scorecard WHERE kind = 'tracking' AND threshold IS NOT NULL")
    assert bad == []
    # and its status is theo_doi or (zero denominator) khong_co_du_lieu, never dat/chua_dat
    statuses = {r["status"] for r in rows(con, "SELECT DISTINCT status FROM plan_scorecard WHERE kind = 'tracking'")}
    assert statuses == {"theo_doi", "khong_co_du_lieu"}


@pytest.mark.parametrize(
    "target_id, value, source",
    [
        # the three references of Phụ lục I with a rule, and one without any source
        (
            "P1.III.1",
            1.0,
            "QĐ 766 chỉ số 1.1 (province: decision at least 5 working days before the legal basis takes effect)",
        ),
        ("P1.V.2", 1.0, "QĐ 766 chỉ số 5.2: xử lý trong 15 ngày làm việc"),
        ("P1.VII.2", 1.0, None),
        # TD.1: the note's figure, at the precision the note writes it (99,84%)
        ("TD.1", 0.9984, "Hà Tĩnh 2020: 99,84% đúng hạn"),
    ],
)
def test_references_in_their_own_columns(con, target_id, value, source):
    r = scorecard(con, target_id, "2022")
    assert (r["threshold"], r["reference_value"], r["reference_source"]) == (None, value, source)


def test_td1_resolved_on_time_share_is_tracked(con):
    # on_time_resolution_rate, March: resolved A1, A2 (qua_han), A3 (truoc_han) -> 1/3, below
    # the 99,84% reference, yet theo_doi: TD.1 is an indicator, not a target of the plan
    r = scorecard(con, "TD.1", "2022-03")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (1, 3, None, "theo_doi")


def test_ratio_with_threshold_is_judged_against_it(con):
    # P2.4c online_dossier_rate (threshold 0.50, scope tinh/huyen/xa): level-3 dossiers received
    # March: A1..A5 (5), online A1, A2, A3 -> 3/5 = 0.6 >= 0.5 -> dat
    r = scorecard(con, "P2.4c", "2022-03")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (3, 5, 0.5, "dat")
    # February: B1, B2 direct -> 0/2 < 0.5 -> chua_dat
    r = scorecard(con, "P2.4c", "2022-02")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (0, 2, 0.5, "chua_dat")
    # Q1: 3/7 = 0.43 < 0.5 -> chua_dat
    r = scorecard(con, "P2.4c", "2022-Q1")
    assert (r["numerator"], r["denominator"], r["status"]) == (3, 7, "chua_dat")
    # a ratio target has no reference
    assert r["reference_value"] is None


def test_field_group_summary_is_judged_by_its_groups_not_a_threshold(con):
    # P2.6b, March: dat_dai 6/6 = 1.0 >= 0.85 dat; xay_dung 0/1 chua_dat; dau_tu no evaluation.
    # The summary pools them, 6/7 = 0.857 >= 0.85, yet a group is below: chua_dat. Beside a
    # threshold of 85% that would read as a contradiction, so the summary row has none.
    assert scorecard(con, "P2.6b", "2022-03", group_key="dat_dai")["status"] == "dat"
    assert scorecard(con, "P2.6b", "2022-03", group_key="xay_dung")["status"] == "chua_dat"
    g = scorecard(con, "P2.6b", "2022-03", group_key="dau_tu")
    assert (g["threshold"], g["status"]) == (0.85, "khong_co_du_lieu")
    s = scorecard(con, "P2.6b", "2022-03")
    assert (s["numerator"], s["denominator"], s["threshold"], s["status"]) == (6, 7, None, "chua_dat")


def test_milestone_rows_have_an_empty_group_key(con):
    # P1.I.1: its one register row is due 31/03 = E and done 25/03 -> 1/1, dat (March).
    # P2.7 in 2022 (E 31/03): its register row is due 30/06, after E, so none is due by E
    # (denominator 0); the plan's due 30/06 is after E -> chua_den_han.
    m = scorecard(con, "P1.I.1", "2022-03")
    assert (m["group_key"], m["task"], m["numerator"], m["denominator"], m["status"]) == (None, "P1.I.1", 1, 1, "dat")
    p = scorecard(con, "P2.7", "2022")
    assert (p["group_key"], p["task"], p["status"]) == (None, "P2.7", "chua_den_han")
    n = rows(con, "SELECT count(*) AS n FROM plan_scorecard WHERE kind = 'milestone' AND group_key IS NOT NULL")
    assert n[0]["n"] == 0
    # activity codes stay in group_key (a tracking count per activity)
    assert scorecard(con, "P1.I.4", "2022", group_key="danh_gia_tac_dong")["task"] is None


def test_the_new_checks_pass_here_and_bite_on_a_broken_table(con, tmp_path):
    names = (
        "scorecard_tracking_without_threshold",
        "scorecard_status_matches_threshold",
        "scorecard_milestone_group_key_empty",
    )
    by_name = {c["name"]: c for c in _BUILD["result"].checks}
    for n in names:
        assert (by_name[n]["failing_rows"], by_name[n]["error"]) == (0, None), n
    # the same checks on a copy where one row of each kind is broken: each finds its row
    db = tmp_path / "broken.duckdb"
    shutil.copy(_BUILD["result"].db_path, db)
    w = connect(db)
    try:
        w.execute(
            "UPDATE plan_scorecard_t SET threshold = 1.0 WHERE target_id = 'P2.6c' AND period = '2022-03' AND level = 'toan_tinh'"
        )
        # P2.4c February 0/2 marked dat against 0.5
        w.execute(
            "UPDATE plan_scorecard_t SET status = 'dat' WHERE target_id = 'P2.4c' AND period = '2022-02' AND level = 'toan_tinh'"
        )
        w.execute(
            "UPDATE plan_scorecard_t SET group_key = task WHERE target_id = 'P1.I.1' AND period = '2022-03' AND level = 'toan_tinh'"
        )
        checks = {
            c.name: c
            for c in parse_checks((SQL_DIR / "scorecard/plan_scorecard_t/checks.sql").read_text(encoding="utf-8"))
        }
        found = {n: w.execute(checks[n].sql).fetchall() for n in names}
    finally:
        w.close()
    assert [r[1] for r in found["scorecard_tracking_without_threshold"]] == ["P2.6c"]
    assert [(r[1], r[2]) for r in found["scorecard_status_matches_threshold"]] == [("P2.4c", "2022-02")]
    assert [r[1] for r in found["scorecard_milestone_group_key_empty"]] == ["P1.I.1"]

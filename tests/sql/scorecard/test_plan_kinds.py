"""plan_scorecard for what real plans say (docs/plan-format.md): `kind: count`, `direction:
at_most`, staged thresholds (`stages`), thresholds per unit (`threshold_by_unit`, a district's
covering its communes), the plan's validity, and several plans in one warehouse.

Hand-made world (as of 30/06/2022), every answer worked out in the comments. Agencies: the
province's department TINH, two districts H1 and H2, commune X1 of H1 and commune X2 of H2
(`ma_don_vi_cha`).

online_dossier_rate (denominator: dossiers received in P with muc_do >= 3 at a non-tw agency;
numerator: those submitted online, kenh 2):
    12/2021  TINH 1 dossier, online                           (outside the 2022 plan's validity)
    02/2022  TINH 1 dossier, not online                       -> 0/1
    03/2022  TINH 4 dossiers, 1 online                        -> tinh 1/4 = 0.25
             H1   2 dossiers, 1 online                        -> huyen 1/2 = 0.5
             X1   2 dossiers, 2 online; X2 2 dossiers, none   -> xa 2/4 = 0.5
             toan_tinh (1 + 1 + 2 + 0) / (4 + 2 + 2 + 2)      -> 4/10 = 0.4
    04, 05/2022 nothing                                       -> 0/0
    06/2022  TINH 2 dossiers, 2 online                        -> 2/2 = 1.0
    2022-Q1 = 4/11, 2022-Q2 = 2/2, year 2022 (E 30/06) = 6/13
regulatory_activity_count, activity kiem_tra (NHIEMVU rows, one per agency and code, so_luong
empty = 1): done 10/03/2022 at TINH, 20/03/2022 at H1, 05/06/2022 at X1 -> 03: 2, 04: 0, 06: 1,
year: 3
"""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.reports.plan import run_plan
from pipelines.warehouse.plan import PlanError, choose_run_plan, load_plans
from tests.sql.records import HATINH_PLAN, OTHER_PLAN, danhgia, nhiemvu, scorecard
from tests.warehouse import helpers
from tests.warehouse.helpers import agency, build_from_records, hoso, rows

TINH, H1, H2 = "000.00.12.H27", "000.00.30.H27", "000.00.31.H27"
X1, X2 = "001.30.01.H27", "001.31.01.H27"
AGENCIES = [
    agency(TINH, "tinh", "Sở Tư pháp"),
    agency(H1, "huyen", "UBND huyện Cẩm Xuyên"),
    agency(H2, "huyen", "UBND huyện Kỳ Anh"),
    agency(X1, "xa", "UBND xã Cẩm Bình", ma_don_vi_cha=H1),
    agency(X2, "xa", "UBND xã Kỳ Phong", ma_don_vi_cha=H2),
]


def _dossiers(prefix: str, at: str, when: str, n: int, online: int) -> list[dict]:
    return [hoso(f"{prefix}{i}", when, 4, ma_don_vi=at, muc_do=3, kenh=2 if i < online else 1) for i in range(n)]


DOSSIERS = [
    *_dossiers("D", TINH, "2021-12-10 08:00", 1, 1),
    *_dossiers("F", TINH, "2022-02-10 08:00", 1, 0),
    *_dossiers("T", TINH, "2022-03-10 08:00", 4, 1),
    *_dossiers("H", H1, "2022-03-10 08:00", 2, 1),
    *_dossiers("A", X1, "2022-03-10 08:00", 2, 2),
    *_dossiers("B", X2, "2022-03-10 08:00", 2, 0),
    *_dossiers("J", TINH, "2022-06-10 08:00", 2, 2),
]
REGISTER = [
    nhiemvu("kiem_tra", TINH, "2022-12-31", "2022-03-10"),
    nhiemvu("kiem_tra", H1, "2022-12-31", "2022-03-20"),
    nhiemvu("kiem_tra", X1, "2022-12-31", "2022-06-05"),
]

PLAN = f"""\
plan:
  id: kinds-2022
  decision: 1/QĐ-UBND
  province: {{ name: Tỉnh Thử Nghiệm, gso_code: "99" }}
  year: 2022
targets:
  - id: R.AL
    kind: ratio
    metric: online_dossier_rate
    threshold: 0.4
  - id: R.AM
    kind: ratio
    metric: online_dossier_rate
    direction: at_most
    threshold: 0.4
  - id: R.ST
    kind: ratio
    metric: online_dossier_rate
    stages: [{{ from: 2022-03-31, threshold: 0.3 }}, {{ from: 2022-06-30, threshold: 0.9 }}]
  - id: R.UN
    kind: ratio
    metric: online_dossier_rate
    threshold: 0.6
    threshold_by_unit: {{ "{H1}": 0.5, "{H2}": 0.9, "{X1}": 1.0 }}
  - id: C.AL
    kind: count
    metric: regulatory_activity_count
    activity: kiem_tra
    threshold: 2
    threshold_by_unit: {{ "{TINH}": 1 }}
  - id: C.AM
    kind: count
    metric: regulatory_activity_count
    activity: kiem_tra
    direction: at_most
    threshold: 1
"""
# A second plan in the same warehouse, valid only from April to June 2022
MID_PLAN = """\
plan:
  id: mid-2022
  valid_from: 2022-04-01
  valid_to: 2022-06-30
targets:
  - id: V.1
    kind: ratio
    metric: online_dossier_rate
    threshold: 0.5
"""


_BUILD: dict = {}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kinds")
    (tmp / "kinds.yaml").write_text(PLAN, encoding="utf-8")
    (tmp / "mid.yaml").write_text(MID_PLAN, encoding="utf-8")
    c = build_from_records(
        tmp,
        {"donvi": AGENCIES, "hoso": DOSSIERS, "nhiemvu": REGISTER},
        as_of=date(2022, 6, 30),
        plan_paths=[tmp / "kinds.yaml", tmp / "mid.yaml"],
    )
    _BUILD["result"] = helpers.last_result
    yield c
    c.close()


def card(con, target, period, level="toan_tinh", ma_don_vi=None, plan_id="kinds-2022"):
    r = scorecard(con, target, period, level, group_key=_group(target), ma_don_vi=ma_don_vi, plan_id=plan_id)
    return r["value"], r["threshold"], r["status"]


def _group(target: str) -> str | None:
    return "kiem_tra" if target.startswith("C.") else None


def test_every_check_passes(con):
    # the scorecard's own checks (status known, status matches threshold and direction, periods
    # within validity ...) hold on this world
    result = _BUILD["result"]
    names = {c["name"] for c in result.checks}
    assert {"scorecard_status_matches_threshold", "scorecard_periods_within_validity"} <= names
    assert [c for c in result.failed_checks if c["name"].startswith("scorecard_")] == []
    # every unit of threshold_by_unit is in dim_agency: the warning has no row
    assert not helpers.check(result, "scorecard_unit_threshold_agency_known")["failing_rows"]


# ------------------------------------------------------------------------------ direction


def test_at_least_is_dat_from_the_threshold_up(con):
    # R.AL, threshold 0.4, March: toan_tinh 0.4 = threshold -> dat; tinh 0.25 -> chua_dat;
    # huyen 0.5 -> dat
    assert card(con, "R.AL", "2022-03") == (0.4, 0.4, "dat")
    assert card(con, "R.AL", "2022-03", "tinh") == (0.25, 0.4, "chua_dat")
    assert card(con, "R.AL", "2022-03", "huyen") == (0.5, 0.4, "dat")
    assert scorecard(con, "R.AL", "2022-03", plan_id="kinds-2022")["direction"] == "at_least"


def test_at_most_is_dat_up_to_the_threshold(con):
    # R.AM, "không quá 40%": toan_tinh 0.4 = threshold -> dat (the bound is allowed);
    # tinh 0.25 -> dat; huyen 0.5 -> chua_dat; June 1.0 -> chua_dat; April 0/0 -> khong_co_du_lieu
    assert card(con, "R.AM", "2022-03") == (0.4, 0.4, "dat")
    assert card(con, "R.AM", "2022-03", "tinh") == (0.25, 0.4, "dat")
    assert card(con, "R.AM", "2022-03", "huyen") == (0.5, 0.4, "chua_dat")
    assert card(con, "R.AM", "2022-06") == (1.0, 0.4, "chua_dat")
    assert card(con, "R.AM", "2022-04") == (None, 0.4, "khong_co_du_lieu")
    assert scorecard(con, "R.AM", "2022-03", plan_id="kinds-2022")["direction"] == "at_most"


# ------------------------------------------------------------------------------ count


def test_count_at_least_n_in_the_period(con):
    # C.AL "ít nhất 2 cuộc kiểm tra": March 2 -> dat; June 1 -> chua_dat; April 0 -> chua_dat
    # (a count of 0 is a value: nothing was done; never khong_co_du_lieu); year 3 -> dat
    assert card(con, "C.AL", "2022-03") == (2, 2, "dat")
    assert card(con, "C.AL", "2022-06") == (1, 2, "chua_dat")
    assert card(con, "C.AL", "2022-04") == (0, 2, "chua_dat")
    assert card(con, "C.AL", "2022") == (3, 2, "dat")
    r = scorecard(con, "C.AL", "2022-03", group_key="kiem_tra", plan_id="kinds-2022")
    assert (r["kind"], r["denominator"]) == ("count", None)


def test_count_at_most_n_in_the_period(con):
    # C.AM "không quá 1": March 2 -> chua_dat; June 1 -> dat; April 0 -> dat
    assert card(con, "C.AM", "2022-03") == (2, 1, "chua_dat")
    assert card(con, "C.AM", "2022-06") == (1, 1, "dat")
    assert card(con, "C.AM", "2022-04") == (0, 1, "dat")


def test_count_threshold_per_unit(con):
    # C.AL, March, agency rows: TINH has its own threshold 1 (1 done -> dat, where the target's
    # 2 would give chua_dat); H1 has none: the target's 2, 1 done -> chua_dat
    assert card(con, "C.AL", "2022-03", "tinh", TINH) == (1, 1, "dat")
    assert card(con, "C.AL", "2022-03", "huyen", H1) == (1, 2, "chua_dat")
    # TINH in April: no activity, yet its row exists (it has a threshold of its own): 0 -> chua_dat
    assert card(con, "C.AL", "2022-04", "tinh", TINH) == (0, 1, "chua_dat")


# ------------------------------------------------------------------------------ stages


def test_stages_apply_to_periods_ending_on_or_after_their_date(con):
    # R.ST: 0.3 from 31/03/2022, 0.9 from 30/06/2022
    # February ends 28/02, before the first stage: no threshold yet -> chua_den_han (0/1 is not
    # chua_dat: the target did not apply yet)
    assert card(con, "R.ST", "2022-02") == (0.0, None, "chua_den_han")
    # March and Q1 end 31/03: first stage, 0.3; 0.4 and 4/11 -> dat
    assert card(con, "R.ST", "2022-03") == (0.4, 0.3, "dat")
    value, threshold, status = card(con, "R.ST", "2022-Q1")
    assert (round(value, 6), threshold, status) == (round(4 / 11, 6), 0.3, "dat")
    # April ends 30/04: still 0.3; no dossiers -> khong_co_du_lieu
    assert card(con, "R.ST", "2022-04") == (None, 0.3, "khong_co_du_lieu")
    # June and Q2 end 30/06: second stage 0.9; 2/2 -> dat
    assert card(con, "R.ST", "2022-06") == (1.0, 0.9, "dat")
    assert card(con, "R.ST", "2022-Q2") == (1.0, 0.9, "dat")
    # the year ends 31/12: 0.9; 6/13 -> chua_dat
    value, threshold, status = card(con, "R.ST", "2022")
    assert (round(value, 6), threshold, status) == (round(6 / 13, 6), 0.9, "chua_dat")
    # the level rows follow the same stage: tinh in February, no threshold
    assert card(con, "R.ST", "2022-02", "tinh") == (0.0, None, "chua_den_han")


# ------------------------------------------------------------------------------ per unit


def test_unit_threshold_covers_the_district_and_its_communes(con):
    # R.UN: target 0.6; H1 0.5, H2 0.9, X1 1.0 (its own, ahead of its district's)
    # March agency rows:
    assert card(con, "R.UN", "2022-03", "tinh", TINH) == (0.25, 0.6, "chua_dat")  # no unit threshold
    assert card(con, "R.UN", "2022-03", "huyen", H1) == (0.5, 0.5, "dat")  # its own 0.5
    assert card(con, "R.UN", "2022-03", "xa", X1) == (1.0, 1.0, "dat")  # its own 1.0, not H1's 0.5
    assert card(con, "R.UN", "2022-03", "xa", X2) == (0.0, 0.9, "chua_dat")  # its district H2's 0.9
    # H2 received nothing: its row exists because it has a threshold, with no data
    assert card(con, "R.UN", "2022-03", "huyen", H2) == (None, 0.9, "khong_co_du_lieu")
    # the level and province rows keep the target's threshold: xa 2/4 = 0.5 -> chua_dat
    assert card(con, "R.UN", "2022-03", "xa") == (0.5, 0.6, "chua_dat")
    assert card(con, "R.UN", "2022-03") == (0.4, 0.6, "chua_dat")


def test_an_agency_without_threshold_or_facts_has_no_row(con):
    # X1 has no dossier in April: an agency row appears only with facts or a threshold of its own
    # (X1 has one: its row exists); TINH has neither in R.AL's April
    assert (
        rows(
            con,
            "SELECT 1 FROM plan_scorecard WHERE target_id = 'R.AL' AND period = '2022-04' AND ma_don_vi IS NOT NULL",
        )
        == []
    )
    assert card(con, "R.UN", "2022-04", "xa", X1) == (None, 1.0, "khong_co_du_lieu")


# ------------------------------------------------------------------------------ validity


def test_a_plan_scores_only_the_periods_within_its_validity(con):
    # the data reach back to 12/2021 (dim_period has 2021-12, 2021-Q4 and 2021) ...
    assert {"2021-12", "2021-Q4", "2021"} <= {r["period"] for r in rows(con, "SELECT period FROM dim_period")}
    # ... but kinds-2022 (year 2022: 01/01–31/12/2022) scores none of them
    scored = {r["period"] for r in rows(con, "SELECT DISTINCT period FROM plan_scorecard WHERE plan_id = 'kinds-2022'")}
    months = {f"2022-{m:02d}" for m in range(1, 7)}
    assert scored == months | {"2022-Q1", "2022-Q2", "2022"}
    # mid-2022 (01/04–30/06/2022) scores April, May, June and Q2 only: not Q1, nor the year,
    # which reach outside it
    mid = {r["period"] for r in rows(con, "SELECT DISTINCT period FROM plan_scorecard WHERE plan_id = 'mid-2022'")}
    assert mid == {"2022-04", "2022-05", "2022-06", "2022-Q2"}
    # and its V.1 in June: 2/2 >= 0.5 -> dat
    assert card(con, "V.1", "2022-06", plan_id="mid-2022") == (1.0, 0.5, "dat")


# ------------------------------------------------------------------------------ several plans

# A world that both shipped/fixture plans can read: Hà Tĩnh 2022 and Quảng Bình 2023
TWO_YEARS = {
    "donvi": AGENCIES,
    "hoso": [
        hoso("K1", "2022-03-01 08:00", 4, ma_don_vi=TINH, muc_do=3, kenh=2, ten_linh_vuc="Đất đai"),
        hoso("K2", "2022-03-02 08:00", 4, ma_don_vi=H1, muc_do=3, ten_linh_vuc="Xây dựng"),
        hoso("Q1", "2023-02-01 08:00", 4, ma_don_vi=TINH, da_so_hoa_ket_qua=True, ten_linh_vuc="Hộ tịch"),
        hoso("Q2", "2023-02-01 08:00", 4, ma_don_vi=H1, da_so_hoa_ket_qua=False, ten_linh_vuc="Đất đai"),
    ],
    "danhgia": [
        danhgia("V1", "K1", "2022-03-05 08:00", 5),
        danhgia("V2", "K2", "2022-03-05 08:00", 2),
        danhgia("V3", "Q1", "2023-02-05 08:00", 5),
        danhgia("V4", "Q2", "2023-02-05 08:00", 3),
    ],
    "nhiemvu": [
        nhiemvu("P2.7", TINH, "2022-06-30", "2022-05-01"),
        nhiemvu("QB.5", TINH, "2023-04-30"),
        nhiemvu("kiem_tra", TINH, "2023-12-31", "2023-02-10"),
    ],
}


def _scorecard_of(con, plan_id):
    cur = con.execute("SELECT * FROM plan_scorecard WHERE plan_id = ? ORDER BY ALL", [plan_id])
    return [d[0] for d in cur.description], cur.fetchall()


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("two")
    asof = date(2023, 3, 31)
    built = {}
    for name, paths in {
        "hatinh": [HATINH_PLAN],
        "other": [OTHER_PLAN],
        "both": choose_run_plan([HATINH_PLAN, OTHER_PLAN], "quangbinh-2023"),
    }.items():
        c = build_from_records(tmp, TWO_YEARS, as_of=asof, plan_paths=paths, name=f"{name}.duckdb")
        built[name] = c
    yield built
    for c in built.values():
        c.close()


def test_two_plans_together_give_each_the_scorecard_it_gives_alone(two_plans):
    # the same data, built with Hà Tĩnh 2022 alone, Quảng Bình 2023 alone, and both: each plan's
    # rows of the joint warehouse equal, row for row, those of its warehouse alone
    for plan_id, alone in (("hatinh-2022", "hatinh"), ("quangbinh-2023", "other")):
        cols, own = _scorecard_of(two_plans[alone], plan_id)
        cols_both, joint = _scorecard_of(two_plans["both"], plan_id)
        assert cols == cols_both
        assert own and joint == own, plan_id
    # each plan scores its own year only: Hà Tĩnh 2022 no 2023 period, Quảng Bình 2023 no 2022 one
    years = {
        (r["plan_id"], r["period"][:4])
        for r in rows(two_plans["both"], "SELECT DISTINCT plan_id, period FROM plan_scorecard")
    }
    assert years == {("hatinh-2022", "2022"), ("quangbinh-2023", "2023")}


def test_the_chosen_plan_is_the_run_plan_with_its_province_and_decision(two_plans):
    # choose_run_plan(..., "quangbinh-2023") (motcua run --plan / MOTCUA_PLAN) put it first:
    # run_params, plan_info.sort_order 1, and the reports' plan row (province, decision)
    both = two_plans["both"]
    assert rows(both, "SELECT plan_id FROM run_params")[0]["plan_id"] == "quangbinh-2023"
    p = run_plan(both)
    assert (p["plan_id"], p["province_name"], p["decision"], p["sort_order"]) == (
        "quangbinh-2023",
        "Tỉnh Quảng Bình",
        "999/QĐ-UBND",
        1,
    )
    # each plan alone names its own province and decision
    assert (run_plan(two_plans["hatinh"])["province_name"], run_plan(two_plans["hatinh"])["decision"]) == (
        "Tỉnh Hà Tĩnh",
        "461/QĐ-UBND",
    )


def test_choose_run_plan_refuses_an_unknown_plan_id():
    # no silent fallback to the first file: the ids that exist are listed
    with pytest.raises(PlanError, match='không có kế hoạch "hanoi-2024" trong các tệp kế hoạch'):
        choose_run_plan([HATINH_PLAN, OTHER_PLAN], "hanoi-2024")
    # without an id the order is kept (the first file by name is the run's plan)
    assert choose_run_plan([HATINH_PLAN, OTHER_PLAN], None) == [HATINH_PLAN, OTHER_PLAN]


def test_two_plans_may_not_give_one_field_group_different_fields(tmp_path):
    # field groups belong to their plan; the metric satisfaction_rate_by_field_group counts a
    # dossier under a group key, so one key with two meanings would mix the plans: refused
    other = tmp_path / "other.yaml"
    other.write_text(
        OTHER_PLAN.read_text(encoding="utf-8").replace('dat_dai: ["Đất đai"]', 'dat_dai: ["Đất đai", "Môi trường"]'),
        encoding="utf-8",
    )
    import duckdb

    with pytest.raises(PlanError, match='nhóm lĩnh vực "dat_dai" của kế hoạch quangbinh-2023 khác nhóm cùng mã'):
        load_plans(duckdb.connect(), [HATINH_PLAN, other])

"""2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn (docs/index-766.md §3), over the worked examples A and C
(tests/sql/worlds/index766.py), month 2022-03, E = 31/03/2022."""

from __future__ import annotations

from pytest import approx

from tests.sql.index766.helpers import facts, indicator
from tests.sql.worlds.index766 import TW, B, C, X


def test_example_a_population_and_on_time(example_ac):
    # d = a 31 + b 3 + c 3 + d 1 + e 1 + f 1 + g 4 + h 1 = 45 (g, h received in February, ended in March)
    # n = a 31 + c 3 + e 1 + g 4 = 39 (b, h ended late; d open past its due 29/03; f waits after 2 requests)
    got = facts(example_ac, "2.1", "2022-03", X)
    assert len(got) == 45
    late = sorted(k for k, f in got.items() if not f["is_favourable"])
    assert late == ["XB1", "XB2", "XB3", "XD1", "XF1", "XH1"]
    assert all(f["in_denominator"] for f in got.values())


def test_example_a_points(example_ac):
    # r = 39/45 = 0.866667; lin: 20 × r = 17.333333; lost 2.666667; k = 45 − 39 = 6
    row = indicator(example_ac, "2.1", "2022-03", "xa", X)
    assert (row["numerator"], row["denominator"]) == (39, 45)
    assert row["ratio"] == approx(39 / 45)
    assert row["threshold"] == 1.0 and row["max_points"] == 20
    assert row["points"] == approx(20 * 39 / 45) == approx(17.333333, abs=1e-6)
    assert row["points_lost"] == approx(20 - 20 * 39 / 45) == approx(2.666667, abs=1e-6)
    assert row["k_to_threshold"] == 6
    assert row["status"] == "tinh_diem" and row["version"] == "qd766-2022"
    # March 2022 starts before the system's official start (01/08/2022)
    assert "truoc_van_hanh" in row["flags"]


def test_example_c_units_and_province_computed_directly(example_ac):
    # B 390/400 → 19.5; C 50/60 → 16.666667 (its phòng C1's 10 dossiers count for C)
    b = indicator(example_ac, "2.1", "2022-03", "tinh", B)
    c = indicator(example_ac, "2.1", "2022-03", "huyen", C)
    assert (b["numerator"], b["denominator"], b["points"]) == (390, 400, approx(19.5))
    assert (c["numerator"], c["denominator"], c["points"]) == (50, 60, approx(20 * 50 / 60))
    # province: 479/505 = 0.948515 → 18.970297, lost 1.029703; the mean of the unit points would
    # be (17.333333 + 19.5 + 16.666667) / 3 = 17.833333 (§8 A15: never)
    prov = indicator(example_ac, "2.1", "2022-03", "toan_tinh")
    assert (prov["numerator"], prov["denominator"]) == (479, 505)
    assert prov["points"] == approx(18.970297, abs=1e-6)
    assert prov["points_lost"] == approx(1.029703, abs=1e-6)
    assert prov["k_to_threshold"] == 26
    assert prov["points"] != approx((17.333333 + 19.5 + 16.666667) / 3, abs=1e-3)


def test_district_area_includes_its_communes(example_ac):
    # dia_ban_huyen C = C's 60 + commune X's 45 = 105, n = 50 + 39 = 89; the huyện's own figure
    # (above) excludes X (§8 A13)
    area = indicator(example_ac, "2.1", "2022-03", "dia_ban_huyen", C)
    assert (area["numerator"], area["denominator"]) == (89, 105)
    assert area["points"] == approx(20 * 89 / 105)


def test_central_agency_outside_the_province(example_ac):
    # TW's 5 late dossiers: its own figure is computed (0/5) but not scored (scope tinh, huyen, xa:
    # khong_ap_dung, full points) and not in toan_tinh (include_tw false, §8 A14): 505, not 510
    tw = indicator(example_ac, "2.1", "2022-03", "tw", TW)
    assert (tw["numerator"], tw["denominator"]) == (0, 5)
    assert (tw["status"], tw["points"], tw["points_lost"]) == ("khong_ap_dung", 20, 0)
    assert indicator(example_ac, "2.1", "2022-03", "toan_tinh")["denominator"] == 505


def test_a_quarter_is_its_own_population(example_ac):
    # 2022-Q1 (E = 31/03): the same 505 dossiers as March (g, h received in February end in March,
    # inside Q1). February alone (E = 28/02): g and h are open and before their due 15/03 → 5/5 on
    # time. Summing months would count g and h twice (Feb 5 + Mar 505).
    q1 = indicator(example_ac, "2.1", "2022-Q1", "toan_tinh")
    assert (q1["numerator"], q1["denominator"]) == (479, 505)
    feb = indicator(example_ac, "2.1", "2022-02", "xa", X)
    assert (feb["numerator"], feb["denominator"]) == (5, 5)

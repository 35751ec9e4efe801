"""1.1 Tỷ lệ TTHC công bố đúng hạn (docs/index-766.md §3), rules-world catalogue, March 2022.
wd_sub(10/03, 5) = 03/03 (09, 08, 07, 04, 03); wd_sub(22/03, 5) = 15/03; wd_sub(30/04, 5) = 25/04."""

from __future__ import annotations

from pytest import approx

from tests.sql.index766.helpers import facts, indicator, loss
from tests.sql.worlds.index766 import B2, B


def test_every_decision_of_the_period_must_be_on_time(rules_world):
    # P1 QĐ 01/03 ≤ 03/03 on time; P2 QĐ 07/03 late; P3 QĐ 01/03 on time but QĐ 20/03 (snapshot
    # 01/04, effective 22/03) > 15/03 → late for the whole month; P4 on time, no lead agency
    got = facts(rules_world, "1.1", "2022-03")
    assert {k: f["is_favourable"] for k, f in got.items() if k.startswith("P")} == {
        "P1": True,
        "P2": False,
        "P3": False,
        "P4": True,
    }
    assert got["P4"]["ma_don_vi"] is None and got["P1"]["ma_don_vi"] == B


def test_points_by_lead_agency_and_province(rules_world):
    # B: P1–P3 → 1/3 → 6 × 1/3 = 2; B2: Q1–Q4 (QĐ in March, effective 30/04) → 4/4 → 6;
    # province: the 8 procedures, 6 on time → 4.5 (P4 counts only there)
    b = indicator(rules_world, "1.1", "2022-03", "tinh", B)
    assert (b["numerator"], b["denominator"], b["points"], b["k_to_threshold"]) == (1, 3, approx(2.0), 2)
    assert indicator(rules_world, "1.1", "2022-03", "tinh", B2)["points"] == 6
    prov = indicator(rules_world, "1.1", "2022-03", "toan_tinh")
    assert (prov["numerator"], prov["denominator"], prov["points"]) == (6, 8, approx(4.5))


def test_loss_goes_to_the_lead_agency(rules_world):
    # province lost 1.5; unfavourable: B 2, B2 0, no lead agency 0 → B's share 1.5;
    # gain if B fixed its 2: 6 × 8/8 − 4.5 = 1.5
    got = loss(rules_world, "1.1", "2022-03")
    assert got[B]["share_of_province_loss"] == approx(1.5) and got[B2]["share_of_province_loss"] == 0
    assert got[B]["province_gain_if_fixed"] == approx(1.5)
    assert got[None]["level"] == "khong_gan_don_vi" and got[None]["unfavourable"] == 0

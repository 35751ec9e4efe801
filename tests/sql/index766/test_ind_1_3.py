"""1.3 Tỷ lệ TTHC được công khai có đầy đủ các bộ phận tạo thành (docs/index-766.md §3): the state
of the catalogue at E (rules world, March 2022, snapshot of 15/03)."""

from __future__ import annotations

from pytest import approx

from tests.sql.index766.helpers import facts, indicator
from tests.sql.worlds.index766 import B2, B


def test_seven_components(rules_world):
    # publicised: P1–P4, Q1, Q2, Q5, T5, TD, TG, TN (Q3, Q4 chưa công khai: out) = 11;
    # Q2 lacks its deadline, Q5's target group is empty (not proved) → 9/11
    got = facts(rules_world, "1.3", "2022-03")
    assert len(got) == 11 and "Q3" not in got
    assert sorted(k for k, f in got.items() if not f["is_favourable"]) == ["Q2", "Q5"]
    prov = indicator(rules_world, "1.3", "2022-03", "toan_tinh")
    assert (prov["numerator"], prov["denominator"], prov["points"]) == (9, 11, approx(2 * 9 / 11))


def test_by_lead_agency(rules_world):
    # B: P1–P3 complete → 2; B2: Q1 of Q1, Q2, Q5 → 2 × 1/3
    assert indicator(rules_world, "1.3", "2022-03", "tinh", B)["points"] == 2
    b2 = indicator(rules_world, "1.3", "2022-03", "tinh", B2)
    assert (b2["numerator"], b2["denominator"], b2["points"]) == (1, 3, approx(2 / 3))

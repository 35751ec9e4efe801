"""1.2 Tỷ lệ TTHC được cập nhật, công khai đúng hạn (docs/index-766.md §3), rules world, March 2022
(catalogue of E = the snapshot of 15/03). wd_add(01/03, 5) = 08/03; wd_add(28/03, 5) = 04/04."""

from __future__ import annotations

from pytest import approx

from tests.sql.index766.helpers import facts, indicator
from tests.sql.worlds.index766 import B2, B


def test_publicised_in_period_and_due_unpublicised(rules_world):
    # Q1 publicised 08/03 ≤ 08/03 → on time; Q2 10/03 → late; Q3 not publicised, due 08/03 ≤ E →
    # late; Q4 due 04/04 > E → not yet; Q5, P*, T* publicised in February → not in March
    got = facts(rules_world, "1.2", "2022-03")
    assert {k: f["is_favourable"] for k, f in got.items()} == {"Q1": True, "Q2": False, "Q3": False}
    b2 = indicator(rules_world, "1.2", "2022-03", "tinh", B2)
    assert (b2["numerator"], b2["denominator"], b2["points"]) == (1, 3, approx(4 / 3))


def test_q4_falls_due_in_april(rules_world):
    # April (E = D = 05/04, snapshot 01/04): Q4 due 04/04 ≤ E, still unpublicised → late; Q3 stays late
    got = facts(rules_world, "1.2", "2022-04")
    assert {k: f["is_favourable"] for k, f in got.items()} == {"Q3": False, "Q4": False}


def test_a_lead_agency_with_nothing_due(rules_world):
    row = indicator(rules_world, "1.2", "2022-03", "tinh", B)
    assert (row["status"], row["points"]) == ("khong_phat_sinh", 4)

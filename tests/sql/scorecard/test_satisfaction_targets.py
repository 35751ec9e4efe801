"""Scorecard rows of the satisfaction targets P2.6a and P2.6b over the evaluations world
(tests/sql/worlds/evaluations.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import scorecard


@pytest.fixture(scope="module")
def con(evaluations_con):
    return evaluations_con


def test_scorecard_ratio_threshold_and_field_groups(con):
    # P2.6a (threshold 0.90, scope all four levels): 2022 = 4/5 = 0.8 -> chua_dat;
    # 2022-06 = 1/1 -> dat; 2022-04: no evaluation -> khong_co_du_lieu (never 0%)
    r = scorecard(con, "P2.6a", "2022")
    assert (r["numerator"], r["denominator"], r["threshold"], r["status"]) == (4, 5, 0.9, "chua_dat")
    assert scorecard(con, "P2.6a", "2022-06")["status"] == "dat"
    r = scorecard(con, "P2.6a", "2022-04")
    assert (r["denominator"], r["value"], r["status"]) == (0, None, "khong_co_du_lieu")
    # P2.6b (0.85 per group): dat_dai 1.0 dat, xay_dung 0.5 chua_dat, dau_tu 1.0 dat;
    # the summary row (group_key empty) pools the groups (3/4) and is dat only if every group is;
    # it has no threshold of its own: it is judged by its groups, not against its pooled value
    assert scorecard(con, "P2.6b", "2022", group_key="dat_dai")["status"] == "dat"
    assert scorecard(con, "P2.6b", "2022", group_key="xay_dung")["status"] == "chua_dat"
    assert scorecard(con, "P2.6b", "2022", group_key="dau_tu")["status"] == "dat"
    s = scorecard(con, "P2.6b", "2022")
    assert (s["numerator"], s["denominator"], s["threshold"], s["status"]) == (3, 4, None, "chua_dat")
    # 2022-06: only dau_tu has data (dat); the others have none -> summary khong_co_du_lieu
    assert scorecard(con, "P2.6b", "2022-06", group_key="dau_tu")["status"] == "dat"
    assert scorecard(con, "P2.6b", "2022-06")["status"] == "khong_co_du_lieu"

"""feedback_transfer_on_time_rate: hand-made cases over the feedback world (tests/sql/worlds/feedback.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd, scorecard
from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(feedback_con):
    return feedback_con


def test_transfer_within_5_working_days_over_tet(con):
    # 2022-01: K1 on time, K2 late -> 1/2; K1 at tinh 1/1, K2 (unknown agency) only province-wide
    assert nvd(con, "feedback_transfer_on_time_rate", "2022-01") == (1, 2)
    assert nvd(con, "feedback_transfer_on_time_rate", "2022-01", "tinh") == (1, 1)
    # P1.V.1 has no scope: its toan_tinh is metric_values' (level-less K2 included) -> 1/2,
    # tracking -> theo_doi; P1.V.2 is tracking too: no threshold, its 100% is a reference
    # (QĐ 766 chỉ số 5.2), carried as reference_value, never as threshold
    r = scorecard(con, "P1.V.1", "2022-01")
    assert (r["numerator"], r["denominator"], r["status"]) == (1, 2, "theo_doi")
    p = scorecard(con, "P1.V.2", "2022-03")
    assert (p["threshold"], p["reference_value"]) == (None, 1.0)


def test_never_transferred_late_once_past_deadline(con):
    # 2022-06 (E 30/06): K3 (deadline 29/06) and K9 (transfer after D) late; K6 (deadline = E)
    # and K4 (deadline 01/07) not yet counted -> 0/2
    assert nvd(con, "feedback_transfer_on_time_rate", "2022-06") == (0, 2)
    units = {
        r["unit_id"]
        for r in rows(
            con,
            "SELECT unit_id FROM metric_facts WHERE metric_id = "
            "'feedback_transfer_on_time_rate' AND period = '2022-06'",
        )
    }
    assert units == {"K3", "K9"}
    # year: K1 1, K2 0, K3 0, K9 0, and K7, K8 (never transferred, received in April and May,
    # long past their 5th working day) 0 -> 1/6 (K5 out of scope; K4, K6 not yet due)
    assert nvd(con, "feedback_transfer_on_time_rate", "2022") == (1, 6)

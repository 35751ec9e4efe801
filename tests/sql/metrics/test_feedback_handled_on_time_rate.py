"""feedback_handled_on_time_rate: hand-made cases over the feedback world (tests/sql/worlds/feedback.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(feedback_con):
    return feedback_con


def test_handled_within_15_working_days(con):
    # 2022-02: K1, K2 start in Feb but their deadlines (03/03, 04/03) are after E (28/02) and
    # they were not handled in Feb -> nothing
    assert nvd(con, "feedback_handled_on_time_rate", "2022-02") == (0, 0)
    # 2022-03: handled in March: K1 on time, K2 late -> 1/2
    assert nvd(con, "feedback_handled_on_time_rate", "2022-03") == (1, 2)
    # 2022-04: K7 deadline 25/04 <= E, no result -> 0/1; 2022-05: K8 on the deadline day -> 1/1
    assert nvd(con, "feedback_handled_on_time_rate", "2022-04") == (0, 1)
    assert nvd(con, "feedback_handled_on_time_rate", "2022-05") == (1, 1)
    # year (E 30/06): K1 1, K2 0, K7 0, K8 1; K3/K4/K6/K9 deadlines after 30/06 -> 2/4
    assert nvd(con, "feedback_handled_on_time_rate", "2022") == (2, 4)

"""The working-day deadlines of the feedback metrics (macros wd_add, sql/macros/working_days.sql),
over the feedback world (tests/sql/worlds/feedback.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(feedback_con):
    return feedback_con


def test_working_day_deadlines(con):
    got = rows(
        con,
        "SELECT wd_add(DATE '2022-01-27', 5) AS a, wd_add(DATE '2022-02-10', 15) AS b, "
        "wd_add(DATE '2022-04-01', 15) AS c, wd_add(DATE '2022-06-22', 5) AS d",
    )[0]
    assert got == {"a": date(2022, 2, 10), "b": date(2022, 3, 3), "c": date(2022, 4, 25), "d": date(2022, 6, 29)}

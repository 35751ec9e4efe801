"""task_completion_rate and its milestone statuses: hand-made cases over the registers world
(tests/sql/worlds/registers.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd, scorecard


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def test_task_completion_and_milestone_statuses(con):
    # task_completion_rate of P2.7 in 2022: rows due by E (30/09): 1 of 2 on time
    assert nvd(con, "task_completion_rate", "2022", group_key="P2.7") == (1, 2)

    def s(tid, period="2022"):
        # milestone rows have an empty group_key (metrics.md, "Output contract")
        return scorecard(con, tid, period)["status"]

    assert s("P1.I.1") == "dat"  # due 31/03, done on time
    assert s("P2.7") == "chua_dat"  # 1/2
    assert s("P1.II.2") == "chua_dat"  # due 31/08 <= E, not done: 0/1
    assert s("P1.II.2", "2022-06") == "chua_den_han"  # E 30/06 < due 31/08, nothing due yet
    assert s("P1.II.3") == "chua_den_han"  # due 31/12 > E and not done
    assert s("P1.VII.1") == "dat"  # done before the plan's due date: 1
    assert s("P1.I.2") == "khong_co_du_lieu"  # the register has no row for it
    assert s("P2.7", "2022-Q1") == "chua_den_han"  # Q1: due 30/06 after E 31/03
    # per level (a milestone has no scope: all four levels): tinh 1/1 dat, huyen 0/1 chua_dat,
    # xa has no register row -> khong_co_du_lieu
    assert scorecard(con, "P2.7", "2022", "tinh")["status"] == "dat"
    assert scorecard(con, "P2.7", "2022", "huyen")["status"] == "chua_dat"
    assert scorecard(con, "P2.7", "2022", "xa")["status"] == "khong_co_du_lieu"

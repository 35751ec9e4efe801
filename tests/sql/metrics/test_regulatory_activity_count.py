"""regulatory_activity_count: hand-made cases over the registers world (tests/sql/worlds/registers.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd, scorecard


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def test_activity_counts(con):
    # kiem_tra completed in April: 3 + 1 (empty so_luong) = 4; the xa row is not done
    assert nvd(con, "regulatory_activity_count", "2022-04", group_key="kiem_tra") == (4, None)
    assert nvd(con, "regulatory_activity_count", "2022", group_key="kiem_tra") == (4, None)
    assert nvd(con, "regulatory_activity_count", "2022-05", group_key="truyen_thong") == (5, None)
    # tham_dinh was completed after D: nothing yet
    assert nvd(con, "regulatory_activity_count", "2022", group_key="tham_dinh") == (0, 0)
    # milestone codes are not activities
    assert nvd(con, "regulatory_activity_count", "2022", group_key="P1.I.1") == (0, 0)
    # scorecard: tracking counts -> theo_doi with the value
    r = scorecard(con, "P1.IV.1", "2022", group_key="kiem_tra")
    assert (r["value"], r["denominator"], r["status"]) == (4, None, "theo_doi")
    r = scorecard(con, "P1.I.6", "2022", group_key="tham_dinh")
    assert (r["value"], r["status"]) == (0, "theo_doi")

"""satisfaction_rate: hand-made cases over the evaluations world (tests/sql/worlds/evaluations.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd
from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(evaluations_con):
    return evaluations_con


def test_newest_evaluation_per_dossier(con):
    # 2022-02: E0 -> 0/1.  2022-03: H1 (E2: 5) 1, H2 1, H3 0, H4 1 -> 3/4
    assert nvd(con, "satisfaction_rate", "2022-02") == (0, 1)
    assert nvd(con, "satisfaction_rate", "2022-03") == (3, 4)
    # Q1: newest of H1 within Q1 is E2 -> still 3/4 (E0 superseded)
    assert nvd(con, "satisfaction_rate", "2022-Q1") == (3, 4)
    # level = the dossier's level
    assert nvd(con, "satisfaction_rate", "2022-03", "tw") == (1, 1)
    assert nvd(con, "satisfaction_rate", "2022-03", "xa") == (0, 1)


def test_evaluation_after_as_of_ignored(con):
    # year 2022: H1 (E2) 1, H2 1, H3 0, H4 1, H5 (E6; E7 is after D) 1 -> 4/5
    assert nvd(con, "satisfaction_rate", "2022") == (4, 5)
    assert nvd(con, "satisfaction_rate", "2022-06") == (1, 1)
    assert "E7" not in {r["ma_danh_gia"] for r in rows(con, "SELECT ma_danh_gia FROM core_danhgia")}

"""regulation_cut_rate (with compliance_cost_cut_rate, summed the same way): hand-made cases over the
registers world (tests/sql/worlds/registers.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd, scorecard


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def test_regulation_and_cost_cut_sums(con):
    # 2022-05: (2 + 1) / (10 + 20) = 0.1; cost (200 + 100) / (1000 + 2000) = 0.1
    assert nvd(con, "regulation_cut_rate", "2022-05") == (3, 30)
    assert nvd(con, "compliance_cost_cut_rate", "2022-05") == (300, 3000)
    # year (the 10/2022 approval is after D): regulations 3 / 42; cost 300 / 3500
    assert nvd(con, "regulation_cut_rate", "2022") == (3, 42)
    assert nvd(con, "compliance_cost_cut_rate", "2022") == (300, 3500)
    assert nvd(con, "regulation_cut_rate", "2022-05", "huyen") == (1, 20)
    # scorecard P1.II.1a (>= 0.10): 2022-05 exactly 0.1 -> dat; year 0.071 -> chua_dat
    assert scorecard(con, "P1.II.1a", "2022-05")["status"] == "dat"
    assert scorecard(con, "P1.II.1a", "2022")["status"] == "chua_dat"
    assert scorecard(con, "P1.II.1b", "2022-05")["status"] == "dat"

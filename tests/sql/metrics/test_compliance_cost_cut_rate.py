"""compliance_cost_cut_rate: hand-made cases over the registers world (tests/sql/worlds/registers.py).
Its province-wide sums are asserted with regulation_cut_rate in test_regulation_cut_rate.py; here,
by level."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def test_compliance_cost_cut_by_level(con):
    # 2022-05: 1.000002 at huyen, cost 2000 -> 1900: 100 / 2000; 1.000001 at tinh 200 / 1000
    assert nvd(con, "compliance_cost_cut_rate", "2022-05", "huyen") == (100, 2000)
    assert nvd(con, "compliance_cost_cut_rate", "2022-05", "tinh") == (200, 1000)

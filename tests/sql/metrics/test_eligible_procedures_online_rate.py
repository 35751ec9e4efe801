"""eligible_procedures_online_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py).
The province-wide ratio of 2022-03 is asserted with the other catalogue ratios in
test_online_procedures_on_national_portal_rate.py; here, by level."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_eligible_procedures_online_by_level(con):
    # S2 eligible: X1 (tinh, huyen; level 3) and X2 (xa; level 2): huyen 1/1, xa 0/1
    assert nvd(con, "eligible_procedures_online_rate", "2022-03", "huyen") == (1, 1)
    assert nvd(con, "eligible_procedures_online_rate", "2022-03", "xa") == (0, 1)

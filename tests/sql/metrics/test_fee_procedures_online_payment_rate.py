"""fee_procedures_online_payment_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py).
The province-wide ratio of 2022-03 is asserted with the other catalogue ratios in
test_online_procedures_on_national_portal_rate.py; here, by level."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_fee_procedures_online_payment_by_level(con):
    # S2 with a fee: X1 (tinh, huyen; online payment) and X2 (xa; none): tinh 1/1, xa 0/1
    assert nvd(con, "fee_procedures_online_payment_rate", "2022-03", "tinh") == (1, 1)
    assert nvd(con, "fee_procedures_online_payment_rate", "2022-03", "xa") == (0, 1)

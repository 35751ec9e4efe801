"""online_procedures_on_national_portal_rate (and the other catalogue ratios asserted with it): hand-made
cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_other_catalogue_ratios(con):
    # S2 public: X1 (eligible, level 3, on portal, fee, payment, CSDLQG), X2 (eligible, level 2,
    # fee, no payment), X3 (not eligible, level 4, not on portal)
    assert nvd(con, "eligible_procedures_online_rate", "2022-03") == (1, 2)  # X1 / X1, X2
    assert nvd(con, "online_procedures_on_national_portal_rate", "2022-03") == (1, 2)  # X1 / X1, X3
    assert nvd(con, "fee_procedures_online_payment_rate", "2022-03") == (1, 2)  # X1 / X1, X2
    assert nvd(con, "national_database_publication_rate", "2022-03") == (1, 3)  # X1 / X1-X3
    # at huyen: X1 and X3 are level >= 3; X1 on the portal
    assert nvd(con, "online_procedures_on_national_portal_rate", "2022-03", "huyen") == (1, 2)

"""national_database_publication_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py).
The province-wide ratio of 2022-03 is asserted with the other catalogue ratios in
test_online_procedures_on_national_portal_rate.py; here, by level."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_national_database_publication_by_level(con):
    # S2 public: X1 (tinh, huyen; on the national database), X2 (xa), X3 (huyen):
    # huyen X1 / X1, X3 -> 1/2; xa 0/1
    assert nvd(con, "national_database_publication_rate", "2022-03", "huyen") == (1, 2)
    assert nvd(con, "national_database_publication_rate", "2022-03", "xa") == (0, 1)

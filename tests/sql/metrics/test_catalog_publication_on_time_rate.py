"""catalog_publication_on_time_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import nvd
from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_catalog_publication_on_time(con):
    # distinct pairs over every snapshot <= D with the decision in P:
    # 2022-01: X1 25/01 (on time, across Tết), X2 26/01 (late), I1 10/01 (on time, internal) -> 2/3
    assert nvd(con, "catalog_publication_on_time_rate", "2022-01") == (2, 3)
    # X1 (tinh, huyen) and I1 (tinh) at tinh: 2/2; X2 at xa: 0/1
    assert nvd(con, "catalog_publication_on_time_rate", "2022-01", "tinh") == (2, 2)
    assert nvd(con, "catalog_publication_on_time_rate", "2022-01", "xa") == (0, 1)
    # 2022-03: X3 02/03 on the deadline day -> 1/1; Q1: 3/4
    assert nvd(con, "catalog_publication_on_time_rate", "2022-03") == (1, 1)
    assert nvd(con, "catalog_publication_on_time_rate", "2022-Q1") == (3, 4)
    # S3 was exported after D: its decision of 10/06 is not counted
    assert nvd(con, "catalog_publication_on_time_rate", "2022-06") == (0, 0)
    # the Tết deadline itself
    assert rows(con, "SELECT wd_sub(DATE '2022-02-08', 5) AS d")[0]["d"] == date(2022, 1, 25)

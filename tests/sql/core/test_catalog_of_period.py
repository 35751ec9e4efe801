"""catalog_of_period: the catalogue of a period is the newest snapshot on or before its E
(catalogue world, tests/sql/worlds/catalog.py)."""

from __future__ import annotations

import pytest

from tests.sql.worlds.catalog import _BUILD, S1, S2
from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_catalogue_of_period_is_newest_snapshot_on_or_before_e(con):
    got = rows(
        con,
        "SELECT DISTINCT period, ngay_xuat FROM catalog_of_period "
        "WHERE period IN ('2022-01', '2022-02', '2022-03', '2022-Q1', '2022-04', '2022-06') "
        "ORDER BY period",
    )
    assert [(r["period"], str(r["ngay_xuat"])) for r in got] == [
        ("2022-01", S1),
        ("2022-02", S1),
        ("2022-03", S2),
        ("2022-04", S2),
        ("2022-06", S2),
        ("2022-Q1", S2),
    ]
    # the portal's list stays in core_catalog_snapshot and is named by a warning
    from tests.warehouse import helpers

    chk = helpers.check(_BUILD["result"], "catalog_portal_list_set_aside")
    assert chk["failing_rows"] == 1 and str(chk["sample"][0]["ngay_xuat"]) == "2022-04-10"

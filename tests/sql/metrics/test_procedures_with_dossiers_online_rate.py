"""procedures_with_dossiers_online_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd
from tests.warehouse.helpers import TINH


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_procedures_with_dossiers_online(con):
    # 2022-02 (S1): X1 (level 3) received at tinh and huyen, X2 (level 2) at xa, 1.009999 (not in
    # the catalogue -> not >= 3) at tinh; D5 not received. Province: X1, X2, 1.009999 -> 1/3
    assert nvd(con, "procedures_with_dossiers_online_rate", "2022-02") == (1, 3)
    assert nvd(con, "procedures_with_dossiers_online_rate", "2022-02", "tinh") == (1, 2)
    assert nvd(con, "procedures_with_dossiers_online_rate", "2022-02", "huyen") == (1, 1)
    assert nvd(con, "procedures_with_dossiers_online_rate", "2022-02", "xa") == (0, 1)
    assert nvd(con, "procedures_with_dossiers_online_rate", "2022-02", "tinh", ma_don_vi=TINH) == (1, 2)

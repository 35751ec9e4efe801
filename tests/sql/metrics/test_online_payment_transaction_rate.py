"""online_payment_transaction_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd
from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_online_payment_transactions(con):
    # 2022-02: T1 (online) and T2 (cash) for X1 (online payment deployed in S1); T3 failed,
    # T4 for X2 (not deployed), T5 orphan -> 1/2
    assert nvd(con, "online_payment_transaction_rate", "2022-02") == (1, 2)
    # 2022-03: T6 online for X1 (deployed in S2), at huyen -> 1/1; Q1 2/3
    assert nvd(con, "online_payment_transaction_rate", "2022-03", "huyen") == (1, 1)
    assert nvd(con, "online_payment_transaction_rate", "2022-Q1") == (2, 3)
    # the orphan is listed for quarantine, with its file and row
    orphans = rows(con, "SELECT ma_giao_dich, ma_ho_so, _file_id, _row FROM orphan_thanhtoan")
    assert orphans == [{"ma_giao_dich": "T5", "ma_ho_so": "NOPE", "_file_id": "test-thanhtoan", "_row": 5}]

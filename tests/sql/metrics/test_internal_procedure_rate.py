"""internal_procedure_rate: hand-made cases over the catalogue world (tests/sql/worlds/catalog.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd


@pytest.fixture(scope="module")
def con(catalog_con):
    return catalog_con


def test_internal_procedures_only_internal(con):
    # 2022-02 (S1): I1 with a process: 1/1; 2022-03 (S2): I1 without, I2 with: 1/2
    assert nvd(con, "internal_procedure_rate", "2022-02") == (1, 1)
    assert nvd(con, "internal_procedure_rate", "2022-03") == (1, 2)

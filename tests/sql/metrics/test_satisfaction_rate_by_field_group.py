"""satisfaction_rate_by_field_group: hand-made cases over the evaluations world
(tests/sql/worlds/evaluations.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd
from tests.warehouse.helpers import rows


@pytest.fixture(scope="module")
def con(evaluations_con):
    return evaluations_con


def test_field_groups_nfc_lower_case(con):
    # year 2022: dat_dai = H1 (1) -> 1/1; xay_dung = H2 "XÂY DỰNG" (1) + H3 NFD "Nhà Ở" (0) -> 1/2;
    # dau_tu = H5 " Đầu tư tại Việt Nam " (1) -> 1/1; H4 "Hộ tịch" is in no group
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", group_key="dat_dai") == (1, 1)
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", group_key="xay_dung") == (1, 2)
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", group_key="dau_tu") == (1, 1)
    assert nvd(con, "satisfaction_rate_by_field_group", "2022", "xa", group_key="xay_dung") == (0, 1)
    assert (
        rows(
            con,
            "SELECT count(*) AS n FROM metric_facts WHERE metric_id = "
            "'satisfaction_rate_by_field_group' AND unit_id = 'H4'",
        )[0]["n"]
        == 0
    )

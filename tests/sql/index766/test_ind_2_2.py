"""2.2 Thời gian giải quyết TTHC trung bình (docs/index-766.md §3): display only, in the procedure's
deadline unit (rules world, March 2022)."""

from __future__ import annotations

from pytest import approx

from tests.sql.index766.helpers import facts, indicator
from tests.warehouse.helpers import rows


def test_duration_in_the_procedure_unit(rules_world):
    # S1 (T5, working days): 01/03 → 08/03 = 5 working days; S2 (TD, days): 7 days;
    # S3 (TG, working hours): 08:00 → 12:30 = 4.5 hours; R10 (withdrawn) and R12 (open) are not resolved
    got = facts(rules_world, "2.2", "2022-03")
    assert (got["S1"]["value_double"], got["S2"]["value_double"], got["S3"]["value_double"]) == (5, 7, 4.5)
    assert "R10" not in got and "R12" not in got


def test_show_scores_nothing(rules_world):
    row = indicator(rules_world, "2.2", "2022-03", "toan_tinh")
    assert (row["max_points"], row["points"], row["ratio"], row["status"]) == (0, 0, None, "tinh_diem")


def test_per_procedure_view(rules_world):
    got = {
        r["ma_tthc"]: r
        for r in rows(
            rules_world, "SELECT * FROM index766_thoi_gian_giai_quyet WHERE period = '2022-03' AND level = 'toan_tinh'"
        )
    }
    assert (got["T5"]["so_ho_so"], got["T5"]["thoi_gian_trung_binh"], got["T5"]["don_vi_thoi_han"]) == (
        3,
        approx((5 + 6 + 5) / 3),
        "ngay_lam_viec",
    )
    assert got["TG"]["thoi_gian_trung_binh"] == 4.5

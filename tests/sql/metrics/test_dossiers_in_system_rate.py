"""dossiers_in_system_rate: hand-made cases over the registers world (tests/sql/worlds/registers.py)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sql.records import nvd, scorecard
from tests.warehouse.helpers import HUYEN, TINH, TW, XA, rows


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def test_report_windows_and_dossiers_in_system(con):
    w = {
        (r["ma_don_vi"], r["ky_bao_cao"]): (r["window_start"], r["window_end"])
        for r in rows(con, "SELECT ma_don_vi, ky_bao_cao, window_start, window_end FROM core_baocao")
    }
    assert w[(TINH, "Quý I/2022")] == (date(2021, 12, 15), date(2022, 3, 14))
    assert w[(TINH, "6 tháng/2022")] == (date(2021, 12, 15), date(2022, 6, 14))
    assert w[(XA, "Quý II/2022")] == (date(2022, 3, 15), date(2022, 6, 14))
    assert w[(XA, "9 tháng/2022")] == (date(2021, 12, 15), date(2022, 9, 14))
    assert w[(XA, "Quý IV/2022")] == (date(2022, 9, 15), date(2022, 12, 14))
    assert w[(XA, "Năm 2022")] == (date(2021, 12, 15), date(2022, 12, 14))
    # S: TINH Quý I = T1 (20/12/2021) + T2 (14/03) = 2 (T3 on 15/03 is out) -> min(2, 3) = 2;
    # TINH 6 tháng = T1..T4 = 4 > R 2 -> 2; HUYEN Quý I = 1 -> min(1, 5) = 1; XA never sent:
    # nothing; TW Quý I: min(0, 4) = 0.
    f = {
        r["unit_id"]: (r["num"], r["den"])
        for r in rows(
            con,
            "SELECT unit_id, num, den FROM metric_facts WHERE metric_id = 'dossiers_in_system_rate' "
            "AND period = '2022'",
        )
    }
    assert f == {
        f"{TINH}|Quý I/2022": (2, 3),
        f"{TINH}|6 tháng/2022": (2, 2),
        f"{HUYEN}|Quý I/2022": (1, 5),
        f"{TW}|Quý I/2022": (0, 4),
    }
    # 2022 (rows whose window ends in the annual window of 2022): (2 + 2 + 1 + 0) / (3 + 2 + 5 + 4)
    assert nvd(con, "dossiers_in_system_rate", "2022") == (5, 14)
    # Q1 2022: every window overlaps Q1 -> same 5/14; Q3: no window overlaps -> nothing
    assert nvd(con, "dossiers_in_system_rate", "2022-Q1") == (5, 14)
    assert nvd(con, "dossiers_in_system_rate", "2022-Q3") == (0, 0)
    # 2021 (data start in 12/2021): the windows start 15/12/2021 but end in 2022's annual window:
    # not in year 2021; the month 2021-12 overlaps them (literal "window overlapping P")
    assert nvd(con, "dossiers_in_system_rate", "2021") == (0, 0)
    assert nvd(con, "dossiers_in_system_rate", "2021-12") == (5, 14)
    # scorecard P2.4a (scope tinh, huyen, xa: the tw row is excluded): 5 / 10 -> chua_dat
    r = scorecard(con, "P2.4a", "2022")
    assert (r["numerator"], r["denominator"], r["status"]) == (5, 10, "chua_dat")
    assert rows(con, "SELECT count(*) AS n FROM plan_scorecard WHERE target_id = 'P2.4a' AND level = 'tw'")[0]["n"] == 0
    r = scorecard(con, "P2.4a", "2022", "tinh")
    assert (r["numerator"], r["denominator"], r["threshold"]) == (4, 5, 1.0)

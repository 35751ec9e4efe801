"""on_time_resolution_rate: hand-made cases over the dossier worlds (tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import HUYEN, TINH, facts


def test_timeliness_by_date_not_time(resolved):
    con, _ = resolved
    t = dict(con.execute("SELECT ma_ho_so, timeliness FROM fct_dossier").fetchall())
    assert t == {
        "T1": "truoc_han",
        "T2": "dung_han",
        "T3": "qua_han",
        "T4": "dung_han",
        "T5": None,
        "T6": None,
        "T7": "truoc_han",
        "T8": "dung_han",
    }


def test_on_time_rate_month_quarter_year(resolved):
    con, _ = resolved
    # March: T1 ✓, T2 ✓, T3 ✗, T4 ✓ (T5, T6 not resolved) → 3/4
    assert mv(con, "on_time_resolution_rate", "2022-03") == (3.0, 4.0, 0.75)
    assert mv(con, "on_time_resolution_rate", "2022-Q1") == (3.0, 4.0, 0.75)
    # June (E = 15/06): T8 ✓; T7 resolved 16/06 > E → not counted
    assert mv(con, "on_time_resolution_rate", "2022-06") == (1.0, 1.0, 1.0)
    assert mv(con, "on_time_resolution_rate", "2022-Q2") == (1.0, 1.0, 1.0)
    # year: 4/5
    assert mv(con, "on_time_resolution_rate", "2022") == (4.0, 5.0, 0.8)
    assert "T7" not in {f["unit_id"] for f in facts(con, "on_time_resolution_rate")}


def test_zero_denominator_has_no_value(resolved):
    con, _ = resolved
    # April: nothing resolved → a row with 0/0 and value NULL (never 0%)
    assert mv(con, "on_time_resolution_rate", "2022-04") == (0.0, 0.0, None)
    assert mv(con, "on_time_resolution_rate", "2022-04", "xa") == (0.0, 0.0, None)
    # a period that has not started at D has no row at all
    assert mv(con, "on_time_resolution_rate", "2022-07") is None


def test_levels_and_agencies(resolved):
    con, _ = resolved
    # March by level: tinh T1, T2, T4 → 3/3; huyen T3 → 0/1; xa, tw nothing → 0/0
    assert mv(con, "on_time_resolution_rate", "2022-03", "tinh") == (3.0, 3.0, 1.0)
    assert mv(con, "on_time_resolution_rate", "2022-03", "huyen") == (0.0, 1.0, 0.0)
    assert mv(con, "on_time_resolution_rate", "2022-03", "xa") == (0.0, 0.0, None)
    # agency rows carry the agency's level
    assert mv(con, "on_time_resolution_rate", "2022-03", "huyen", HUYEN) == (0.0, 1.0, 0.0)
    assert mv(con, "on_time_resolution_rate", "2022-03", "tinh", TINH) == (3.0, 3.0, 1.0)

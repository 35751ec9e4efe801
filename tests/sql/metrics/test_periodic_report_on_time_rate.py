"""periodic_report_on_time_rate: hand-made cases over the registers world (tests/sql/worlds/registers.py)."""

from __future__ import annotations

import pytest

from tests.sql.records import nvd, scorecard


@pytest.fixture(scope="module")
def con(registers_con):
    return registers_con


def test_periodic_reports_on_time(con):
    # due in 2022-03: TINH on time, HUYEN late, XA never sent (late), TW on time -> 2/4
    assert nvd(con, "periodic_report_on_time_rate", "2022-03") == (2, 4)
    assert nvd(con, "periodic_report_on_time_rate", "2022-03", "xa") == (0, 1)
    # due 20/06, sent 20/06: on time
    assert nvd(con, "periodic_report_on_time_rate", "2022-06") == (1, 1)
    # scorecard P1.VII.2 is tracking: no threshold, its 100% is a reference ("mức tham chiếu"),
    # so 3/5 is theo_doi, not chua_dat
    r = scorecard(con, "P1.VII.2", "2022")
    got = (r["numerator"], r["denominator"], r["threshold"], r["reference_value"], r["status"])
    assert got == (3, 5, None, 1.0, "theo_doi")

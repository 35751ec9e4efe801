"""apology_coverage_rate and the facts it reads: hand-made cases over the dossier worlds
(tests/sql/worlds/dossiers.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.sql.worlds.dossiers import mv
from tests.warehouse.helpers import facts, rows


def test_apology_may(overdue):
    # May (E 31/05): O1 (open, 1 apology 20/05), O7 (resolved late, apology 03/06 > E → 0), O9 (open at E) → 1/3
    assert mv(overdue, "apology_coverage_rate", "2022-05") == (1.0, 3.0, pytest.approx(1 / 3))
    assert {f["unit_id"] for f in facts(overdue, "apology_coverage_rate", "2022-05")} == {"O1", "O7", "O9"}


def test_apology_june_and_quarter(overdue):
    # June (E 15/06): open O1 ✓, O6 ✓ (apology 10/06), O8 ✗, O10 ✗ (apology after D ignored);
    # resolved in June late: O9 ✗ → 2/5
    assert mv(overdue, "apology_coverage_rate", "2022-06") == (2.0, 5.0, 0.4)
    assert {f["unit_id"] for f in facts(overdue, "apology_coverage_rate", "2022-06")} == {"O1", "O6", "O8", "O9", "O10"}
    # Q2 (E 15/06): resolved late in Q2: O7 ✓ (03/06 ≤ 15/06), O9 ✗; open at E: O1 ✓, O6 ✓, O8 ✗, O10 ✗ → 3/6
    assert mv(overdue, "apology_coverage_rate", "2022-Q2") == (3.0, 6.0, 0.5)


def test_withdrawal_and_apology_facts(overdue):
    r = rows(
        overdue,
        "SELECT ma_ho_so, first_apology_at, ngay_rut_dung, hen_tra_sau_xin_loi FROM fct_dossier "
        "WHERE ma_ho_so IN ('O1', 'O3', 'O4', 'O10') ORDER BY ma_ho_so",
    )
    by = {x["ma_ho_so"]: x for x in r}
    assert by["O1"]["first_apology_at"] == datetime(2022, 5, 20, 9, 0)
    assert by["O1"]["hen_tra_sau_xin_loi"] == datetime(2022, 5, 25, 8, 0)
    assert by["O10"]["first_apology_at"] is None
    # O3: the withdrawal step's time; O4: no step → the first version with status 8 (its update time)
    assert by["O3"]["ngay_rut_dung"] == datetime(2022, 5, 12, 10, 0)
    assert by["O4"]["ngay_rut_dung"] == datetime(2022, 5, 2, 8, 0)

"""pipelines/reports/due_soon.py: the per-unit counts of the early warning and the commands the
pages print, over the due-soon world (tests/sql/worlds/due_soon.py, T = Fri 29/04/2022)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.reports import due_soon
from pipelines.settings import connect, due_soon_days
from tests.sql.worlds.due_soon import T
from tests.warehouse.helpers import HUYEN, XA


@pytest.fixture(scope="module")
def con(due_soon_db):
    c = connect(due_soon_db, read_only=True)
    yield c
    c.close()


def test_counts_per_unit(con):
    # HUYEN: S1, S2, S3 due soon, S5 overdue; XA: S8 due soon (worked out in the world's comments)
    got = [(r["ma_don_vi"], r["sap_den_han"], r["qua_han_dang_mo"]) for r in due_soon.by_unit(con, T, 2)]
    assert got == [(HUYEN, 3, 1), (XA, 1, 0)]
    assert due_soon.unit_counts(con, T, 2, XA) == {"sap_den_han": 1, "qua_han_dang_mo": 0}
    # a unit with nothing open: zeros, not a missing row
    assert due_soon.unit_counts(con, T, 2, "000.00.12.H27") == {"sap_den_han": 0, "qua_han_dang_mo": 0}


def test_window_end_skips_the_days_off(con):
    # after Fri 29/04 come four days off: the 2nd working day is Thu 05/05
    assert due_soon.window_end(con, T, 2) == date(2022, 5, 5)
    assert due_soon.window_end(con, date(2022, 4, 30), 0) == date(2022, 4, 30)


def test_inspection_command():
    assert due_soon.inspection_command(2, HUYEN) == (
        f"motcua sql --query ho_so_sap_den_han --param so_ngay=2 --param don_vi={HUYEN}"
    )


def test_setting(monkeypatch):
    monkeypatch.delenv("MOTCUA_DUE_SOON_DAYS", raising=False)
    assert due_soon_days() == 2
    monkeypatch.setenv("MOTCUA_DUE_SOON_DAYS", "5")
    assert due_soon_days() == 5
    monkeypatch.setenv("MOTCUA_DUE_SOON_DAYS", "hai")
    with pytest.raises(ValueError, match="MOTCUA_DUE_SOON_DAYS"):
        due_soon_days()

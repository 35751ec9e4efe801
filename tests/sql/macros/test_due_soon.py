"""The macro is_due_soon_at (sql/macros/due_soon.sql) over the due-soon world
(tests/sql/worlds/due_soon.py, where every dossier's case is worked out)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.settings import connect
from tests.sql.worlds.due_soon import EXPECTED_AT_T, T
from tests.warehouse.helpers import HUYEN, XA


@pytest.fixture(scope="module")
def con(due_soon_db):
    c = connect(due_soon_db, read_only=True)
    yield c
    c.close()


def due_soon(con, t: date, n: int) -> dict[str, set[str]]:
    got: dict[str, set[str]] = {}
    for unit, ma in con.execute(
        "SELECT ma_don_vi, ma_ho_so FROM fct_dossier AS d WHERE is_due_soon_at(d, ?, ?)", [t, n]
    ).fetchall():
        got.setdefault(unit, set()).add(ma)
    return got


def test_due_soon_at_t_within_two_working_days(con):
    # T = Fri 29/04; Sat 30/04 – Tue 03/05 are days off: the 2nd working day after T is Thu 05/05.
    # S1 due today, S2 on a day off, S3 on 05/05 (inclusive); S4 (06/05) too late, S5 overdue,
    # S6 and S10 resolved by T, S7 waiting for a supplement.
    assert due_soon(con, T, 2) == EXPECTED_AT_T


def test_due_soon_grows_with_n(con):
    # N = 3: the 3rd working day after T is Fri 06/05, S4 joins; N = 1: Wed 04/05, S3 leaves
    assert due_soon(con, T, 3) == {HUYEN: {"S1", "S2", "S3", "S4"}, XA: {"S8"}}
    assert due_soon(con, T, 1) == {HUYEN: {"S1", "S2"}, XA: {"S8"}}


def test_due_soon_at_an_earlier_day(con):
    # T = Thu 28/04, N = 2: 1st working day after is Fri 29/04, 2nd Wed 04/05. S5 is due today,
    # S10 (resolved only on 29/04) is still open and due 04/05; S6 was resolved on 28/04; S3 (05/05)
    # is past the window.
    assert due_soon(con, date(2022, 4, 28), 2) == {HUYEN: {"S1", "S2", "S5", "S10"}, XA: {"S8"}}


def test_due_soon_on_a_day_off_with_n_zero(con):
    # T = Sat 30/04, N = 0: wd_add gives Fri 29/04 (before T), greatest() keeps T itself: only a
    # dossier due on 30/04 would count — none is (S1 is overdue at 30/04).
    assert due_soon(con, date(2022, 4, 30), 0) == {}


def test_overdue_and_due_soon_never_overlap(con):
    both = con.execute(
        "SELECT count(*) FROM fct_dossier AS d WHERE is_due_soon_at(d, ?, 5) AND is_open_overdue_at(d, ?)", [T, T]
    ).fetchone()[0]
    overdue = con.execute("SELECT list(ma_ho_so) FROM fct_dossier AS d WHERE is_open_overdue_at(d, ?)", [T]).fetchone()
    assert both == 0
    assert overdue[0] == ["S5"]

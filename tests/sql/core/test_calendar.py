"""Working-day calendar, wd_add / wd_sub macros and the periods (docs/metrics.md, Terms)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.warehouse import working_days as wcal
from tests.warehouse.helpers import AGENCIES, build_from_records, hoso


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    # data in 2022 only, as of 15/06/2022: calendar 2021-01-01 … 2023-12-31
    c = build_from_records(
        tmp_path_factory.mktemp("cal"),
        {
            "donvi": AGENCIES,
            "hoso": [hoso("A", "2022-03-10 08:00")],
        },
        as_of=date(2022, 6, 15),
    )
    yield c
    c.close()


def test_2022_has_249_working_days(con):
    # 2022: 260 weekdays − 11 weekday days off (03/01, 31/01–04/02, 11/04, 02–03/05, 01–02/09) = 249
    n = con.execute("SELECT count(*) FILTER (WHERE is_working_day) FROM dim_calendar WHERE year(d) = 2022").fetchone()[
        0
    ]
    assert n == 249


def test_calendar_covers_year_before_and_after(con):
    lo, hi = con.execute("SELECT min(d), max(d) FROM dim_calendar").fetchone()
    assert lo == date(2021, 1, 1) and hi == date(2023, 12, 31)


def test_wd_seq_counts_working_days_on_or_before(con):
    rows = con.execute(
        "SELECT d, is_working_day, wd_seq FROM dim_calendar "
        "WHERE d BETWEEN DATE '2022-01-28' AND DATE '2022-02-07' ORDER BY d"
    ).fetchall()
    seq = [r[2] for r in rows]
    # Fri 28/01 working; Sat, Sun, Mon 31/01 … Fri 04/02 (Tết), Sat, Sun off; Mon 07/02 working
    assert [r[1] for r in rows] == [True] + [False] * 9 + [True]
    assert seq[1:10] == [seq[0]] * 9 and seq[10] == seq[0] + 1


def test_wd_add_skips_tet(con):
    # 5 working days after Fri 28/01/2022: 07, 08, 09, 10, 11/02 → 11/02/2022 (Tết 31/01–04/02 off)
    assert con.execute("SELECT wd_add(DATE '2022-01-28', 5)").fetchone()[0] == date(2022, 2, 11)
    # strictly after: from a Saturday, the 1st working day after is the next working Monday
    assert con.execute("SELECT wd_add(DATE '2022-01-29', 1)").fetchone()[0] == date(2022, 2, 7)
    # a timestamp argument counts from its date
    assert con.execute("SELECT wd_add(TIMESTAMP '2022-03-10 16:59', 1)").fetchone()[0] == date(2022, 3, 11)


def test_wd_sub(con):
    # 5 working days before 11/02/2022 → 28/01/2022; 1 working day before Mon 07/02 → Fri 28/01
    assert con.execute("SELECT wd_sub(DATE '2022-02-11', 5)").fetchone()[0] == date(2022, 1, 28)
    assert con.execute("SELECT wd_sub(DATE '2022-02-07', 1)").fetchone()[0] == date(2022, 1, 28)
    # from a Sunday 13/03/2022: 1 working day before = Fri 11/03
    assert con.execute("SELECT wd_sub(DATE '2022-03-13', 1)").fetchone()[0] == date(2022, 3, 11)


def test_2023_comes_from_holidays_package(con):
    # 02/01/2023 (Monday) is the observed New Year day off
    assert con.execute("SELECT is_working_day FROM dim_calendar WHERE d = DATE '2023-01-02'").fetchone()[0] is False
    src = con.execute("SELECT DISTINCT nguon FROM ref_days_off WHERE year(d) = 2023").fetchall()
    assert all(s[0].startswith("holidays") for s in src)
    src22 = con.execute("SELECT DISTINCT nguon FROM ref_days_off WHERE year(d) = 2022").fetchall()
    assert src22 == [("reference:vn_public_holidays_2022.csv",)]


def test_calendar_rows_python_matches():
    rows = wcal.calendar_rows(date(2022, 1, 1), date(2022, 12, 31))
    assert sum(1 for _, w, _ in rows if w) == 249
    assert rows[-1][2] == 249


def test_dim_period_started_periods_only(con):
    rows = con.execute("SELECT period, period_kind, period_start, period_end, effective_end FROM dim_period").fetchall()
    periods = {r[0]: r for r in rows}
    # as of 15/06/2022: months 01..06, Q1, Q2, year 2022; not 2022-07 nor Q3
    assert set(periods) == {f"2022-{m:02d}" for m in range(1, 7)} | {"2022-Q1", "2022-Q2", "2022"}
    assert periods["2022-06"][4] == date(2022, 6, 15)  # E = as-of inside the month
    assert periods["2022-05"][4] == date(2022, 5, 31)  # E = month end
    assert periods["2022-Q2"][2:] == (date(2022, 4, 1), date(2022, 6, 30), date(2022, 6, 15))
    assert (
        periods["2022"][1] == "year"
        and periods["2022-Q1"][1] == "quarter"
        and periods["2022-02"][3] == date(2022, 2, 28)
    )


def test_dim_period_from_first_data_year(tmp_path):
    # a dossier received in Dec 2021, as of 10/01/2023: years 2021, 2022, 2023 (only Jan started)
    con = build_from_records(tmp_path, {"hoso": [hoso("A", "2021-12-20 08:00")]}, as_of=date(2023, 1, 10))
    kinds = dict(con.execute("SELECT period_kind, count(*) FROM dim_period GROUP BY ALL").fetchall())
    assert kinds == {"year": 3, "quarter": 9, "month": 25}
    assert (
        con.execute("SELECT max(period) FILTER (WHERE period_kind = 'month') FROM dim_period").fetchone()[0]
        == "2023-01"
    )
    con.close()

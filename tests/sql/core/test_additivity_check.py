"""The fail check additive_metric_months_add_up (sql/core/metric_values_t/checks.sql): for every
metric declared additive (dim_metric.accumulation = flow), the numerator and denominator of each
year and quarter equal the sums over its months, at every level, unit and group
(docs/metrics.md, "Required columns", second paragraph)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from pipelines.settings import SQL_DIR
from pipelines.warehouse.models import is_failure, parse_checks
from tests.sql.records import danhgia, pakn
from tests.warehouse.helpers import AGENCIES, TINH, build_from_records, hoso, rows

CHECK = next(
    c
    for c in parse_checks((SQL_DIR / "core" / "metric_values_t" / "checks.sql").read_text("utf-8"), "metric_values_t")
    if c.name == "additive_metric_months_add_up"
)


def offending(con) -> list[dict]:
    return rows(con, CHECK.sql)


def test_the_check_fails_the_run():
    # severity fail: a build with an offending row is not published (pipelines/flows/nightly.py)
    assert CHECK.severity == "fail"
    assert is_failure({"severity": CHECK.severity, "failing_rows": 1, "error": None})


@pytest.mark.parametrize(
    "world",
    [
        "catalog_con",
        "received",
        "resolved",
        "circulation",
        "overdue",
        "evaluations_con",
        "feedback_con",
        "registers_con",
    ],
)
def test_every_hand_made_world_adds_up(request, world):
    con = request.getfixturevalue(world)
    con = con[0] if isinstance(con, tuple) else con
    assert offending(con) == []


@pytest.fixture
def writable(tmp_path):
    """Build a world, then reopen its file read-write so that a test can declare a metric additive."""

    def build(records: dict, as_of: date) -> duckdb.DuckDBPyConnection:
        build_from_records(tmp_path, {"donvi": AGENCIES, **records}, as_of=as_of).close()
        return duckdb.connect(str(tmp_path / "test.duckdb"))

    return build


def declare_additive(con, metric_id: str) -> None:
    con.execute("UPDATE dim_metric SET accumulation = 'flow' WHERE metric_id = ?", [metric_id])


def test_satisfaction_declared_additive_fails(writable):
    # D1 (tinh) evaluated on 10/01 (5, satisfied) and 10/02 (2, not). satisfaction_rate keeps the
    # newest evaluation per dossier in P: January 1/1, February 0/1, March nothing; Q1 and 2022
    # keep only the 10/02 one: 0/1, while their months add up to 1/2.
    con = writable(
        {
            "hoso": [hoso("D1", "2022-01-05 08:00")],
            "danhgia": [danhgia("E1", "D1", "2022-01-10 09:00", 5), danhgia("E2", "D1", "2022-02-10 09:00", 2)],
        },
        as_of=date(2022, 3, 31),
    )
    try:
        # declared non_additive, as metrics.md says: the check passes
        assert offending(con) == []
        declare_additive(con, "satisfaction_rate")
        bad = [r for r in offending(con) if r["metric_id"] == "satisfaction_rate"]
        # Q1 and 2022, each at toan_tinh, tinh and the agency TINH
        assert {(r["period"], r["level"], r["ma_don_vi"]) for r in bad} == {
            (p, lv, unit)
            for p in ("2022-Q1", "2022")
            for lv, unit in (("toan_tinh", None), ("tinh", None), ("tinh", TINH))
        }
        year = next(r for r in bad if r["period"] == "2022" and r["level"] == "toan_tinh")
        assert (year["tu_so_ky"], year["tu_so_cong_thang"], year["mau_so_ky"], year["mau_so_cong_thang"]) == (
            0,
            1,
            1,
            2,
        )
        assert year["thong_bao"] == (
            "Chỉ số satisfaction_rate (toan_tinh), kỳ 2022: tử số 0 nhưng tổng các tháng 1; "
            "mẫu số 1 nhưng tổng các tháng 2"
        )
        unit = next(r for r in bad if r["period"] == "2022-Q1" and r["ma_don_vi"] == TINH)
        assert unit["thong_bao"].startswith(f"Chỉ số satisfaction_rate (tinh, đơn vị {TINH}), kỳ 2022-Q1:")
    finally:
        con.close()


def test_a_month_that_lost_its_records_fails(writable):
    # D1 received 10/02, D2 10/03 (tinh): result_digitization_rate 0/1 in February and in March,
    # Q1 0/2, 2022 0/2: adds up. A March row for the agency that says 0/3 (as a wrong query
    # would) makes Q1 and 2022 differ from their months at that unit: 2 against 1 + 3 = 4.
    con = writable({"hoso": [hoso("D1", "2022-02-10 08:00"), hoso("D2", "2022-03-10 08:00")]}, as_of=date(2022, 3, 31))
    try:
        assert offending(con) == []
        con.execute(
            "UPDATE metric_values_t SET denominator = 3 WHERE metric_id = 'result_digitization_rate' "
            "AND period = '2022-03' AND ma_don_vi = ?",
            [TINH],
        )
        bad = offending(con)
        assert [(r["period"], r["ma_don_vi"], r["mau_so_ky"], r["mau_so_cong_thang"]) for r in bad] == [
            ("2022", TINH, 2, 4),
            ("2022-Q1", TINH, 2, 4),
        ]
    finally:
        con.close()


def test_feedback_transfer_declared_additive_fails(writable):
    # F1 received Friday 28/01/2022, never transferred. Its 5th working day is 11/02 (Tết: 31/01 to
    # 04/02 off; 07, 08, 09, 10, 11/02). January (E 31/01): not transferred and not yet late: not
    # counted. February (E 28/02): received in January, not in P. 2022 and Q1 (E = D 31/03): late,
    # 0/1. The months add up to 0/0: the "late by E" clause makes the metric non-additive, which
    # is why it is declared non_additive.
    con = writable({"pakn": [pakn("F1", "2022-01-28 09:00")]}, as_of=date(2022, 3, 31))
    try:
        assert offending(con) == []
        declare_additive(con, "feedback_transfer_on_time_rate")
        bad = [(r["period"], r["level"], r["mau_so_ky"], r["mau_so_cong_thang"]) for r in offending(con)]
        assert ("2022", "toan_tinh", 1, 0) in bad and ("2022-Q1", "toan_tinh", 1, 0) in bad
    finally:
        con.close()

"""The macro meets_threshold (sql/macros/thresholds.sql): the one comparison of a value with a
target's threshold, used by plan_scorecard_t and plan_undelivered_units. Pure, so it is read
from its file into an in-memory database."""

from __future__ import annotations

import duckdb
import pytest

from pipelines.settings import SQL_DIR


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    c.execute((SQL_DIR / "macros" / "thresholds.sql").read_text(encoding="utf-8"))
    yield c
    c.close()


@pytest.mark.parametrize(
    ("value", "threshold", "direction", "met"),
    [
        # at least 95%: 19/20 is exactly 0.95 in words, 0.95 in floating point may differ in the
        # last bit; the bound itself is met
        (19 / 20, 0.95, "at_least", True),
        (0.949, 0.95, "at_least", False),
        (0.96, 0.95, None, True),  # no direction: at least (the plan format's default)
        # at most 5% late: 5% itself is met, 5.1% is not
        (0.05, 0.05, "at_most", True),
        (0.051, 0.05, "at_most", False),
        # at least 2 inspections: 1 is short, 2 meets, 3 exceeds
        (1, 2, "at_least", False),
        (2, 2, "at_least", True),
        (3, 2, "at_least", True),
        # at most 10 news items: 11 is over
        (11, 10, "at_most", False),
        # nothing to judge: no value, or no threshold
        (None, 0.95, "at_least", None),
        (0.96, None, "at_most", None),
    ],
)
def test_meets_threshold(con, value, threshold, direction, met):
    got = con.execute(
        "SELECT meets_threshold(CAST(? AS DOUBLE), CAST(? AS DOUBLE), CAST(? AS VARCHAR))",
        [value, threshold, direction],
    ).fetchone()[0]
    assert got is met

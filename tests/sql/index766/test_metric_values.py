"""The indicators' ratios in metric_values as qd766_<id> (docs/index-766.md §4.5), read by a plan
target like any metric (tests/fixtures/plans/qd766-plan.yaml), over example A/C."""

from __future__ import annotations

import pytest
from pytest import approx

from tests.sql.records import OTHER_PLAN
from tests.sql.worlds.index766 import D, X, example_ac_records
from tests.warehouse.helpers import build_from_records, metric_value, rows

QD766_PLAN = OTHER_PLAN.parent / "qd766-plan.yaml"


@pytest.fixture(scope="module")
def with_plan(tmp_path_factory):
    return build_from_records(
        tmp_path_factory.mktemp("idx766_plan"), example_ac_records(), as_of=D, plan_paths=[QD766_PLAN]
    )


def test_ratios_reach_metric_values(with_plan):
    # 2.1, March: X 39/45; the province 479/505 (TW's 5 are outside the index's province); 1.4: 498/500
    assert metric_value(with_plan, "qd766_2_1", "2022-03", "xa", X) == (39, 45, approx(39 / 45))
    assert metric_value(with_plan, "qd766_2_1", "2022-03") == (479, 505, approx(479 / 505))
    assert metric_value(with_plan, "qd766_1_4", "2022-03") == (498, 500, approx(0.996))
    # the same figures as the index's own view
    idx = rows(
        with_plan,
        "SELECT ratio FROM index766_indicator WHERE indicator_id = '2.1' AND period = '2022-03' AND level = 'toan_tinh'",
    )
    assert idx[0]["ratio"] == approx(479 / 505)


def test_a_plan_target_reads_them(with_plan):
    # Q.1: qd766_2_1 ≥ 90% over tinh, huyen, xa for 2022 (E = D = 05/04): the year's population is
    # March's 505 plus nothing else ended or open → 479/505 = 94.85 % ≥ 90 %
    got = rows(with_plan, "SELECT * FROM plan_scorecard WHERE target_id = 'Q.1'")
    assert got, "no scorecard row for the qd766 target"
    assert got[0]["value"] == approx(479 / 505)

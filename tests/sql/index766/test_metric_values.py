"""The indicators' ratios in metric_values as qd766_<id> (docs/index-766.md §4.5), read by a plan
target like any metric (tests/fixtures/plans/qd766-plan.yaml), over example A/C."""

from __future__ import annotations

import pytest
from pytest import approx

from tests.sql.index766.worlds import HUYEN, S
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


def test_single_unit_records_reach_metric_facts_summed(with_plan):
    # A dossier belongs to one unit: the 45 dossiers of 2.1 at X in March are one presummed row
    # (39 on time of 45), not 45 rows to de-duplicate one by one in metric_values_t (a year at
    # scale 1 is ~25 M such rows: the build ran out of its 1.6 GB before they were summed)
    got = rows(
        with_plan,
        "SELECT unit_id, num, den, presummed FROM index766_metric_facts"
        " WHERE metric_id = 'qd766_2_1' AND period = '2022-03' AND ma_don_vi = ?",
        [X],
    )
    assert got == [{"unit_id": None, "num": 39, "den": 45, "presummed": True}]
    # one presummed row per metric, period and unit; a record of several units (a TTHC applied by
    # several agencies) stays a row per unit, named, for metric_values_t to count once above them
    assert (
        rows(
            with_plan,
            "SELECT metric_id, period, ma_don_vi FROM index766_metric_facts WHERE presummed"
            " GROUP BY ALL HAVING count(*) > 1",
        )
        == []
    )
    # (example A/C has no record of several units: each dossier is one unit's)
    assert rows(with_plan, "SELECT * FROM index766_metric_facts WHERE NOT presummed") == []


def test_a_record_of_several_units_is_counted_once_above_them(example_b):
    # Example B, 3.1 in Q2: S applies T01-T50 (36 online: T01-T36), HUYEN applies T01 too (online).
    # T01 (ma_tthc 1.000001) is the one record of two units: a named row at each; S's other 49
    # records (35 online: T02-T36) are one presummed row.
    got = rows(
        example_b,
        "SELECT ma_don_vi, unit_id, num, den, presummed FROM index766_metric_facts"
        " WHERE metric_id = 'qd766_3_1' AND period = '2022-Q2' ORDER BY ma_don_vi, unit_id NULLS LAST",
    )
    assert [(r["ma_don_vi"], r["unit_id"], r["num"], r["den"], r["presummed"]) for r in got] == [
        (S, "1.000001", 1, 1, False),
        (S, None, 35, 49, True),
        (HUYEN, "1.000001", 1, 1, False),
    ]
    # the province counts T01 once: 35 + 1 of 49 + 1 = 36/50 (not 37/51); S 36/50, HUYEN 1/1
    assert metric_value(example_b, "qd766_3_1", "2022-Q2")[:2] == (36, 50)
    assert metric_value(example_b, "qd766_3_1", "2022-Q2", "tinh", S)[:2] == (36, 50)
    assert metric_value(example_b, "qd766_3_1", "2022-Q2", "huyen", HUYEN)[:2] == (1, 1)

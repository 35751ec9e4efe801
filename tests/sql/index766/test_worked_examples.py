"""The spec's worked examples (index-766.md §7), version qd766-2022, scored by the framework
(index766_indicator, index766_group) over the facts of the indicators of groups 3-5: every n, d,
points, lost and k of example B's group "Cung cấp dịch vụ trực tuyến", and the 3.3, 4.3, 5.4 parts
of example A with the five-indicator total."""

import pytest

from tests.sql.index766.worlds import XA, S


def scored(con, period, unit):
    cur = con.execute(
        "SELECT indicator_id, numerator, denominator, ratio, points, points_lost, k_to_threshold, status "
        "FROM index766_indicator WHERE version = 'qd766-2022' AND period = ? AND ma_don_vi = ?",
        [period, unit],
    )
    cols = [c[0] for c in cur.description]
    return {r[0]: dict(zip(cols, r)) for r in cur.fetchall()}


def check(row, n, d, ratio, points, lost, k):
    assert (row["numerator"], row["denominator"], row["status"]) == (n, d, "tinh_diem")
    assert row["ratio"] == pytest.approx(ratio, abs=1e-6)
    assert row["points"] == pytest.approx(points, abs=1e-6)
    assert row["points_lost"] == pytest.approx(lost, abs=1e-6)
    assert row["k_to_threshold"] == k


def test_example_b_online_services_group(example_b):
    rows = scored(example_b, "2022-Q2", S)
    # 3.1 36/50 = 0.72; 2 × 0.72/0.8 = 1.8; lost 0.2; k = ceil(0.8 × 50 − 36) = 4 TTHC
    check(rows["3.1"], 36, 50, 0.72, 1.8, 0.2, 4)
    # 3.2 20/36 = 0.555556; lin: 4 × 0.555556 = 2.222222; lost 1.777778; k = 36 − 20 = 16 services
    check(rows["3.2"], 20, 36, 20 / 36, 4 * 20 / 36, 4 - 4 * 20 / 36, 16)
    # 3.3 480/792 × r(1.4) 792/800 = 0.6 >= 0.5 -> 6; lost 0; k 0
    check(rows["3.3"], 480, 792, 0.6, 6.0, 0.0, 0)
    # 3.5a 9/12 = 0.75; 2 × 0.75/0.8 = 1.875; lost 0.125; k = ceil(9.6 − 9) = 1 TTHC
    check(rows["3.5a"], 9, 12, 0.75, 1.875, 0.125, 1)
    # 3.5b 5/12 = 0.416667; 2 × 0.416667/0.8 = 1.041667; lost 0.958333; k = ceil(9.6 − 5) = 5
    check(rows["3.5b"], 5, 12, 5 / 12, 2 * (5 / 12) / 0.8, 2 - 2 * (5 / 12) / 0.8, 5)
    # 3.6 70/280 = 0.25; 6 × 0.25/0.3 = 5.0; lost 1.0; k = ceil(84 − 70) = 14 dossiers
    check(rows["3.6"], 70, 280, 0.25, 5.0, 1.0, 14)
    # the group: 1.8 + 2.222222 + 6 + 1.875 + 1.041667 + 5 = 17.938889 of 22 (lost 4.061111)
    group = example_b.execute(
        "SELECT points, max_points FROM index766_group WHERE version = 'qd766-2022' AND period = '2022-Q2' "
        "AND ma_don_vi = ? AND group_id = 'G4'",
        [S],
    ).fetchone()
    assert group[0] == pytest.approx(17.938889, abs=1e-6) and group[1] == 22


def test_example_a_parts(example_a):
    rows = scored(example_a, "2022-03", XA)
    # 3.3: 11/38 × r(1.4) 0.95 = 0.275; 6 × 0.275/0.5 = 3.3; lost 2.7;
    # k = ceil(0.5 × 38 / 0.95 − 11) = ceil(20 − 11) = 9
    check(rows["3.3"], 11, 38, 0.275, 3.3, 2.7, 9)
    # 4.3: 26/40 = 0.65; 2 × 0.65/0.8 = 1.625; lost 0.375; k = ceil(32 − 26) = 6
    check(rows["4.3"], 26, 40, 0.65, 1.625, 0.375, 6)
    # 5.4: 36/45 = 0.8; 6 × 0.8/0.9 = 5.333333; lost 0.666667; k = ceil(40.5 − 36) = 5
    check(rows["5.4"], 36, 45, 0.8, 6 * 0.8 / 0.9, 6 - 6 * 0.8 / 0.9, 5)
    # with 2.1 (17.333333) and 1.4 (5.7) the five indicators give 799/24 = 33.291667 of 40
    total = sum(rows[i]["points"] for i in ("2.1", "1.4", "3.3", "4.3", "5.4"))
    assert total == pytest.approx(799 / 24, abs=1e-9)

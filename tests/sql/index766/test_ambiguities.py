"""The readings of docs/index-766.md §8 that the framework and groups 1–2 decide, one test each,
over the rules world and example A/C (tests/sql/worlds/index766.py)."""

from __future__ import annotations

from tests.sql.index766.helpers import facts, indicator
from tests.sql.worlds.index766 import B, C, X


def test_a5_population_is_set_based(example_ac):
    # the vendor divides by dossiers received in P (40 at X) and can exceed 1; §2's set is 45 at X,
    # with g and h (received in February) in it: d(2.1) = 45 ≠ d(1.4) = 40
    assert indicator(example_ac, "2.1", "2022-03", "xa", X)["denominator"] == 45
    assert indicator(example_ac, "1.4", "2022-03", "xa", X)["denominator"] == 40


def test_a6_supplement_time_is_not_subtracted(rules_world):
    # R9: paused 05/03 → 08/03, due (already moved) 20/03, ended 22/03 → overdue; subtracting the
    # pause (3 days) would end it on 19/03, on time
    assert facts(rules_world, "2.1", "2022-03")["R9"]["is_favourable"] is False


def test_a7_more_than_one_request_only_for_waiting_dossiers(rules_world, example_ac):
    # R5: two requests, both answered, ended 12/03 ≤ due 15/03 → on time (judged by its end);
    # XF1: waiting after two requests at E → overdue
    assert facts(rules_world, "2.1", "2022-03")["R5"]["is_favourable"] is True
    assert facts(example_ac, "2.1", "2022-03", X)["XF1"]["is_favourable"] is False


def test_a8_day_granularity(rules_world):
    # R4: due 10/03 08:00, ended 10/03 17:00 → same day → on time
    assert facts(rules_world, "2.1", "2022-03")["R4"]["is_favourable"] is True


def test_a11_a12_zero_denominator_is_khong_phat_sinh(example_ac):
    # B received nothing in April: 1.4 (empty: full) → 6, 2.1: B's March dossiers all ended in March → d 0 → 20
    row = indicator(example_ac, "1.4", "2022-04", "tinh", B)
    assert (row["status"], row["points"], row["points_lost"]) == ("khong_phat_sinh", 6, 0)
    assert indicator(example_ac, "2.1", "2022-04", "tinh", B)["points"] == 20


def test_a13_huyen_excludes_its_communes(example_ac):
    # C: its 60 (with its phòng C1's 10); X's 45 are only in dia_ban_huyen
    assert indicator(example_ac, "2.1", "2022-03", "huyen", C)["denominator"] == 60
    assert indicator(example_ac, "2.1", "2022-03", "dia_ban_huyen", C)["denominator"] == 105


def test_a16_sync_date_at_e(rules_world):
    # R12: received 10/03, synced 02/04: unsynced in March (E = 31/03) and Q1, synced in 2022 (E = D)
    by_period = {p: facts(rules_world, "1.4", p)["R12"]["is_favourable"] for p in ("2022-03", "2022-Q1", "2022")}
    assert by_period == {"2022-03": False, "2022-Q1": False, "2022": True}


def test_a20_publication_indicators_not_applicable_below_province(rules_world, example_ac):
    # 1.1–1.3 at a huyện or a xã: khong_ap_dung, full points, lost 0 (a commune is not ranked for them)
    for ind, mx in (("1.1", 6), ("1.2", 4), ("1.3", 2)):
        row = indicator(example_ac, ind, "2022-03", "xa", X)
        assert (row["status"], row["points"], row["points_lost"]) == ("khong_ap_dung", mx, 0)
    assert indicator(rules_world, "1.1", "2022-03", "huyen", C)["status"] == "khong_ap_dung"

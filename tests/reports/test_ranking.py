"""The site's one ranking rule and "còn thiếu" (pipelines/reports/ranking.py), with the numbers
worked by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.reports import ranking as R


# ------------------------------------------------------------------------------ còn thiếu
def test_still_needed_at_least_ratio_adds_favourable_records():
    # P2.1 of the report fixture: 25/41 = 61,0% against 70%.
    # (25 + x)/(41 + x) ≥ 0,7 ⇔ x ≥ (0,7·41 − 25)/(1 − 0,7) = (28,7 − 25)/0,3 = 12,33 → 13.
    # check: 38/54 = 70,37% ≥ 70%, and 12 would give 37/53 = 69,81% < 70%.
    assert R.still_needed(25, 41, 0.70) == 13
    assert 38 / 54 >= 0.70 > 37 / 53


def test_still_needed_is_zero_when_reached_even_on_the_edge():
    # 7/10 = 0,7 exactly: 0,7·10 − 7 is 4e-16 in floating point, never "1 more"
    assert R.still_needed(7, 10, 0.70) == 0
    assert R.still_needed(9, 10, 0.70) == 0


def test_still_needed_of_a_100_percent_target_is_the_records_to_set_right():
    # 22/50 against 100%: no record to come lifts the share to 100% while 28 stay unfavourable
    assert R.still_needed(22, 50, 1.0) == 28


def test_still_needed_at_most_ratio():
    # at most 5%: 8/100 = 8%. 8/(100 + x) ≤ 0,05 ⇔ x ≥ 8/0,05 − 100 = 60 (8/160 = 5%; 8/159 > 5%)
    assert R.still_needed(8, 100, 0.05, direction="at_most") == 60
    assert R.still_needed(4, 100, 0.05, direction="at_most") == 0
    # a ceiling of 0: only setting the 3 records right reaches it
    assert R.still_needed(3, 100, 0.0, direction="at_most") == 3


def test_still_needed_of_counts_and_missing_data():
    assert R.still_needed(1, None, 2, kind="count") == 1  # 2 inspections planned, 1 done
    assert R.still_needed(5, None, 2, kind="count", direction="at_most") == 3  # 3 above the ceiling
    assert R.still_needed(0, 0, 0.7) is None  # no denominator: no data, never "0 needed"
    assert R.still_needed(3, 10, None) is None  # no threshold


def test_gap_in_points_of_share_and_as_share_of_a_count():
    assert R.gap(0.61, 0.70) == pytest.approx(0.09)  # 9 points below
    assert R.gap(0.08, 0.05, direction="at_most") == pytest.approx(0.03)
    assert R.gap(1, 4, kind="count") == pytest.approx(0.75)  # 3 of 4 still missing
    assert R.gap(0.8, 0.7) == 0.0
    assert R.gap(None, 0.7) is None


# ------------------------------------------------------------------------------ names
def test_a_commune_is_named_with_its_district():
    assert R.unit_label("UBND xã Sơn Hồng", "xa", "UBND huyện Vũ Quang", "huyen") == "xã Sơn Hồng (huyện Vũ Quang)"
    # not a commune, or no district known: the name as it is
    assert R.unit_label("Sở Tư pháp", "tinh", "UBND tỉnh Hà Tĩnh", "tinh") == "Sở Tư pháp"
    assert R.unit_label("UBND xã Cẩm Bình", "xa", None) == "UBND xã Cẩm Bình"


# ------------------------------------------------------------------------------ the ranking
UNITS = pd.DataFrame(
    [
        # name, level, parent, n, d; threshold 70%
        ("UBND xã A", "xa", "UBND huyện H", 0, 1),  # 0/1: below 20 records → apart
        ("UBND xã B", "xa", "UBND huyện H", 5, 19),  # 19 records → apart
        ("Sở X", "tinh", None, 10, 40),  # 25%: (28 − 10)/0,3 = 60 still needed
        ("Sở Y", "tinh", None, 30, 50),  # 60%: (35 − 30)/0,3 = 16,67 → 17
        ("Sở Z", "tinh", None, 45, 50),  # 90%: above 70% → 0
        ("Sở W", "tinh", None, 12, 20),  # 60% of exactly 20: (14 − 12)/0,3 = 6,67 → 7
        ("UBND xã C", "xa", "UBND huyện H", 0, 0),  # no data: dropped
    ],
    columns=["ten_don_vi", "level", "ten_don_vi_cha", "numerator", "denominator"],
)
UNITS["level_cha"] = "huyen"
UNITS["value"] = UNITS["numerator"] / UNITS["denominator"].where(UNITS["denominator"] > 0)


def test_units_below_the_minimum_are_listed_apart_and_the_rest_ranked_by_what_they_still_need():
    r = R.rank_units(UNITS, threshold=0.70, min_n=20)
    assert list(r.ranked["ten_don_vi"]) == ["Sở X", "Sở Y", "Sở W", "Sở Z"]
    assert list(r.ranked["con_thieu"]) == [60, 17, 7, 0]
    assert list(r.apart["nhan"]) == ["xã A (huyện H)", "xã B (huyện H)"]
    # the units that would close most of the gap: never the one already above the target
    assert list(r.behind(3)["ten_don_vi"]) == ["Sở X", "Sở Y", "Sở W"]
    assert "Sở Z" not in set(r.behind()["ten_don_vi"])
    note = r.apart_note("hồ sơ")
    assert note.startswith("Chỉ xếp hạng đơn vị có từ 20 hồ sơ trở lên; 2 đơn vị ít hơn")
    assert note.endswith("không xếp hạng: xã A (huyện H): 1; xã B (huyện H): 19.")


def test_ties_in_still_needed_go_to_the_lower_value():
    # at 50%: A 2/10 → (5 − 2)/0,5 = 6; B 7/20 → (10 − 7)/0,5 = 6: a tie, and A's 20% is
    # below B's 35% → A first
    u = pd.DataFrame({"ten_don_vi": ["B", "A"], "level": "tinh", "numerator": [7, 2], "denominator": [20, 10]})
    u["value"] = u["numerator"] / u["denominator"]
    r = R.rank_units(u, threshold=0.5, min_n=1)
    assert list(r.ranked["con_thieu"]) == [6, 6]
    assert list(r.ranked["ten_don_vi"]) == ["A", "B"]


def test_a_unit_threshold_wins_over_the_targets(monkeypatch):
    u = pd.DataFrame(
        {"ten_don_vi": ["T", "H"], "level": ["tinh", "huyen"], "numerator": [20, 20], "denominator": [50, 50]}
    )
    u["value"] = 0.4
    u["threshold"] = [0.5, None]  # T has its own 50%; H takes the target's 40% and reaches it
    monkeypatch.setenv(R.MIN_RECORDS_ENV, "30")
    r = R.rank_units(u, threshold=0.4)
    assert r.min_records == 30
    # T: (25 − 20)/0,5 = 10; H: 40% reached → 0
    assert dict(zip(r.ranked["ten_don_vi"], r.ranked["con_thieu"])) == {"T": 10, "H": 0}


def test_the_minimum_is_a_setting_with_a_default(monkeypatch):
    monkeypatch.delenv(R.MIN_RECORDS_ENV, raising=False)
    assert R.min_records() == 20
    monkeypatch.setenv(R.MIN_RECORDS_ENV, "0")
    with pytest.raises(ValueError):
        R.min_records()

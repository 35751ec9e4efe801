"""1.4 Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG, 2022 reading (docs/index-766.md §3), example A."""

from __future__ import annotations

from pytest import approx

from tests.sql.index766.helpers import facts, indicator
from tests.sql.worlds.index766 import C, X


def test_example_a(example_ac):
    # received in March = classes a–f = 31 + 3 + 3 + 1 + 1 + 1 = 40 (g, h were received in February);
    # 38 synced (XA01, XA02 are not): r = 0.95, 6 × 0.95 = 5.7, lost 0.3, k = 40 − 38 = 2
    got = facts(example_ac, "1.4", "2022-03", X)
    assert len(got) == 40 and not any(k.startswith(("XG", "XH")) for k in got)
    assert sorted(k for k, f in got.items() if not f["is_favourable"]) == ["XA01", "XA02"]
    row = indicator(example_ac, "1.4", "2022-03", "xa", X)
    assert (row["numerator"], row["denominator"], row["ratio"]) == (38, 40, approx(0.95))
    assert (row["points"], row["points_lost"], row["k_to_threshold"]) == (approx(5.7), approx(0.3), 2)


def test_province_and_district(example_ac):
    # province: X 38/40 + B 400/400 + C 60/60 = 498/500 (TW's 5 left out) → 6 × 0.996 = 5.976
    prov = indicator(example_ac, "1.4", "2022-03", "toan_tinh")
    assert (prov["numerator"], prov["denominator"], prov["points"]) == (498, 500, approx(5.976))
    assert indicator(example_ac, "1.4", "2022-03", "huyen", C)["points"] == approx(6.0)


def test_no_dossier_received_is_khong_phat_sinh_full(example_ac):
    # April (E = D = 05/04): nothing received at X → d = 0: khong_phat_sinh, full points (§8 A12: no
    # fallback to last year's figures)
    row = indicator(example_ac, "1.4", "2022-04", "xa", X)
    assert (row["denominator"], row["status"], row["points"], row["k_to_threshold"]) == (
        0,
        "khong_phat_sinh",
        6,
        None,
    )

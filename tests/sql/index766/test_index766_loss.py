"""index766_loss (docs/index-766.md §5) over example C: units A (= commune X), B (sở), C (huyện)."""

from __future__ import annotations

import shutil

from pytest import approx

from pipelines.settings import connect
from tests.sql.index766.helpers import loss, run_check
from tests.sql.worlds.index766 import CT, TW, B, C, X


def test_example_c_shares_and_gains(example_ac):
    # province lost 1.029703 = 20 − 20 × 479/505; unfavourable A 6, B 10, C 10 (Σ 26):
    # share_A = 1.029703 × 6/26 = 0.237624, share_B = share_C = 1.029703 × 10/26 = 0.396040
    # gain_u = 20 × (479 + unf_u)/505 − 20 × 479/505 = 20 × unf_u / 505 (= the share, dossier-based lin)
    got = loss(example_ac, "2.1", "2022-03")
    lost = 20 - 20 * 479 / 505
    assert got[X]["unfavourable"] == 6 and got[B]["unfavourable"] == 10 and got[C]["unfavourable"] == 10
    assert got[X]["share_of_province_loss"] == approx(lost * 6 / 26) == approx(0.237624, abs=1e-6)
    assert got[B]["share_of_province_loss"] == approx(0.396040, abs=1e-6)
    assert got[C]["share_of_province_loss"] == approx(0.396040, abs=1e-6)
    for unit in (X, B, C):
        assert got[unit]["province_gain_if_fixed"] == approx(20 * got[unit]["unfavourable"] / 505)
    # B's own loss is the smallest (0.5) yet it costs the province as much as C (3.333333)
    assert got[B]["points_lost"] == approx(0.5) and got[C]["points_lost"] == approx(20 / 6)
    # the shares sum exactly to the province's lost points (and the fail check agrees)
    assert sum(r["share_of_province_loss"] for r in got.values()) == approx(lost, abs=1e-12)
    assert run_check(example_ac, "index766_loss", "index766_loss_shares_sum_to_province_loss") == []


def test_the_sum_check_fails_when_shares_do_not_add_up(example_ac, tmp_path):
    # a copy where B's share of 2.1 is doubled: Σ = 1.029703 + 0.396040 ≠ 1.029703 → one row
    path = example_ac.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()[0]
    shutil.copyfile(path, tmp_path / "copy.duckdb")
    con = connect(tmp_path / "copy.duckdb")
    con.execute("CREATE TABLE tampered AS SELECT * FROM index766_loss")
    con.execute(
        f"UPDATE tampered SET share_of_province_loss = 2 * share_of_province_loss WHERE ma_don_vi = '{B}' AND period = '2022-03' AND indicator_id = '2.1'"
    )
    con.execute("CREATE OR REPLACE VIEW index766_loss AS SELECT * FROM tampered")
    bad = run_check(con, "index766_loss", "index766_loss_shares_sum_to_province_loss")
    assert [(r["indicator_id"], r["period"]) for r in bad] == [("2.1", "2022-03")]
    assert bad[0]["tong_phan"] == approx((20 - 20 * 479 / 505) * 36 / 26)


def test_units_outside_the_province_are_not_ranked(example_ac):
    # TW is not in toan_tinh (include_tw false); the centre CT had every dossier attributed to B
    # (ma_co_quan_thuc_hien or first hand-over), so it is no unit at all
    got = loss(example_ac, "2.1", "2022-03")
    assert TW not in got and CT not in got
    assert set(got) == {X, B, C}

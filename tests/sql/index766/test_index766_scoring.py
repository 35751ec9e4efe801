"""Scoring of the framework (docs/index-766.md §1, §5): thresholds, the multiplier (3.3 × r(1.4))
and k_to_threshold in integer arithmetic, over example A/C with weights changed for the test.

The weights file of the build is replaced by a copy of data/reference/index766_weights.yaml where,
in qd766-2022, 1.4 is `thr(0.97)` and 2.1 is `thr(0.96)` with multiplier 1.4 (the rules 3.3 uses;
3.3 itself is another indicator's model), and periods starting from 01/04/2022 use dvcqg-portal.
Maxima are unchanged, so the file still passes the checks.
"""

from __future__ import annotations

import pytest
import yaml
from pytest import approx

from pipelines.warehouse import index766
from tests.sql.index766.helpers import indicator, loss
from tests.sql.worlds.index766 import B, D, X, example_ac_records
from tests.warehouse.helpers import build_from_records, rows


@pytest.fixture(scope="module")
def rescored(tmp_path_factory):
    doc = yaml.safe_load(index766.WEIGHTS_FILE.read_text(encoding="utf-8"))
    version = next(v for v in doc["versions"] if v["version"] == "qd766-2022")
    for ind in version["indicators"]:
        if ind["id"] == "1.4":
            ind["rule"] = "thr(0.97)"
        if ind["id"] == "2.1":
            ind.update(rule="thr(0.96)", multiplier="1.4")
    doc["settings"]["version_from"] = {"2022-01-01": "qd766-2022", "2022-04-01": "dvcqg-portal"}
    path = tmp_path_factory.mktemp("weights") / "index766_weights.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(index766, "WEIGHTS_FILE", path)
        return build_from_records(tmp_path_factory.mktemp("idx766_rescored"), example_ac_records(), as_of=D)


def test_threshold_below_and_above(rescored):
    # X: r(1.4) = 38/40 = 0.95 < 0.97 → 6 × 0.95/0.97 = 5.876289 (r/T × max, §8 A4), lost 0.123711,
    # k = ceil((97 × 40 − 100 × 38) / 100) = ceil(80/100) = 1
    x = indicator(rescored, "1.4", "2022-03", "xa", X)
    assert (x["threshold"], x["points"], x["k_to_threshold"]) == (approx(0.97), approx(6 * 0.95 / 0.97), 1)
    assert x["points_lost"] == approx(0.123711, abs=1e-6)
    # province: 498/500 = 0.996 ≥ 0.97 → 6, lost 0, k = 0 (97 × 500 − 100 × 498 < 0)
    prov = indicator(rescored, "1.4", "2022-03", "toan_tinh")
    assert (prov["points"], prov["points_lost"], prov["k_to_threshold"]) == (approx(6.0), 0, 0)


def test_province_at_threshold_shares_nothing(rescored):
    # X loses 0.123711 of its own, but the province is above T: every share is 0, X still ranks by
    # its own loss (example C, 4.3)
    got = loss(rescored, "1.4", "2022-03")
    assert got[X]["unfavourable"] == 2 and got[X]["points_lost"] == approx(0.123711, abs=1e-6)
    assert all(r["share_of_province_loss"] == 0 for r in got.values())


def test_multiplier_ratio_points_and_k(rescored):
    # B: r = 390/400 × r(1.4) 400/400 = 0.975 ≥ 0.96 → 20; k: 96·400·400 − 100·390·400 < 0 → 0
    b = indicator(rescored, "2.1", "2022-03", "tinh", B)
    assert (b["multiplier"], b["ratio"], b["points"], b["k_to_threshold"]) == (1.0, approx(0.975), 20, 0)
    # province: r = 479/505 × 498/500 = 0.944744 < 0.96 → 20 × 0.944744/0.96 = 19.682161;
    # k = ceil((96·505·500 − 100·479·498) / (100·498)) = ceil(385800 / 49800) = ceil(7.75) = 8
    # (check: (479 + 8)/505 × 0.996 = 0.960483 ≥ 0.96, (479 + 7)/505 × 0.996 = 0.958511 < 0.96)
    prov = indicator(rescored, "2.1", "2022-03", "toan_tinh")
    assert prov["multiplier"] == approx(0.996)
    assert prov["ratio"] == approx(479 / 505 * 0.996)
    assert prov["points"] == approx(20 * (479 / 505 * 0.996) / 0.96)
    assert prov["k_to_threshold"] == 8 and "can_dong_bo" not in prov["flags"]


def test_multiplier_threshold_out_of_reach_needs_sync(rescored):
    # X: r = 39/45 × 0.95 = 0.823333 → 20 × 0.823333/0.96 = 17.152778; T·d(1.4) = 96 × 40 = 3840 >
    # 100 × n(1.4) = 3800: even 45/45 gives 0.95 < 0.96 → k null, flag can_dong_bo, still tinh_diem
    x = indicator(rescored, "2.1", "2022-03", "xa", X)
    assert x["ratio"] == approx(39 / 45 * 0.95)
    assert x["points"] == approx(20 * 39 / 45 * 0.95 / 0.96)
    assert (x["k_to_threshold"], x["status"]) == (None, "tinh_diem")
    assert "can_dong_bo" in x["flags"]


def test_version_of_a_period_is_the_one_in_force_at_its_start(rescored):
    # version_from {2022-01-01: qd766-2022, 2022-04-01: dvcqg-portal}: April and Q2 start on 01/04 →
    # the portal's layout (2.1 in TDGQ, lin as in its table); March, Q1 and the year 2022 → qd766-2022
    versions = {
        r["period"]: r["version"] for r in rows(rescored, "SELECT DISTINCT period, version FROM index766_indicator")
    }
    assert versions == {"2022-01": "qd766-2022", "2022-02": "qd766-2022", "2022-03": "qd766-2022",
                        "2022-Q1": "qd766-2022", "2022": "qd766-2022", "2022-04": "dvcqg-portal",
                        "2022-Q2": "dvcqg-portal"}  # fmt: skip
    april = indicator(rescored, "2.1", "2022-04", "xa", X)
    assert (april["group_id"], april["threshold"]) == ("TDGQ", 1.0)
    # the portal's DVCTT group (3.TT, rule open) has no model here: thieu_du_lieu, never points
    assert indicator(rescored, "3.TT", "2022-04", "toan_tinh")["points"] is None

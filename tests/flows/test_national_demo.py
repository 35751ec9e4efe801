"""`motcua demo --national N`: which provinces, simulated once each as themselves, on which plan
(pipelines/flows/national_demo.py). The whole demo (server, pool, workers) is the fan-out's
test; these pin the choices made before it starts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.flows.national_demo import demo_codes, fresh_start, simulate_once, simulated_plan


def _fake_simulate(calls: list, plan: str | None = "plans/x-2022-minh-hoa.yaml", code_written: str | None = None):
    """A stand-in for `motcua simulate --province`: writes the `_simulation.json` it would."""

    def simulate(out: Path, seed: int, code: str) -> None:
        calls.append((out, seed, code))
        out.mkdir(parents=True, exist_ok=True)
        province = {"code": code_written or code, "name": "?", "volume_factor": 1.0, "plan": plan}
        (out / "_simulation.json").write_text(json.dumps({"province": province}), encoding="utf-8")

    return simulate


def test_the_provinces_are_ha_tinh_first_then_a_fixed_order():
    assert demo_codes(3) == ["42", "40", "44"]
    # after the ten listed first, the others by code: Hà Nội (01), Hà Giang (02), …
    assert demo_codes(12)[10:] == ["01", "02"]
    assert len(set(demo_codes(63))) == 63
    with pytest.raises(ValueError, match="chỉ có 63 tỉnh"):
        demo_codes(64)


def test_a_province_is_simulated_once_then_reused(tmp_path):
    calls: list = []
    sim = tmp_path / "sim" / "44"
    first = simulate_once(sim, "44", 43, _fake_simulate(calls), echo=lambda _: None)
    again = simulate_once(sim, "44", 43, _fake_simulate(calls), echo=lambda _: None)
    assert calls == [(sim, 43, "44")]  # the second call found it there
    assert first == again and first["code"] == "44"


def test_an_older_relabelled_simulation_is_replaced_whole(tmp_path):
    sim = tmp_path / "sim" / "44"
    # what the demo left before provinces were simulated: Hà Tĩnh's units, no `province`
    (sim / "inbox" / "2022-01-03").mkdir(parents=True)
    (sim / "inbox" / "2022-01-03" / "stale.csv").write_text("old", encoding="utf-8")
    (sim / "_simulation.json").write_text(json.dumps({"seed": 43}), encoding="utf-8")
    calls: list = []

    simulate_once(sim, "44", 43, _fake_simulate(calls), echo=lambda _: None)

    assert calls == [(sim, 43, "44")]
    # no stale night left beside the new simulation
    assert not (sim / "inbox" / "2022-01-03" / "stale.csv").exists()


def test_a_demo_starts_without_the_data_and_store_of_an_earlier_one(tmp_path):
    demo = tmp_path / "national-demo"
    # an earlier demo's raw zone of province 45 and its publication, and a simulation
    for folder in ("provinces/45/raw", "store/province=45", "sim/45-seed44-scale0.01/inbox"):
        (demo / folder).mkdir(parents=True)

    fresh_start(demo)

    # a demo of N = 3 must not roll up province 45 of an earlier N = 4, nor land its files twice
    assert not (demo / "provinces").exists() and not (demo / "store").exists()
    assert (demo / "sim" / "45-seed44-scale0.01" / "inbox").is_dir()  # the slow part is kept


def test_a_simulation_of_another_province_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="không ghi"):
        simulate_once(tmp_path / "sim", "44", 1, _fake_simulate([], code_written="45"), echo=lambda _: None)


def test_each_province_runs_on_the_plan_its_simulation_delivered(tmp_path):
    sim = tmp_path / "sim"
    # another province: its own plan file, under its simulation
    assert simulated_plan(sim, {"code": "44", "plan": "plans/quangbinh-2022-minh-hoa.yaml"}) == str(
        sim / "plans" / "quangbinh-2022-minh-hoa.yaml"
    )
    # Hà Tĩnh: the project's own plan, by its id
    assert simulated_plan(sim, {"code": "42", "plan": None}) == "hatinh-2022"
    # never another province's plan in place of a missing one
    with pytest.raises(ValueError, match="không có kế hoạch"):
        simulated_plan(sim, {"code": "44", "plan": None})

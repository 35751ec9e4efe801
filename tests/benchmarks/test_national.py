"""`motcua bench --national`: the projection's arithmetic on worked numbers, and the command's
arguments. The bench itself (a server, two workers, simulated provinces: minutes) is not run
here; `benchmarks/README.md` records what it measured."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from benchmarks.national import (
    HATINH_DOSSIERS_PER_YEAR,
    HATINH_POPULATION,
    POPULATION_2025,
    fit_line,
    lpt_makespan,
    project,
    province_volumes,
    workers_needed,
)


def test_fit_line_separates_a_runs_fixed_cost_from_its_cost_per_dossier():
    # two small provinces (1 000 dossiers: 30 s and 34 s) and two large (5 000: 70 s and 74 s):
    # means x = 3 000, wall = 52; b = Σ(dx·dy)/Σdx² = (2000·22 + 2000·18 + 2000·18 + 2000·22)
    # / (4 · 2000²) = 160 000 / 16 000 000 = 0,01 s a dossier; a = 52 − 0,01 · 3 000 = 22 s
    a, b = fit_line([(1000, 30), (1000, 34), (5000, 70), (5000, 74)])
    assert (round(a, 9), round(b, 12)) == (22.0, 0.01)


def test_fit_line_with_one_size_counts_every_second_as_proportional():
    # one size cannot tell a fixed cost apart: a = 0, b = mean wall 32 s / 1 000 dossiers
    assert fit_line([(1000, 30), (1000, 34)]) == (0.0, 0.032)
    with pytest.raises(ValueError):
        fit_line([])


def test_longest_first_schedule():
    # runs 5, 4, 3, 3, 3 on two workers, each to the worker free first, longest first:
    # w1 = 5, w2 = 4, w2 = 4 + 3 = 7, w1 = 5 + 3 = 8, w2 = 7 + 3 = 10 → the night ends at 10
    # (the optimum is 9 = 5 + 4 | 3 + 3 + 3: the greedy is what a pool does, not the optimum)
    assert lpt_makespan([3, 5, 3, 4, 3], 2) == 10
    # three workers: 5 | 4 | 3, then 3 → w3 = 6, 3 → w2 = 7: ends at 7
    assert lpt_makespan([3, 5, 3, 4, 3], 3) == 7


def test_workers_needed_counts_the_roll_up_and_refuses_a_run_longer_than_the_night():
    runs = [5, 4, 3, 3, 3]  # 18 s of work
    # window 12, roll-up 2: 10 s for the runs; ⌈18 / 10⌉ = 2 workers end at 10, + 2 = 12 ≤ 12
    assert workers_needed(runs, window_s=12, rollup_s=2) == 2
    # window 11: two end at 12 > 11; three end at 7 + 2 = 9 ≤ 11
    assert workers_needed(runs, window_s=11, rollup_s=2) == 3
    # a run of 20 s + the roll-up does not fit 21 s whatever the number of workers
    assert workers_needed([5, 20], window_s=21, rollup_s=2) is None
    assert workers_needed([], window_s=21, rollup_s=2) == 0


def test_province_volumes_are_ha_tinh_s_per_inhabitant():
    # Hà Tĩnh itself: 850 000 dossiers for 1 323 700 inhabitants, 0,6421 a person a year
    volumes = province_volumes()
    assert volumes["Hà Tĩnh"] == pytest.approx(HATINH_DOSSIERS_PER_YEAR)
    # TP Hồ Chí Minh: 14 002 598 × 850 000 / 1 323 700 = 8 991 620,7 dossiers (≈ scale 10,6)
    assert round(volumes["TP Hồ Chí Minh"]) == 8_991_621
    assert len(POPULATION_2025) == 34 and HATINH_POPULATION == POPULATION_2025["Hà Tĩnh"]


def test_project_worked_example():
    # two provinces: A as populous as Hà Tĩnh (850 000 dossiers), B twice (1 700 000);
    # a night costs 60 s + 0,0001 s a dossier: A 60 + 85 = 145 s, B 60 + 170 = 230 s, 375 s in all
    population = {"A": HATINH_POPULATION, "B": 2 * HATINH_POPULATION}
    fits = {"increment": (60.0, 0.0001)}
    # window 300 s, roll-up 30 s: ⌈375 / 270⌉ = 2 workers, ending at 230 + 30 = 260 ≤ 300
    p = project(fits, rollup_s=30, window_s=300, population=population)["increment"]
    assert (p["total_s"], p["longest"], p["longest_s"], p["workers"]) == (375.0, "B", 230.0, 2)
    assert p["b_s_per_1000_dossiers"] == 0.1
    # window 405 s: one worker runs both, 375 + 30 = 405 ≤ 405
    assert project(fits, rollup_s=30, window_s=405, population=population)["increment"]["workers"] == 1


@pytest.fixture()
def calls(monkeypatch):
    import benchmarks.national as national
    from pipelines import cli

    seen = []
    monkeypatch.setattr(national, "run_national_bench", lambda root, **kw: seen.append((root, kw)) or {"r": 1})
    monkeypatch.setattr(national, "print_national", lambda rep, console=None: seen.append(("printed", rep)))
    monkeypatch.setattr(cli, "_prefect_env", lambda root: None)  # no PREFECT_* left in this process
    return seen


def test_bench_national_defaults(calls, tmp_path):
    from pipelines.cli import app

    res = CliRunner().invoke(app, ["bench", "--national", "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    root, kw = calls[0]
    assert root == (tmp_path / "bench").resolve()
    # 6 provinces at scale 0,2 and 2 at scale 1 (the example)
    assert {k: kw[k] for k in ("provinces", "scale", "large", "large_scale", "seed")} == {
        "provinces": 6,
        "scale": 0.2,
        "large": 2,
        "large_scale": 1.0,
        "seed": 42,
    }
    assert calls[1] == ("printed", {"r": 1})


def test_bench_national_options(calls, tmp_path):
    from pipelines.cli import app

    args = ["bench", "--national", "--provinces", "6", "--scale", "0.05", "--large", "2", "--large-scale", "0.2"]
    res = CliRunner().invoke(app, [*args, "--seed", "7", "--data-dir", str(tmp_path)])
    assert res.exit_code == 0, res.output
    _, kw = calls[0]
    assert (kw["provinces"], kw["scale"], kw["large"], kw["large_scale"], kw["seed"]) == (6, 0.05, 2, 0.2, 7)


def test_bench_national_refuses_two_scales_and_no_province(calls, tmp_path):
    from pipelines.cli import app

    two = CliRunner().invoke(
        app, ["bench", "--national", "--scale", "0.1", "--scale", "1", "--data-dir", str(tmp_path)]
    )
    none = CliRunner().invoke(
        app, ["bench", "--national", "--provinces", "0", "--large", "0", "--data-dir", str(tmp_path)]
    )
    assert (two.exit_code, none.exit_code) == (2, 2)
    assert calls == []  # nothing measured

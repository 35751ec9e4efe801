"""`motcua bench` keeps working: every figure is measured and the pandas peer agrees with us.

No figure is asserted (timings on a shared machine are not a test); the benchmark runs on a
small simulation (scale 0.01, one month) to stay short, without the Prefect-overhead figure
(it starts Prefect's temporary server; `motcua bench` measures it at its smallest scale).
"""

import json
import sys
from datetime import date

import pytest

from benchmarks.bench import FIGURES, evaluate_goals, measure_command, run_bench


@pytest.mark.slow
def test_bench_small_scale_every_figure_and_peer_equal(tmp_path):
    root = tmp_path / "bench"
    steps = []
    rep = run_bench(
        [0.01],
        data_root=root,
        seed=7,
        start=date(2022, 1, 1),
        end=date(2022, 1, 31),
        prefect_pair=False,
        progress=lambda d, t, label: steps.append(label),
    )
    s = rep["scales"]["0.01"]
    for name in FIGURES:
        fig = s["figures"][name]
        for k in ("wall_s", "cpu_s", "peak_rss_mb"):
            assert fig.get(k) is not None, (name, k)
        assert fig["peak_rss_mb"] > 0, name
    assert s["figures"]["full_run"]["result"]["status"] == "published"
    assert s["figures"]["increment"]["result"]["status"] == "published"
    assert s["figures"]["rebuild"]["result"]["status"] == "published"
    assert s["figures"]["increment"]["result"]["files_landed"] == s["figures"]["increment"]["last_night_files"]
    assert s["figures"]["rebuild"]["result"]["files_landed"] == 0
    assert s["figures"]["full_run"]["parse_seconds"]["files"] > 0
    check = s["peer_check"]
    assert check["equal"], check
    assert check["rows_compared"] > 0
    for k in ("full_over_floor", "increment_over_full", "peer_over_ours_increment", "peer_over_ours_full_build"):
        assert s["ratios"][k] is not None, k
    assert s["ours_metric_step"]["full_build"]["subset_models"]
    assert s["figures"]["increment"]["result"]["build_mode"] == "increment"
    assert s["figures"]["rebuild"]["result"]["build_mode"] == "full"
    assert any(g["goal"].startswith("peer / ours") for g in rep["goals"])
    saved = json.loads((root / "latest.json").read_text(encoding="utf-8"))
    assert saved["scales"]["0.01"]["peer_check"]["equal"]
    assert list(root.glob("bench-*.json"))
    assert not (root / "work-seed7-scale0.01-20220101-20220131").exists()  # keep=False cleans up
    assert steps


def test_measure_command_reports_wall_cpu_and_tree_memory():
    # a child that allocates ~60 MB in a grandchild: the process tree's peak must see it
    code = (
        "import subprocess, sys; subprocess.run([sys.executable, '-c', "
        "'import time; b = bytearray(60 * 1024 * 1024); b[::4096] = b\"x\" * len(b[::4096]); time.sleep(0.6)'])"
    )
    fig = measure_command([sys.executable, "-c", code])
    assert fig["returncode"] == 0
    assert fig["peak_rss_mb"] >= 60
    assert fig["cpu_s"] >= 0 and fig["wall_s"] > 0
    assert len(fig["load_avg"]) == 3


def _scale(scale, full, floor, inc, peak, sim, peer_ratio):
    fig = lambda w: {"wall_s": w}  # noqa: E731
    return {
        "scale": scale,
        "peak_rss_mb": peak,
        "figures": {"full_run": fig(full), "read_floor": fig(floor), "increment": fig(inc), "simulate": fig(sim)},
        "ratios": {
            "full_over_floor": round(full / floor, 2),
            "peer_over_ours_increment": peer_ratio,
            "peer_over_ours_full_build": peer_ratio / 10,
        },
    }


def test_goals_are_judged_per_scale():
    goals = evaluate_goals(
        {"1": _scale(1.0, 50, 40, 12, 1500, 100, 12.0), "10": _scale(10.0, 700, 500, 30, 3000, 1000, 8.0)}
    )
    met = {g["goal"]: g["met"] for g in goals}
    assert met["full run, scale 1"] is True
    assert met["full run / read floor, scale 1"] is True
    assert met["nightly increment, scale 1"] is False
    assert met["peak memory, scale 1"] is True
    assert met["simulate, scale 1"] is True
    assert met["full run, scale 10"] is False
    assert met["peak memory, scale 10"] is True
    assert met["simulate, scale 10"] is False
    assert met["peer / ours (metric step, nightly increment), scale 1"] is True
    assert met["peer / ours (metric step, full build), scale 1"] is False
    assert met["peer / ours (metric step, nightly increment), scale 10"] is False
    # a scale with no goal of its own is judged only on the peer ratios
    assert [g["goal"] for g in evaluate_goals({"0.01": _scale(0.01, 1, 1, 1, 1, 1, 3.0)})] == [
        "peer / ours (metric step, nightly increment), scale 0.01",
        "peer / ours (metric step, full build), scale 0.01",
    ]

"""Replay night by night = one run over all those nights' files (same as-of date), and each night's
scorecard is kept in the history."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from pipelines.flows.nightly import run_pipeline
from pipelines.flows.replay import history_dir, nights, replay
from pipelines.settings import connect, data_paths
from tests.sources.helpers import table_digest

# five nights: enough for the history and the night-by-night equality (each night is a whole run)
START, END = date(2022, 1, 1), date(2022, 1, 5)


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    from simulator.run import simulate

    out = tmp_path_factory.mktemp("sim_replay")
    simulate(out, seed=4, scale=0.002, start=START, end=date(2022, 1, 7))
    return out


@pytest.mark.slow
def test_replay_equals_one_run_over_the_same_files(sim, tmp_path):
    progress = []
    results = replay(sim, START, END, tmp_path / "replayed", progress=lambda *a: progress.append(a))
    assert [r["as_of"] for r in results] == [f"2022-01-{d:02d}" for d in range(1, 6)]
    assert all(r["status"] == "published" for r in results), [(r["as_of"], r["error"]) for r in results]
    assert progress[-1][:2] == (5, 5)
    replayed = data_paths(tmp_path / "replayed")

    # the same files in one go, in the same landing order (night folders sort by date)
    inbox = tmp_path / "all_nights"
    for night, folder in nights(sim, START, END):
        if folder is not None:
            shutil.copytree(folder, inbox / night.isoformat())
    once = run_pipeline(inbox, as_of=END, data_dir=tmp_path / "once")
    assert once["status"] == "published", once.get("error")
    once_db = data_paths(tmp_path / "once").curated_db
    assert table_digest(replayed.curated_db, "metric_values") == table_digest(once_db, "metric_values")
    assert table_digest(replayed.curated_db, "plan_scorecard") == table_digest(once_db, "plan_scorecard")

    # one history folder per night; the last one is the published database's
    hist = history_dir(replayed)
    assert sorted(p.name for p in hist.glob("asof=*")) == [f"asof=2022-01-{d:02d}" for d in range(1, 6)]
    con = connect()
    try:
        glob = (hist / "asof=*" / "plan_scorecard.parquet").as_posix()
        per_night = con.execute(f"SELECT as_of, count(*) FROM read_parquet('{glob}') GROUP BY 1 ORDER BY 1").fetchall()
        assert [d for d, _ in per_night] == [date(2022, 1, d) for d in range(1, 6)]
        last = (hist / "asof=2022-01-05" / "metric_values.parquet").as_posix()
        n_last = con.execute(f"SELECT count(*) FROM read_parquet('{last}')").fetchall()[0][0]
    finally:
        con.close()
    assert n_last == table_digest(replayed.curated_db, "metric_values")[0]
    assert (hist / "runs.jsonl").read_text("utf-8").count("\n") == 5


@pytest.mark.slow
def test_replay_through_the_api_pulls_night_by_night(tmp_path):
    from pipelines.sources.api import read_watermarks
    from simulator.api_server import serve_api
    from simulator.generate import generate_world

    world = generate_world(seed=6, scale=0.002, start=START, end=date(2022, 1, 5))
    server, url = serve_api(world, token="tok")
    try:
        res = replay(None, date(2022, 1, 4), date(2022, 1, 5), tmp_path / "d", api=url, token="tok", page_size=500)
        bad = replay(None, date(2022, 1, 6), date(2022, 1, 6), tmp_path / "d", api=url, token="wrong")
    finally:
        server.stop()
    assert [r["status"] for r in res] == ["published", "published"], [r["error"] for r in res]
    assert res[0]["api_pages"] > 0
    marks = read_watermarks(data_paths(tmp_path / "d"))
    assert marks["pakn"]["watermark"] == "2022-01-05T23:59:59"
    assert marks["hoso"]["watermark"] <= "2022-01-05T23:59:59"
    assert (history_dir(data_paths(tmp_path / "d")) / "asof=2022-01-05" / "plan_scorecard.parquet").exists()
    assert bad[0]["status"] == "error" and "401" in bad[0]["error"]

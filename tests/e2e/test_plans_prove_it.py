"""The plans that prove the plan format (issue 14): five plans — Hà Tĩnh 2022 (plans/), an
inspection plan shaped like KH 290, a communication plan shaped like KH 99, staged and
per-district thresholds, and Hà Tĩnh 2023 (plans/examples/) — loaded side by side into one
warehouse of one small simulated year, scored, and each rendered as its "Kế hoạch theo phần"
page, with no code change between them.

The simulated year runs from 01/07/2022 to 30/06/2023 (scale 0.01), so that the 2022 plans score
the second half of 2022 and the 2023 plan the first half of 2023 (a plan scores only the periods
inside its validity). Each page is rendered for a quarter of its plan's year, the plan's last
quarter with data: Q4 2022, Q2 2023.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

import pytest

from pipelines.flows.nightly import run_pipeline
from pipelines.reports.render import KernelRunner, render_notebook
from pipelines.settings import PLANS_DIR, connect, data_paths

EXAMPLES = PLANS_DIR / "examples"
PLANS = {  # plan id -> (file, the quarter its page is rendered for)
    "hatinh-2022": (PLANS_DIR / "hatinh-2022.yaml", "2022-Q4"),
    "vi-du-binh-thuan-kh290-2022": (EXAMPLES / "binh-thuan-kh290-2022.yaml", "2022-Q4"),
    "vi-du-ha-noi-kh99-2022": (EXAMPLES / "ha-noi-kh99-2022.yaml", "2022-Q4"),
    "vi-du-giai-doan-huyen-2022": (EXAMPLES / "giai-doan-theo-huyen-2022.yaml", "2022-Q4"),
    "hatinh-2023": (EXAMPLES / "hatinh-2023.yaml", "2023-Q2"),
}


@pytest.fixture(scope="module")
def plans_site(tmp_path_factory):
    from simulator.run import simulate

    mp = pytest.MonkeyPatch()
    try:
        mp.setenv("MOTCUA_PLAN", ",".join(str(path) for path, _ in PLANS.values()))
        sim = tmp_path_factory.mktemp("sim_plans")
        simulate(sim, seed=7, scale=0.01, start=date(2022, 7, 1), end=date(2023, 6, 30), formats=("csv",))
        data = tmp_path_factory.mktemp("data_plans")
        summary = run_pipeline(sim / "inbox", data_dir=data)
    finally:
        mp.undo()
    assert summary["status"] == "published", summary.get("error")
    db = data_paths(data).curated_db
    out = tmp_path_factory.mktemp("pages_plans")
    runner = KernelRunner()
    pages = {}
    try:
        for plan_id, (_, quarter) in PLANS.items():
            res = render_notebook(
                "ke_hoach",
                db,
                out / f"{plan_id}.html",
                {"period": quarter, "as_of": "", "level": "toan_tinh", "ma_don_vi": "", "plan_id": plan_id},
                plan_id,
                runner=runner,
            )
            assert res["ok"], (plan_id, res["errors"])
            pages[plan_id] = html.unescape(Path(res["html"]).read_text(encoding="utf-8"))
    finally:
        runner.close()
    con = connect(db, read_only=True)
    yield con, pages, summary
    con.close()


@pytest.mark.slow
def test_five_plans_load_score_and_render(plans_site):
    con, pages, summary = plans_site
    failed = [(c["model"], c["name"]) for c in summary["checks"] if c["severity"] == "fail" and c.get("failing_rows")]
    assert failed == []
    for plan_id, (_, quarter) in PLANS.items():
        # loaded, and scored in the quarter its page shows (inside the plan's validity)
        n = con.execute(
            "SELECT count(*) FROM plan_scorecard WHERE plan_id = ? AND period = ? AND level = 'toan_tinh'",
            [plan_id, quarter],
        ).fetchone()[0]
        targets = con.execute("SELECT count(*) FROM plan_targets WHERE plan_id = ?", [plan_id]).fetchone()[0]
        assert n >= targets > 0, plan_id
        page = pages[plan_id]
        # the page is made of the plan's own headings, in its order
        titles = [
            t
            for (t,) in con.execute(
                "SELECT title FROM plan_sections WHERE plan_id = ? ORDER BY sort_order", [plan_id]
            ).fetchall()
        ]
        assert titles and all(t in page for t in titles), plan_id
        assert [page.index(t) for t in titles] == sorted(page.index(t) for t in titles), plan_id
        # every target headed by its id and short name (never a bare id), with its words and its
        # declared lead units
        for tid, short, text, chu_tri in con.execute(
            "SELECT target_id, short_name, text, chu_tri FROM plan_targets WHERE plan_id = ? AND section = 'targets'",
            [plan_id],
        ).fetchall():
            heading = f"{tid} {short}:" if short else f"{tid}:"
            assert heading in page and (text is None or text in page), (plan_id, tid)
            assert f"Cơ quan chủ trì: {chu_tri}" in page if chu_tri else "Cơ quan chủ trì: kế hoạch không ghi" in page


@pytest.mark.slow
def test_every_page_names_the_units_that_have_not_delivered(plans_site):
    con, pages, _ = plans_site
    for plan_id, (_, quarter) in PLANS.items():
        units = con.execute(
            "SELECT target_id, ten_don_vi, level, ten_huyen, ly_do FROM plan_undelivered_units"
            " WHERE plan_id = ? AND period = ?",
            [plan_id, quarter],
        ).fetchall()
        # each plan has milestones or counts that some unit has not delivered in the quarter
        assert units, plan_id
        page = pages[plan_id]
        for tid, name, level, district, reason in units:
            assert name in page and reason in page, (plan_id, tid, name)
            if level == "xa":  # a commune is named under its district
                assert f"<i>{district}</i>:" in page, (plan_id, tid, name)
    # Hà Tĩnh 2022, P2.8 (due 31/12/2022, led by the departments, districts and communes): the
    # communes have no register row for it
    communes = con.execute(
        "SELECT count(*) FROM plan_undelivered_units WHERE plan_id = 'hatinh-2022' AND period = '2022-Q4'"
        " AND target_id = 'P2.8' AND level = 'xa' AND ly_do = 'chưa có nhiệm vụ này trong sổ theo dõi nhiệm vụ'"
    ).fetchone()[0]
    assert communes == con.execute("SELECT count(*) FROM dim_agency WHERE level = 'xa'").fetchone()[0]

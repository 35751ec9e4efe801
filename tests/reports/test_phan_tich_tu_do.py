"""notebooks/phan_tich_tu_do.py, the analysts' example (docs/notebooks.md), executed on the
reports' fixture database: it reads metric_values, plan_scorecard and fct_dossier into pandas and
draws one chart in the site's style, without an error cell."""

from __future__ import annotations

import re

from pipelines.reports.render import KernelRunner, render_notebook


def test_the_example_notebook_runs(fixture_db, tmp_path):
    runner = KernelRunner(timeout=300)
    try:
        res = render_notebook(
            "phan_tich_tu_do",
            fixture_db,
            tmp_path / "phan_tich_tu_do.html",
            {"period": "2022", "as_of": "2022-06-30", "level": "toan_tinh", "ma_don_vi": ""},
            "Phân tích tự do",
            runner=runner,
        )
    finally:
        runner.close()
    assert res["ok"], res["errors"]
    html = (tmp_path / "phan_tich_tu_do.html").read_text(encoding="utf-8")
    for table in ("metric_values", "plan_scorecard", "fct_dossier"):
        assert f"({table})" in html, table  # each section names the table it read
    assert html.count("<svg") >= 1 and 'font-family="DejaVu Sans"' in html  # the site's chart style
    assert re.search(r">\d{1,3},\d%<", html)  # Vietnamese percentages in the tables
    assert "Traceback" not in html

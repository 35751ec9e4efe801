"""The rendered site's figures and forms: a caption speaks of a dashed line exactly when its chart
draws one, the overview charts the trend of every unmet target, and every district and
department gets its own Biểu 06 of every closed window, linked from the index."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.reports.bieu06 import unit_form_name
from pipelines.reports.render import window_slug
from pipelines.settings import connect

FIGURE = re.compile(r'<figure class="([^"]*)">(.*?)<figcaption>(.*?)</figcaption></figure>', re.S)
# the group of a chart's rule marks (not the axis grid, also drawn as rules)
RULES = re.compile(r'<g[^>]*class="mark-rule role-mark[^"]*"[^>]*>(.*?)</g>', re.S)


def _figures(path: Path) -> list[tuple[str, str, str]]:
    return FIGURE.findall(path.read_text(encoding="utf-8"))


def test_a_caption_names_a_dashed_line_exactly_when_the_chart_draws_one(site):
    seen = {True: 0, False: 0}
    for page in sorted(Path(site["out_dir"]).glob("*.html")):
        for _, svg, caption in _figures(page):
            dashed = any("stroke-dasharray" in g for g in RULES.findall(svg))
            assert dashed == ("đứt nét" in caption), f"{page.name}: {caption}"
            seen[dashed] += 1
    # both kinds exist on the fixture's site: the check is not vacuous
    assert seen[True] >= 5 and seen[False] >= 5, seen


def test_the_overview_charts_the_trend_of_every_unmet_target(site, fixture_db):
    # the unmet ratio rows with a threshold of the overview's scorecard: the province rows, and
    # the level rows of a target with a threshold per level (P2.2); a province row without a
    # threshold is judged by those (or by its groups, P2.6b) and charted through them
    con = connect(fixture_db, read_only=True)
    try:
        unmet = con.execute("""
            SELECT s.target_id, s.group_key, s.level
            FROM plan_scorecard AS s JOIN plan_targets AS t USING (target_id)
            WHERE s.period = '2022' AND s.ma_don_vi IS NULL AND s.status = 'chua_dat' AND t.kind = 'ratio'
              AND s.threshold IS NOT NULL
              AND (s.level = 'toan_tinh' OR s.target_id IN (SELECT target_id FROM plan_target_levels))
        """).fetchall()
    finally:
        con.close()
    scope = {"toan_tinh": "toàn tỉnh", "tinh": "cấp tỉnh", "huyen": "cấp huyện", "xa": "cấp xã"}
    expected = sorted((f"{tid}{f' [{g}]' if g and g != tid else ''}", scope[lv]) for tid, g, lv in unmet)
    figs = _figures(Path(site["out_dir"], "tong_quan.html"))
    # a caption names the target by its id and short name ("P2.1 70% hồ sơ …"), a group in words
    charted = sorted(
        (m.group(2).split(" ")[0], m.group(1))
        for cls, _, caption in figs
        if "xu-huong" in cls
        for m in [re.match(r"Giá trị (.+?) của (.+?) từng tháng \(chưa đạt", caption)]
        if m
    )
    expected = sorted((tid, scope) for (tid, scope) in ((e[0].split(" ")[0], e[1]) for e in expected))
    assert charted == expected
    assert len(expected) > 4  # more than the four the overview used to chart


def test_every_unit_has_its_own_form_of_every_window(site):
    units = {u["ma_don_vi"] for u in site["units"]}
    windows = {f["label"] for f in site["bieu06"]}
    forms = site["bieu06_units"]
    assert units and windows
    assert {(f["label"], f["ma_don_vi"]) for f in forms} == {(w, u) for w in windows for u in units}
    index = Path(site["index"]).read_text(encoding="utf-8")
    for f in forms:
        assert f["ok"] and f["identities_ok"], f
        name = unit_form_name(f["ma_don_vi"], window_slug(f["label"]))
        assert Path(f["xlsx"]).name == name and Path(f["xlsx"]).exists()
        assert f'href="{name}"' in index

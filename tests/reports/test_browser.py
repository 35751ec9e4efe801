"""Open the index and the overview in headless Chromium with the network disabled: the page
loads from file://, the charts drew (SVG marks in the DOM), and the console has no error."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.settings import connect
from tests.reports import chromium
from tests.reports.page_words import visible_text


def _open(url: str) -> tuple[str, str]:
    """DOM after load and the browser's log (console messages included)."""
    p = chromium.run(url, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom")
    return p.stdout, p.stderr


def _console_errors(log: str) -> list[str]:
    """Our pages run no script, so any console message at all (Chromium logs them as
    `INFO:CONSOLE`, whatever their level) is a failure, as are failed loads."""
    bad = re.compile(r"Uncaught|CONSOLE|Failed to load resource|net::ERR_")
    return [line for line in log.splitlines() if bad.search(line)]


def test_console_check_catches_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<html><body><script>console.error("boom"); nope();</script></body></html>')
    _, log = _open(page.as_uri())
    errs = _console_errors(log)
    assert any("boom" in e for e in errs) and any("Uncaught" in e for e in errs)


def test_overview_charts_draw_offline(site):
    dom, log = _open(Path(site["out_dir"], "tong_quan.html").as_uri())
    assert "Tổng quan thực hiện kế hoạch" in dom
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?:", dom)
    svgs = re.findall(r"<svg\b.*?</svg>", dom, flags=re.S)
    assert len(svgs) >= 2
    drawn = [s for s in svgs if re.search(r'class="mark-(symbol|rect|line|text|rule)', s)]
    assert len(drawn) >= 2, "no chart marks in the DOM"
    assert re.search(r"<path[^>]+d=\"M", drawn[0])  # marks have geometry
    assert _console_errors(log) == []


def test_index_loads_without_console_errors(site):
    dom, log = _open(Path(site["index"]).as_uri())
    assert "Danh mục báo cáo" in dom and "tong_quan.html" in dom and ".xlsx" in dom
    assert "30/06/2022" in dom
    assert _console_errors(log) == []


def test_first_screen_lists_the_unmet_targets_with_their_names(site, fixture_db):
    # the unmet rows of the scorecard (status chua_dat, a threshold of their own) of the year at
    # the province level, with the level rows of a target with a threshold per level (P2.2),
    # the furthest-off first; each must be on index.html's first screen with its short name
    con = connect(fixture_db, read_only=True)
    try:
        unmet = con.execute(
            """SELECT s.target_id, t.short_name, s.threshold - s.value AS gap
               FROM plan_scorecard s JOIN plan_targets t USING (plan_id, target_id)
               WHERE s.period = '2022' AND s.ma_don_vi IS NULL AND s.status = 'chua_dat'
                 AND s.threshold IS NOT NULL
                 AND (s.level = 'toan_tinh'
                      OR s.target_id IN (SELECT target_id FROM plan_target_levels))
               ORDER BY gap DESC"""
        ).fetchall()
        met = con.execute(
            """SELECT DISTINCT t.short_name FROM plan_scorecard s JOIN plan_targets t USING (plan_id, target_id)
               WHERE s.period = '2022' AND s.ma_don_vi IS NULL AND s.level = 'toan_tinh'
                 AND s.status = 'dat' AND s.threshold IS NOT NULL"""
        ).fetchall()
    finally:
        con.close()
    assert len(unmet) >= 5 and met  # the fixture has both
    dom, log = _open(Path(site["index"]).as_uri())
    assert _console_errors(log) == []
    # the first screen: from the top of the page to the first list of reports
    first = dom.split("Báo cáo chung")[0]
    table = re.search(r"<table.*?</table>", first, flags=re.S).group(0)  # the unmet table, before <details>
    text = "\n".join(visible_text(table))
    for tid, name, _ in unmet:
        assert f"{tid} {name}" in text, (tid, name)
    # the furthest-off row first, statuses coloured with their symbol
    first_row = re.search(r"<tbody><tr>(.*?)</tr>", table, flags=re.S).group(1)
    assert f"{unmet[0][0]} {unmet[0][1]}" in first_row
    assert table.count('class="status-chua_dat">✗ Chưa đạt') == len(unmet)
    # the met targets are folded below, not in the unmet table
    details = re.search(r"<details>.*?</details>", first, flags=re.S).group(0)
    for (name,) in met:
        assert name not in text and name in details, name

"""Open the index and the overview in headless Chromium with the network disabled: the page
loads from file://, the charts drew (SVG marks in the DOM), and the console has no error."""

from __future__ import annotations

import re
from pathlib import Path

from tests.reports import chromium


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

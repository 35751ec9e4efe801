"""The site on a phone and on paper, in headless Chromium (the one rendered site of the session).

Phone: every page is laid out in a 390 px wide frame; the page never scrolls sideways (a wide
table scrolls inside its own box, `.bang-cuon`) and the status column of every table that has
one (`.cot-trang-thai`) is on screen. Print: the overview, its A4 appendix and a unit page
printed to PDF are A4 portrait pages without the navigation bar, each with the print heading
(agency, page, period, as-of date) and its page number."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.reports import chromium

PHONE = 390
A4_PT = (595.3, 841.9)  # 210 × 297 mm in points

# measures every framed page once loaded: the page's width and scroll width, and for every
# data table whether its box scrolls, whether a header says "Trạng thái", and where the
# status cell of its first body row lies
PROBE = """
<script>
window.addEventListener("load", () => {
  const res = [];
  for (const f of document.querySelectorAll("iframe")) {
    const w = f.contentWindow, d = f.contentDocument, de = d.documentElement;
    const tables = [];
    for (const t of d.querySelectorAll("table.data")) {
      const cell = t.querySelector("tbody tr td.cot-trang-thai");
      const r = cell ? cell.getBoundingClientRect() : null;
      const box = t.parentElement;
      tables.push({
        in_box: box.classList.contains("bang-cuon"),
        scrolls: box.scrollWidth > box.clientWidth,
        status_header: [...t.querySelectorAll("thead th")].some(th => th.textContent.trim() === "Trạng thái"),
        status: r ? [r.left, r.right] : null,
      });
    }
    res.push({page: f.dataset.page, inner: w.innerWidth, client: de.clientWidth, scroll: de.scrollWidth, tables});
  }
  document.getElementById("out").textContent = JSON.stringify(res);
});
</script>
"""


def _phone_layout(pages: list[Path], tmp_path: Path) -> list[dict]:
    """Every page in a 390 × 844 frame of one host page (one browser for all), measured."""
    frames = "".join(
        f'<iframe data-page="{html.escape(p.name)}" src="{p.as_uri()}" '
        f'style="width:{PHONE}px;height:844px;border:0"></iframe>'
        for p in pages
    )
    host = tmp_path / "phone.html"
    host.write_text(f'<!DOCTYPE html><html><body>{frames}<pre id="out"></pre>{PROBE}</body></html>', encoding="utf-8")
    p = chromium.run(host.as_uri(), "--allow-file-access-from-files", "--virtual-time-budget=20000", "--dump-dom")
    m = re.search(r'<pre id="out">(.*?)</pre>', p.stdout, flags=re.S)
    assert m and m.group(1), "the probe did not run"
    return json.loads(html.unescape(m.group(1)))


def test_on_a_phone_no_page_scrolls_sideways_and_status_stays_in_view(site, tmp_path):
    out = Path(site["out_dir"])
    pages = sorted(out.glob("*.html"))
    assert {"tong_quan.html", "phu_luc_thang.html", "index.html"} <= {p.name for p in pages}
    measured = _phone_layout(pages, tmp_path)
    assert [m["page"] for m in measured] == [p.name for p in pages]
    for m in measured:
        # the frame is 390 px wide (the page's own width is that less a vertical scrollbar)
        assert m["inner"] == PHONE and m["client"] <= PHONE, m
        # nothing wider than the screen outside a table's own box
        assert m["scroll"] <= m["client"], f"{m['page']}: {m['scroll']} px wide on a {m['client']} px screen"
        for t in m["tables"]:
            assert t["in_box"], f"{m['page']}: a table outside its scrolling box"
            if t["status_header"]:
                assert t["status"] is not None, f"{m['page']}: a status column without its class"
            if t["status"] is not None:
                left, right = t["status"]
                assert 0 <= left < right <= m["client"], f"{m['page']}: status cell at {left}–{right} px"
    # not vacuous: the overview's scorecard (9 columns) is wider than the phone and scrolls in
    # its box, with its status cells in view
    overview = next(m for m in measured if m["page"] == "tong_quan.html")
    assert any(t["scrolls"] and t["status"] for t in overview["tables"])


def _print(page: Path, tmp_path: Path) -> PdfReader:
    pdf = tmp_path / (page.stem + ".pdf")
    p = chromium.run(page.as_uri(), "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.exists(), p.stderr[-2000:]
    return PdfReader(str(pdf))


def _check_a4(reader: PdfReader, heading: str) -> list[str]:
    texts = []
    n = len(reader.pages)
    for i, page in enumerate(reader.pages, start=1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - A4_PT[0]) < 2 and abs(h - A4_PT[1]) < 2, (w, h)  # A4 portrait, not Letter
        text = page.extract_text()
        assert heading in " ".join(text.split()), f"page {i}: no heading"
        assert f"Trang {i}/{n}" in text, f"page {i}: no page number"
        texts.append(text)
    return texts


def test_overview_prints_on_a4_without_the_navigation_bar(site, tmp_path):
    out = Path(site["out_dir"])
    texts = _check_a4(
        _print(out / "tong_quan.html", tmp_path),
        # the fixture's plan is Hà Tĩnh's; as of 30/06/2022 (fixture_data)
        "Tỉnh Hà Tĩnh · Tổng quan thực hiện kế hoạch · Năm 2022 · số liệu đến ngày 30/06/2022",
    )
    assert len(texts) >= 2
    whole = "\n".join(texts)
    assert "Danh mục báo cáo" not in whole  # the navigation bar ("← Danh mục báo cáo") is not printed
    assert "Bảng mọi chỉ tiêu" in whole and "Xu hướng theo tháng" in whole


def test_monthly_appendix_prints_on_two_a4_pages_at_most(site, tmp_path):
    out = Path(site["out_dir"])
    reader = _print(out / "phu_luc_thang.html", tmp_path)
    assert 1 <= len(reader.pages) <= 2
    texts = _check_a4(
        reader, "Tỉnh Hà Tĩnh · Phụ lục báo cáo tháng (bản in A4) · Năm 2022 · số liệu đến ngày 30/06/2022"
    )
    whole = "\n".join(texts)
    assert "Phụ lục báo cáo tháng 06/2022" in whole and "Chỉ tiêu chưa đạt" in whole
    assert "Danh mục báo cáo" not in whole
    # every target of the overview's scorecard is in the appendix (its codes, e.g. P2.1, TD.1)
    overview = Path(out / "tong_quan.html").read_text(encoding="utf-8")
    first_table = overview[overview.index("<tbody>") : overview.index("</tbody>")]
    codes = set(re.findall(r"<tr><td[^>]*>([A-Z]{1,3}[0-9.][0-9A-Za-z.]*)[ <]", first_table))
    missing = [c for c in codes if not re.search(re.escape(c) + r"(?![0-9.])", whole)]
    assert codes and not missing, missing


@pytest.mark.parametrize("unit", ["000.00.30.H27"])
def test_unit_page_prints_with_its_agency_in_the_heading(site, tmp_path, unit):
    u = next(x for x in site["units"] if x["ma_don_vi"] == unit)
    _check_a4(_print(Path(u["html"]), tmp_path), f"{u['ten_don_vi']} · Báo cáo đơn vị · Năm 2022")

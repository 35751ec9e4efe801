"""The unit pages as action sheets (notebooks/don_vi.py, issue 17) on the reports' fixture site
(tests/reports/fixture_data.py: as-of 30/06/2022; UBND huyện Cẩm Xuyên 000.00.30.H27 with two
communes, Sở Tư pháp 000.00.12.H27 and Sở Xây dựng 000.00.15.H27)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SECTIONS = [
    "Còn thiếu bao nhiêu để đạt từng chỉ tiêu",
    "Vị trí so với các đơn vị cùng loại",
    "Hồ sơ sắp đến hạn và quá hạn",
    "Hồ sơ theo lĩnh vực",
    "Đơn vị trực thuộc",
    "Diễn biến theo tháng so với ngưỡng",
    "Nhiệm vụ chưa hoàn thành",
    "Báo cáo định kỳ trễ hạn hoặc chưa nộp",
    "Biểu số 06/VPCP/KSTT của đơn vị",
]


def _unit_pages(site) -> dict[str, str]:
    return {
        Path(r["html"]).stem: Path(r["html"]).read_text(encoding="utf-8")
        for r in site["reports"]
        if r["slug"] == "don_vi"
    }


def test_every_unit_page_is_an_action_sheet(site):
    pages = _unit_pages(site)
    assert len(pages) == 3
    for name, html in pages.items():
        for s in SECTIONS:
            assert f"<h2>{s}" in html, (name, s)
        assert "trực thuộc trực thuộc" not in html, name
        # no blank cell: a missing value says "không có dữ liệu" (or why it does not apply)
        assert not re.search(r"<td[^>]*>\s*</td>", html), name


def test_district_page_gaps_rank_and_communes(site):
    html = _unit_pages(site)["don_vi_000_00_30_H27"]
    # P2.4a at the district: 55,0% against 100% → còn thiếu = ceil(1.0 × 20 − 11) = 9 dossiers
    assert re.search(r"P2\.4a[^<]*</td>.*?55,0%.*?100%.*?<td[^>]*>9 hồ sơ", html, re.S)
    assert "xếp thứ 1/1 huyện, thị xã, thành phố" in html
    # the communes ranked, no 100% line to fail every commune against
    assert "UBND xã Cẩm Bình" in html and "UBND xã Cẩm Nhượng" in html
    assert "Dưới ngưỡng" not in html
    # the due-soon and overdue counts name the inspections that list them
    assert "motcua sql --query ho_so_sap_den_han --param so_ngay=2 --param don_vi=000.00.30.H27" in html
    assert "motcua sql --query qua_han_dang_mo_theo_don_vi --param don_vi=000.00.30.H27" in html
    # its own Biểu 06 of the latest window closed at the as-of date 30/06/2022 (6 tháng, T = 14/06),
    # the file the site wrote beside the page
    assert 'href="bieu06_000.00.30.H27_6thang_2022.xlsx"' in html
    assert (Path(site["out_dir"]) / "bieu06_000.00.30.H27_6thang_2022.xlsx").exists()
    # trends are charts with their threshold line
    assert html.count("<svg") >= 3 and "Ngưỡng 100%" in html


@pytest.mark.parametrize("unit", ["don_vi_000_00_12_H27", "don_vi_000_00_15_H27"])
def test_department_pages_by_field(site, unit):
    html = _unit_pages(site)[unit]
    section = html[html.index("<h2>Hồ sơ theo lĩnh vực") : html.index("<h2>Đơn vị trực thuộc")]
    assert "<th>Lĩnh vực</th>" in section and "<th>Tỷ lệ đúng hạn</th>" in section
    assert "không có đơn vị trực thuộc trong danh mục" in html


def test_overview_carries_the_early_warning(site):
    html = Path(site["out_dir"], "tong_quan.html").read_text(encoding="utf-8")
    assert "<h2>Cảnh báo sớm: hồ sơ sắp đến hạn" in html
    # as-of Thu 30/06/2022, N = 2: Fri 01/07 and Mon 04/07 are the next two working days
    assert re.search(
        r"Cảnh báo sớm: [\d.]+ hồ sơ đang mở có hẹn trả trong 2 ngày làm việc tới \(từ 30/06/2022 đến hết 04/07/2022\)",
        html,
    )
    assert "motcua sql --query ho_so_sap_den_han --param so_ngay=2" in html

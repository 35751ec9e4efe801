"""Every notebook executes on a small warehouse and becomes a static, offline HTML page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pipelines.reports.render import (
    REPORTS,
    KernelRunner,
    complete_windows,
    render_notebook,
    report_units,
)
from pipelines.settings import connect

CDN = re.compile(
    r"""(<script[^>]+src=["']?https?:|<link[^>]+href=["']?https?:|cdn\.jsdelivr|unpkg\.com|cdnjs|"""
    r"""requirejs|require\.min\.js|mathjax|@jupyter-widgets)""",
    re.I,
)
URL = re.compile(r"https?://[^\s\"'<>)]+")
ALLOWED_URLS = ("http://www.w3.org/",)


def _pages(site):
    return [Path(r["html"]) for r in site["reports"]]


def test_every_report_rendered_without_errors(site):
    assert site["errors"] == []
    slugs = {r["slug"] for r in site["reports"]}
    assert slugs == {r.slug for r in REPORTS}
    assert len([r for r in site["reports"] if r["slug"] == "don_vi"]) == 3  # 1 district + 2 departments
    for r in site["reports"]:
        assert r["ok"], r
        html = Path(r["html"]).read_text(encoding="utf-8")
        assert "Traceback" not in html and "jp-OutputArea-output" in html
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html
    # progress callback reported every step
    assert site["_progress"][-1][0] == site["_progress"][-1][1]


def test_pages_are_offline_and_hide_code(site):
    for p in _pages(site) + [Path(site["index"]), Path(site["dictionary"])]:
        html = p.read_text(encoding="utf-8")
        assert not CDN.search(html), (p.name, CDN.search(html).group(0))
        assert "<script" not in html, p.name
        urls = [u for u in URL.findall(html) if not u.startswith(ALLOWED_URLS)]
        assert urls == [], (p.name, urls[:5])
        assert "import pandas" not in html and "nb.Ctx(" not in html and "jp-InputArea" not in html, p.name
        assert "db_path" not in html, p.name  # parameters cells are not shown


def test_pages_start_with_summary_and_end_with_readme(site):
    for p in _pages(site):
        html = p.read_text(encoding="utf-8")
        assert html.index("<h1>") < html.index('class="summary"'), p.name
        for heading in ("Định nghĩa", "Phương pháp", "Nguồn dữ liệu"):
            assert f"<h3>{heading}</h3>" in html, (p.name, heading)
        # every chart carries a sentence saying what it shows
        assert html.count("<figure") == html.count("<figcaption>"), p.name


def test_charts_are_inline_svg_in_vietnamese_format(site):
    html = Path(site["out_dir"], "tong_quan.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 2
    assert 'font-family="DejaVu Sans"' in html
    assert re.search(r">\d{1,3},\d%", html)  # 96,5% in SVG labels and tables
    assert not re.search(r">\d{1,3}\.\d%<", html)  # never 96.5%
    assert "Không có dữ liệu" in html or "Chưa đạt" in html
    assert re.search(r"\d{2}/\d{2}/\d{4}", html)  # dates dd/mm/yyyy
    assert "Còn thiếu bao nhiêu" in html and "<th>Còn thiếu</th>" in html


def test_index_links_everything(site):
    index = Path(site["index"]).read_text(encoding="utf-8")
    out = Path(site["out_dir"])
    links = re.findall(r'href="([^"#]+)"', index)
    for link in links:
        assert (out / link).exists(), link
    for r in site["reports"]:
        assert Path(r["html"]).name in links
    assert "30/06/2022" in index  # as-of date
    assert any(link.endswith(".xlsx") for link in links)
    assert [f["label"] for f in site["bieu06"]] == ["Quý I/2022", "6 tháng/2022"]  # complete windows at 30/06
    assert "tu_dien_du_lieu.html" in links


def test_data_dictionary_uses_db_comments(site):
    html = Path(site["dictionary"]).read_text(encoding="utf-8")
    assert 'id="metric_values"' in html and 'id="plan_scorecard"' in html and 'id="load_summary"' in html
    assert "Mã chỉ số" in html  # a column comment from the models' metadata


def test_quality_page_shows_run_checks(site):
    html = Path(site["out_dir"], "chat_luong.html").read_text(encoding="utf-8")
    # the run's check by its words: a check without a title in sql/ by its description's
    # words, its severity in Vietnamese, never its name nor `warn`
    assert "<td>Ngày hẹn trả trước ngày tiếp nhận</td><td>Cảnh báo</td>" in html
    assert "ngay_hen_tra_truoc_tiep_nhan" not in html and ">warn<" not in html
    assert "Đối chiếu với số tự báo cáo" in html


def test_unit_page_ranks_communes(site):
    html = Path(site["out_dir"], "don_vi_000_00_30_H27.html").read_text(encoding="utf-8")
    assert "UBND huyện Cẩm Xuyên" in html
    assert "UBND xã Cẩm Bình" in html and "UBND xã Cẩm Nhượng" in html


def test_site_swapped_in_atomically(site):
    out = Path(site["out_dir"])
    assert out.is_dir() and not out.with_name(out.name + ".building").exists()
    assert not (out / "_ipynb").exists()  # executed notebooks dropped when every page rendered
    assert all(Path(f["xlsx"]).parent == out for f in site["bieu06"])


def test_failing_notebook_gives_a_page_and_an_error(fixture_db, tmp_path):
    nbdir = tmp_path / "nbs"
    nbdir.mkdir()
    (nbdir / "hong.py").write_text(
        '# %% tags=["parameters"]\ndb_path = ""\nperiod = ""\nas_of = ""\nlevel = ""\nma_don_vi = ""\n\n'
        '# %%\nprint("trước lỗi")\n\n# %%\n1 / 0\n',
        encoding="utf-8",
    )
    runner = KernelRunner(timeout=120)
    try:
        res = render_notebook(
            "hong", fixture_db, tmp_path / "hong.html", {"period": "2022"}, "Hỏng", notebooks_dir=nbdir, runner=runner
        )
        again = render_notebook(
            "hong", fixture_db, tmp_path / "hong2.html", {"period": "2022"}, "Hỏng", notebooks_dir=nbdir, runner=runner
        )  # the same kernel is reusable
    finally:
        runner.close()
    assert not res["ok"] and any("ZeroDivisionError" in e for e in res["errors"])
    assert not again["ok"]
    html = (tmp_path / "hong.html").read_text(encoding="utf-8")
    assert "trước lỗi" in html and "ZeroDivisionError" in html


def test_report_units_are_districts_and_departments():
    con = connect()
    con.execute(
        "CREATE TABLE dim_agency (ma_don_vi VARCHAR, ten_don_vi VARCHAR, level VARCHAR, loai VARCHAR, "
        "ma_don_vi_cha VARCHAR, ma_dvhc VARCHAR)"
    )
    con.execute("""INSERT INTO dim_agency VALUES
        ('000.00.00.H27', 'UBND tỉnh Hà Tĩnh', 'tinh', NULL, NULL, NULL),
        ('000.00.12.H27', 'Sở Tư pháp', 'tinh', NULL, '000.00.00.H27', NULL),
        ('000.10.00.H27', 'UBND Huyện Cẩm Xuyên', 'huyen', NULL, '000.00.00.H27', NULL),
        ('000.10.01.H27', 'Phòng Tư pháp huyện Cẩm Xuyên', 'huyen', NULL, '000.10.00.H27', NULL),
        ('001.10.01.H27', 'UBND xã Cẩm Bình', 'xa', NULL, '000.10.00.H27', NULL),
        ('000.00.90.H27', 'Công an tỉnh', 'tw', NULL, NULL, NULL)""")
    names = [u["ten_don_vi"] for u in report_units(con)]
    assert names == ["UBND Huyện Cẩm Xuyên", "Sở Tư pháp"]
    assert [w[0] for w in complete_windows(date(2022, 9, 14))] == ["Quý I/2022", "6 tháng/2022", "Quý III/2022"]
    assert complete_windows(date(2022, 3, 13)) == []

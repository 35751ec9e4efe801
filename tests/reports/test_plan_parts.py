"""The page "Kế hoạch theo phần" (notebooks/ke_hoach.py): the plan's own headings in order, each
target with its words and its lead agencies, and the units that have not delivered a milestone
or a count, named (communes under their district); the pages pick targets without id prefixes.

Read from the session site of tests/reports/conftest.py (the fixture warehouse: plans/hatinh-2022.yaml,
as of 30/06/2022, page period 2022). Its agencies: Sở Tư pháp, Sở Xây dựng (DONVI type "so", not
"Sở, ban, ngành"), UBND huyện Cẩm Xuyên, its communes Cẩm Bình and Cẩm Nhượng, Công an tỉnh (tw).
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from pipelines.reports import nb
from pipelines.settings import NOTEBOOKS_DIR, connect

PAGE = "ke_hoach.html"


def _page(site) -> str:
    return html.unescape(Path(site["out_dir"], PAGE).read_text(encoding="utf-8"))


def test_the_page_is_made_of_the_plans_sections(site, fixture_db):
    page = _page(site)
    con = connect(fixture_db, read_only=True)
    try:
        sections = con.execute("SELECT section_id, title FROM plan_sections ORDER BY sort_order").fetchall()
        targets = con.execute(
            "SELECT target_id, text, chu_tri, section_id FROM plan_targets ORDER BY sort_order"
        ).fetchall()
    finally:
        con.close()
    # the decision's 8 headings (Phụ lục I, I–VII, then Phụ lục II), in the plan's order, then
    # the indicator TD.1, which is in no section
    ids, titles = [i for i, _ in sections], [t for _, t in sections]
    assert len(titles) == 8
    positions = [page.index(f">{t}</h2>") for t in [*titles, nb.INDICATORS_TITLE]]
    assert positions == sorted(positions)
    # every target under its heading, with its words and its declared lead agencies
    for tid, text, chu_tri, section_id in targets:
        at = page.index(f">{tid} ")
        heading = ids.index(section_id) if section_id else len(titles)
        assert positions[heading] < at and (heading + 1 == len(positions) or at < positions[heading + 1]), tid
        assert text in page, tid
        if chu_tri:
            assert f"Cơ quan chủ trì: {chu_tri} (" in page, tid
    # P2.7 is led by the Văn phòng UBND tỉnh, which the fixture's agency list does not have: shown, 0 agencies
    assert "Cơ quan chủ trì: Văn phòng UBND tỉnh (0 đơn vị trong danh mục)" in page


def test_the_page_names_the_units_that_have_not_delivered(site):
    page = _page(site)
    # P1.I.1 (milestone due 31/03/2022), led by "Sở, ban, ngành" (no fixture agency has that
    # type), tw, huyen, xa: the register has no P1.I.1 row, so in 2022 (E = 30/06) Công an tỉnh,
    # UBND huyện Cẩm Xuyên and its two communes have not delivered; the communes under their district
    part = page[page.index(">P1.I.1 ") : page.index(">P1.I.2 ")]
    assert "Đơn vị chưa thực hiện trong kỳ Năm 2022 (4):" in part
    assert "chưa có nhiệm vụ này trong sổ theo dõi nhiệm vụ (4): Công an tỉnh; UBND huyện Cẩm Xuyên" in re.sub(
        r"<[^>]+>", "", part
    ) or "chưa có nhiệm vụ này trong sổ theo dõi nhiệm vụ (4): UBND huyện Cẩm Xuyên; Công an tỉnh" in re.sub(
        r"<[^>]+>", "", part
    )
    assert "<i>UBND huyện Cẩm Xuyên</i>: UBND xã Cẩm Bình, UBND xã Cẩm Nhượng" in part
    # P2.7 (due 30/06): its one register row, Sở Tư pháp's, was done on 30/05 before its
    # deadline, and its lead is no agency of the list: nobody has not delivered
    part = page[page.index(">P2.7 ") : page.index(">P2.8 ")]
    assert "Không có đơn vị chủ trì hoặc được giao nào chưa thực hiện trong kỳ." in part
    # P2.8 is due 31/12/2022, after the as-of date
    part = page[page.index(">P2.8 ") : page.index(">P2.9a ")]
    assert "Chưa đến hạn (31/12/2022)" in part


def test_no_page_picks_targets_by_id_prefix():
    # the parts come from the plan (plan_sections); the themed pages from the metric's report
    # section (dim_metric): no target id, id prefix or annex name is typed into a page
    sources = [*NOTEBOOKS_DIR.glob("*.py"), *Path(nb.__file__).parent.glob("*.py")]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"['\"]P[12][.'\"%]", r"section_prefix", r"target_id LIKE", r"Phụ lục I"):
            assert not re.search(pattern, text), (path.name, pattern)


NO_SECTIONS = """\
plan:
  id: no-sections-2022
  year: 2022
targets:
  - id: M.1
    text: "Tập huấn nghiệp vụ một cửa"
    kind: milestone
    due: 2022-03-31
    chu_tri: [huyen, xa]
indicators:
  - id: I.1
    text: "Tỷ lệ hồ sơ trực tuyến"
    metric: online_dossier_rate
"""


@pytest.mark.slow
def test_a_plan_without_sections_is_one_part(tmp_path):
    # no `sections:`: the targets are one part "Mục tiêu", the indicator another; the page shows
    # them and names M.1's leads (a district and its commune, no register row: not delivered)
    from pipelines.reports.render import KernelRunner, render_notebook
    from tests.warehouse.helpers import agency, build_from_records

    h, x = "000.01.00.H27", "000.01.01.H27"
    (tmp_path / "p.yaml").write_text(NO_SECTIONS, encoding="utf-8")
    con = build_from_records(
        tmp_path,
        {"donvi": [agency(h, "huyen", "UBND huyện Một"), agency(x, "xa", "UBND xã Một", ma_don_vi_cha=h)]},
        as_of=date(2022, 6, 30),
        plan_paths=[tmp_path / "p.yaml"],
    )
    db = Path(con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0])
    con.close()
    ctx = nb.Ctx(db, "2022")
    try:
        assert list(ctx.sections()["title"]) == [nb.NO_SECTION_TITLE, nb.INDICATORS_TITLE]
        assert list(ctx.section_targets(nb.NO_SECTION)["target_id"]) == ["M.1"]
        assert list(ctx.section_targets(nb.INDICATORS_SECTION)["target_id"]) == ["I.1"]
    finally:
        ctx.close()
    runner = KernelRunner()
    try:
        res = render_notebook("ke_hoach", db, tmp_path / "p.html", {"period": "2022"}, "p", runner=runner)
    finally:
        runner.close()
    assert res["ok"], res["errors"]
    page = html.unescape((tmp_path / "p.html").read_text(encoding="utf-8"))
    assert page.index(f">{nb.NO_SECTION_TITLE}</h2>") < page.index(">M.1 ") < page.index(f">{nb.INDICATORS_TITLE}</h2>")
    assert "Cơ quan chủ trì: Cấp huyện; Cấp xã (2 đơn vị trong danh mục)" in page
    assert "<i>UBND huyện Một</i>: UBND xã Một" in page

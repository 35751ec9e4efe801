"""Words everywhere (issue 17): every page of the site rendered once from the report fixture
(the session fixture `site`) is read as a person reads it, its visible text, and fails on a raw
code shown as such, a target id not followed by its name, a "trực thuộc trực thuộc"-style
repetition, or a unit page without data.

The codes come from the warehouse itself: level codes (dim_level), field-group keys
(plan_field_groups), activity codes (plan_targets.activity), status codes, check ids (of
sql/ and of the checks the fixture's run hands to the data-quality page) and severities.
Two exclusions, on purpose: the level code `xa` is also the Vietnamese word "xa" (far, as in
"xa ngưỡng nhất"), and the data dictionary (tu_dien_du_lieu.html) is the inspectors' reference
of the codes themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.reports.words import Words
from pipelines.settings import connect
from pipelines.warehouse.models import check_titles
from tests.reports.page_words import raw_codes, repetitions, unnamed_ids, visible_text

NOT_CODES = {"xa"}  # also a Vietnamese word ("far")
CODE_PAGES_EXEMPT = {"tu_dien_du_lieu.html"}
STATUSES = {"dat", "chua_dat", "khong_co_du_lieu", "chua_den_han", "theo_doi"}


@pytest.fixture(scope="module")
def words_of_db(fixture_db, site):
    con = connect(fixture_db, read_only=True)
    try:
        codes = {r[0] for r in con.execute("SELECT level FROM dim_level").fetchall()}
        codes |= {r[0] for r in con.execute("SELECT DISTINCT group_key FROM plan_field_groups").fetchall()}
        codes |= {
            r[0]
            for r in con.execute("SELECT DISTINCT activity FROM plan_targets WHERE activity IS NOT NULL").fetchall()
        }
        names = Words(con).targets
    finally:
        con.close()
    codes |= STATUSES | set(check_titles()) | {"warn", "fail"}
    codes |= {"ngay_hen_tra_truoc_tiep_nhan"}  # the check the fixture's run hands to the page
    return codes - NOT_CODES, names


def _pages(site) -> list[Path]:
    pages = sorted(Path(site["out_dir"]).glob("*.html"))
    assert len(pages) >= 10  # six reports, the unit pages, index, dictionary, definitions
    return pages


def test_the_scanners_find_what_they_look_for():
    page = (
        "<html><head><title>P2.1</title><style>.dat{}</style></head><body>"
        "<p>Nhóm dat_dai chưa đạt</p><td>P2.1</td><td>70% hồ sơ luân chuyển</td>"
        "<p>P2.2 theo cấp</p><text>P2.4a 100% hồ sơ cập…</text>"
        "<p>Xếp hạng đơn vị trực thuộc trực thuộc</p></body></html>"
    )
    nodes = visible_text(page)
    assert "P2.1" not in nodes[:1] and ".dat{}" not in nodes  # head and style are not read
    assert raw_codes(nodes, {"dat_dai", "dat"}) == [("dat_dai", "Nhóm dat_dai chưa đạt")]
    names = {"P2.1": "70% hồ sơ luân chuyển", "P2.2": "Số hóa kết quả", "P2.4a": "100% hồ sơ cập nhật trên phần mềm"}
    # P2.1 is followed by its name in the next cell, P2.4a by its name cut with "…", P2.2 is not
    assert [tid for tid, _ in unnamed_ids(nodes, names)] == ["P2.2"]
    assert repetitions(nodes) == ["trực thuộc trực thuộc"]


def test_no_page_shows_a_raw_code(site, words_of_db):
    codes, _ = words_of_db
    found = {
        p.name: raw_codes(visible_text(p.read_text(encoding="utf-8")), codes)
        for p in _pages(site)
        if p.name not in CODE_PAGES_EXEMPT
    }
    assert {k: v[:5] for k, v in found.items() if v} == {}


def test_every_target_id_shown_is_followed_by_its_name(site, words_of_db):
    _, names = words_of_db
    assert names["P2.1"] == "70% hồ sơ luân chuyển nội bộ bằng phương thức điện tử"  # the plan's short_name
    found = {
        p.name: unnamed_ids(visible_text(p.read_text(encoding="utf-8")), names)
        for p in _pages(site)
        if p.name not in CODE_PAGES_EXEMPT
    }
    assert {k: v[:5] for k, v in found.items() if v} == {}


def test_no_word_is_repeated(site):
    found = {p.name: repetitions(visible_text(p.read_text(encoding="utf-8"))) for p in _pages(site)}
    found.pop("tu_dien_du_lieu.html", None)  # column comments quote codes side by side
    assert {k: v for k, v in found.items() if v} == {}


def test_every_unit_page_has_data(site):
    units = site["units"]
    assert len(units) >= 3  # two departments and a district in the fixture
    for u in units:
        page = Path(u["html"]).read_text(encoding="utf-8")
        text = " ".join(visible_text(page))
        assert "chưa có số liệu chỉ tiêu" not in text, u["ma_don_vi"]
        # a data section: a table with at least one body row holding a percentage
        bodies = re.findall(r"<tbody>(.*?)</tbody>", page, flags=re.S)
        assert any(re.search(r"<td[^>]*>[^<]*\d+,\d%", b) for b in bodies), u["ma_don_vi"]


CODED_PHRASE = re.compile(
    r"(kênh nộp|trạng thái|hình thức trả kết quả|kết quả số hóa|cấp)\s*(=|là)?\s*\d+\b(?! ?%)", re.I
)


def test_definitions_are_plain_words_linked_to_the_sites_definitions_page(site):
    out = Path(site["out_dir"])
    defs = (out / "dinh_nghia.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<h2 id="([^"]+)"', defs))
    assert "online_dossier_rate" in anchors and "on_time_resolution_rate" in anchors
    # the definitions say what the codes mean: "nộp trực tuyến", not "kênh nộp = 2"
    text = " ".join(visible_text(defs))
    assert "được nộp trực tuyến" in text
    assert CODED_PHRASE.findall(text) == []
    linked = 0
    for p in _pages(site):
        if p.name in CODE_PAGES_EXEMPT:
            continue
        page = p.read_text(encoding="utf-8")
        # no page cites a file of the repository (docs/metrics.md): it links the site's page
        assert not re.search(r"\b[\w-]+\.md\b", " ".join(visible_text(page))), p.name
        for anchor in re.findall(r'href="dinh_nghia\.html#([^"]+)"', page):
            assert anchor in anchors, (p.name, anchor)
            linked += 1
    assert linked >= 20  # every report's README block links its metrics
